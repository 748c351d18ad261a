// Builds what runs: the server bundled by esbuild into dist/server (`server`), and the page
// by Vite into dist/web (`page`). `npm start` bundles the server itself (the esbuild
// command at the head of its script: the esbuild binary starts faster than this file) and
// builds the page on its first start (server/http/page-build.ts); `npm pack` runs this
// file with no argument (prepack): a clean dist/server, then both.
//
// Usage: node scripts/build.mjs [server] [page]   (no argument: a clean build of both)

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The server's bundle is made exactly as `npm start` makes it: with its esbuild command.
 * Each entry is a file of dist/server and code they share goes into chunks beside them, so
 * `new URL('./worker.js', import.meta.url)` and the page's folder (two levels up) resolve
 * alike from any of them. Runtime dependencies stay outside (see package.json).
 */
function esbuildCommand() {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const command = pkg.scripts.start.split(' && ')[0];
  if (!command.startsWith('esbuild ')) throw new Error('npm start no longer starts with esbuild');
  return command;
}

function run(command, args, env = {}) {
  const bin = path.join(ROOT, 'node_modules/.bin');
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
    stdio: 'inherit',
    shell: args.length === 0,
  });
  if (result.status !== 0) throw new Error(`${command} exited with ${result.status}`);
}

/**
 * `outdir` (under dist/, so that the page is still two levels up) lets the tests run a
 * bundle of their own that no other test rewrites while it runs.
 */
export function buildServer({ clean = false, outdir = 'dist/server' } = {}) {
  // Chunks are named by content hash, so old ones pile up; a package must not carry them.
  if (clean) rmSync(path.join(ROOT, outdir), { recursive: true, force: true });
  const command = esbuildCommand();
  if (!command.includes(' --outdir=dist/server ')) throw new Error('npm start moved its bundle');
  run(command.replace(' --outdir=dist/server ', ` --outdir=${outdir} `), []);
}

/** NODE_ENV=production: inherited from a test runner, Vite would ship React's dev build. */
export function buildPage() {
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  run(process.execPath, [vite, 'build', '--logLevel', 'warn'], { NODE_ENV: 'production' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const parts = process.argv.slice(2);
  for (const part of parts) {
    if (part !== 'server' && part !== 'page') {
      console.error(`build: unknown part "${part}" (server, page)`);
      process.exit(2);
    }
  }
  const all = parts.length === 0;
  if (all || parts.includes('server')) buildServer({ clean: all });
  if (all || parts.includes('page')) buildPage();
}
