// Pinning for the throughput runs: the server under test gets one core to itself and the
// harness (load generator, viewers) the other. On a 2-core machine the scheduler otherwise
// moves them about, and a ratio then says as much about where each process happened to
// land as about the work the server does per message. Bare and Echo Lab are pinned alike.

import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';

export const SERVER_CPUS = '0';
export const HARNESS_CPUS = '1';

/** Sets the CPUs of a process and all its threads; false where taskset is missing or fails. */
export function pin(pid: number | undefined, cpus: string): Promise<boolean> {
  if (pid === undefined || process.platform !== 'linux' || os.availableParallelism() < 2) {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    execFile('taskset', ['-a', '-c', '-p', cpus, String(pid)], (err) => resolve(!err));
  });
}

/** Every CPU again, as the process had before it was pinned. */
export const unpin = (pid: number | undefined): Promise<boolean> =>
  pin(pid, `0-${os.cpus().length - 1}`);

/**
 * The lowest CPU priority for a process of the harness. The viewers stand for students'
 * browsers on other machines, yet here they share a core with the load generator, which
 * is flat out during a throughput run: at normal priority the events they decode at the
 * start of each Echo Lab run slowed the load, and so Echo Lab's figure, but never bare's.
 * Niced, they take the core only when the load generator waits. There is no undoing it
 * without privileges, and it only matters while something else wants that core.
 */
export function lowestPriority(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    // Linux keeps a priority per thread, and the pid names only the main one. V8's helper
    // threads (garbage collection, compiling) used more than half of the viewers' CPU time,
    // by /proc, and had stayed at the load generator's priority.
    for (const tid of threadsOf(pid)) os.setPriority(tid, os.constants.priority.PRIORITY_LOW);
    return true;
  } catch {
    return false;
  }
}

/** The ids of a process's threads (Linux); elsewhere the pid, which stands for all. */
function threadsOf(pid: number): number[] {
  if (process.platform !== 'linux') return [pid];
  return readdirSync(`/proc/${pid}/task`).map(Number);
}
