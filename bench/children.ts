// Starting, talking to and always stopping the bench's child processes. Every child is
// tracked from the moment it is spawned; an 'exit' hook kills whatever is left, so a
// crash or Ctrl-C never leaves a server or a load generator running on a shared machine.

import { fork, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hello, Reply } from './ipc.ts';
import { withTimeout } from './stats.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Children still running; `group` ones lead a process group (npm start and its node). */
const live = new Map<ChildProcess, { group: boolean }>();

function killNow(child: ChildProcess, group: boolean): void {
  try {
    if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // Already gone.
  }
}

process.on('exit', () => {
  for (const [child, { group }] of live) killNow(child, group);
});

function track(child: ChildProcess, group: boolean): void {
  live.set(child, { group });
  child.once('exit', () => live.delete(child));
}

/** Waits for a child to exit, killing it (and its group) if it takes longer than `ms`. */
export async function ensureExit(child: ChildProcess, ms = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = setTimeout(() => killNow(child, live.get(child)?.group ?? false), ms);
  await exited;
  clearTimeout(timer);
}

/** Spawns a command in its own process group, so it can be stopped with all it started. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  track(child, true);
  return child;
}

/** Sends `signal` to a spawned group, ignoring a group that has already gone. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export interface ForkOptions {
  /** Extra node flags, e.g. --expose-gc or --cpu-prof. */
  nodeFlags?: string[];
  startTimeoutMs?: number;
}

/**
 * A TypeScript child (run with tsx) that answers typed requests: `J` is the union of its
 * jobs, `R` maps each job type to its result.
 */
export class Child<J extends { type: string }, R extends Record<J['type'], unknown>, Ready> {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(
    private readonly proc: ChildProcess,
    readonly ready: Ready,
    readonly name: string,
  ) {
    proc.on('message', (message) => {
      const reply = message as Reply;
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
    proc.once('exit', (code, signal) => {
      for (const answer of this.waiting.values()) {
        answer({ id: 0, ok: false, error: `${name} exited (${code ?? signal})` });
      }
      this.waiting.clear();
    });
  }

  static async start<J extends { type: string }, R extends Record<J['type'], unknown>, Ready>(
    script: string,
    args: string[],
    options: ForkOptions = {},
  ): Promise<Child<J, R, Ready>> {
    const name = `${path.basename(script, '.ts')} ${args.join(' ')}`.trim();
    const proc = fork(path.join(ROOT, 'bench', script), args, {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
      // The children report over IPC; their stderr stays visible for crashes.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    track(proc, false);
    const hello = new Promise<Hello>((resolve, reject) => {
      proc.once('message', (m) => resolve(m as Hello));
      proc.once('exit', (code) => reject(new Error(`${name} exited with ${code} on start`)));
    });
    try {
      const first = await withTimeout(hello, options.startTimeoutMs ?? 30_000, name);
      if ('failed' in first) throw new Error(`${name}: ${first.failed}`);
      return new Child<J, R, Ready>(proc, first.ready as Ready, name);
    } catch (err) {
      proc.kill('SIGKILL');
      throw err;
    }
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  request<K extends J['type']>(job: Extract<J, { type: K }>, timeoutMs = 60_000): Promise<R[K]> {
    const id = this.nextId++;
    const answer = new Promise<R[K]>((resolve, reject) => {
      this.waiting.set(id, (reply) =>
        reply.ok ? resolve(reply.result as R[K]) : reject(new Error(reply.error)),
      );
    });
    this.proc.send({ id, job });
    return withTimeout(answer, timeoutMs, `${this.name}: ${job.type}`);
  }

  /** Disconnecting makes the child exit on its own (writing its --cpu-prof); then force. */
  async stop(): Promise<void> {
    if (this.proc.connected) this.proc.disconnect();
    await ensureExit(this.proc, 5_000);
  }
}
