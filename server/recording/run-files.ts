import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { RunFile } from './run-api.ts';

/**
 * One file per run: "run-2026-12-06T12-40-05.123Z-4242-1.jsonl" (UTC start, pid, and a
 * count within the process). Names sort in the order runs started, so the oldest are the
 * first to go; nothing else in the folder is ever listed, read or deleted.
 */
const RUN_NAME = /^run-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z-\d{1,10}-\d{1,6}\.jsonl$/;

export const isRunName = (name: string): boolean => RUN_NAME.test(name);

let made = 0;

export function newRunName(now = new Date(), pid = process.pid): string {
  made += 1;
  return `run-${now.toISOString().replace(/:/g, '-')}-${pid}-${made}.jsonl`;
}

/** The runs in `dir`, newest first; an absent folder has none. */
export async function listRuns(dir: string): Promise<RunFile[]> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const runs: RunFile[] = [];
  for (const name of names.filter(isRunName).sort().reverse()) {
    // A run deleted between the listing and now is simply not listed.
    const stat = await fsp.stat(path.join(dir, name)).catch(() => null);
    if (stat?.isFile()) {
      runs.push({ name, bytes: stat.size, modifiedAt: stat.mtime.toISOString() });
    }
  }
  return runs;
}

/** Deletes the oldest runs so that at most `keep` remain; returns the names deleted. */
export async function pruneRuns(dir: string, keep: number): Promise<string[]> {
  const runs = await listRuns(dir);
  const gone = runs.slice(Math.max(0, keep)).map((r) => r.name);
  for (const name of gone) await fsp.rm(path.join(dir, name), { force: true });
  return gone;
}
