import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PAGE_DIR = path.join(ROOT, 'dist/web');
const SOURCES = ['web', 'shared', 'vite.config.ts', 'package-lock.json'];

async function newestChange(file: string): Promise<number> {
  const info = await stat(file).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const names = await readdir(file);
  const times = await Promise.all(names.map((name) => newestChange(path.join(file, name))));
  return Math.max(info.mtimeMs, ...times);
}

/** Whether the built page is missing or older than any of its sources. */
export async function pageIsStale(): Promise<boolean> {
  const built = await newestChange(path.join(PAGE_DIR, 'index.html'));
  if (built === 0) return true;
  const times = await Promise.all(SOURCES.map((s) => newestChange(path.join(ROOT, s))));
  return Math.max(...times) > built;
}

/**
 * Builds the page with Vite when it is missing or stale, so `npm install && npm start`
 * just works; returns whether it built. The build runs in its own process with
 * NODE_ENV=production: inherited from a test runner (NODE_ENV=test) it would ship
 * React's development build, several times slower under load.
 */
export async function ensurePageBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  if (!(await pageIsStale())) return false;
  log('Building the page (first start, or the sources changed)...');
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`building the page failed (vite exited with ${code})`);
  return true;
}
