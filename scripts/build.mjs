// Builds what runs: the server bundled by esbuild into dist/server (`server`), and the page
// by Vite into dist/web (`page`). `npm start` builds the server only (the page is built on
// its first start, see server/http/page-build.ts); `npm pack` builds both (prepack).
//
// Usage: node scripts/build.mjs [server] [page]   (no argument: both)

import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Each entry is a file of dist/server; code they share goes into chunks beside them, so
 * `new URL('./worker.js', import.meta.url)` and the page's folder (two levels up) resolve
 * alike from any of them.
 */
const ENTRIES = {
  main: 'server/main.ts',
  worker: 'server/echo-thread/worker.ts',
  client: 'server/client/main.ts',
};

export async function buildServer() {
  const { metafile } = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node20.19',
    format: 'esm',
    // Runtime dependencies are installed beside the package (see package.json); vite is
    // only imported by --dev, which needs the repository anyway.
    packages: 'external',
    outdir: 'dist/server',
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    logLevel: 'warning',
    metafile: true,
  });
  // Chunks are named by content hash: old ones would pile up in the package. They go after
  // the new build is written, never leaving a moment with no main.js (tests start it).
  const outdir = path.join(ROOT, 'dist/server');
  const fresh = new Set(Object.keys(metafile.outputs).map((file) => path.join(ROOT, file)));
  for (const name of readdirSync(outdir)) {
    const file = path.join(outdir, name);
    if (!fresh.has(file)) rmSync(file, { recursive: true, force: true });
  }
}

/** NODE_ENV=production: inherited from a test runner, Vite would ship React's dev build. */
export function buildPage() {
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`vite build exited with ${result.status}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const parts = process.argv.slice(2);
  const all = parts.length === 0;
  for (const part of parts) {
    if (part !== 'server' && part !== 'page') {
      console.error(`build: unknown part "${part}" (server, page)`);
      process.exit(2);
    }
  }
  if (all || parts.includes('server')) await buildServer();
  if (all || parts.includes('page')) buildPage();
}
