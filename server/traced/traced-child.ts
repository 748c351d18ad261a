import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, constants } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../http/page-build.ts';
import type { OutputStream } from '../../shared/traced.ts';
import { STRACE_ARGS } from './strace-lines.ts';

/** The Python tracer's folder; the package ships it at the same place as the repository. */
const TRACER_DIR = path.join(ROOT, 'server/traced/python');

export interface ChildHandlers {
  /** A chunk of strace's trace. */
  trace(text: string): void;
  /** A chunk of the Python tracer's messages (JSON lines). */
  tracer(text: string): void;
  output(stream: OutputStream, text: string): void;
  exit(code: number | null, signal: string | null): void;
}

/** A FIFO read without blocking a thread: opened read-write, so it never sees an end either. */
function readFifo(file: string, onText: (text: string) => void): net.Socket | null {
  if (spawnSync('mkfifo', ['-m', '600', file]).status !== 0) return null;
  const fd = openSync(file, constants.O_RDWR | constants.O_NONBLOCK);
  const socket = new net.Socket({ fd, readable: true, writable: false });
  socket.setEncoding('latin1');
  socket.on('data', onText);
  socket.on('error', () => socket.destroy());
  return socket;
}

/**
 * The student's program, started as its own process group (under strace when `strace`),
 * with the Python tracer on its path. Its pid is the program's, not strace's.
 */
export class TracedChild {
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'echo-lab-run-'));
  private readonly fifos: net.Socket[] = [];
  private readonly process: ChildProcess;
  private exited = false;
  readonly tracing: boolean;
  /** Whether the Python tracer has a channel to report on (a FIFO: not on Windows). */
  readonly tracerChannel: boolean;

  constructor(command: readonly string[], cwd: string, strace: boolean, on: ChildHandlers) {
    const straceOut = strace ? readFifo(path.join(this.dir, 'strace'), on.trace) : null;
    const tracerFile = path.join(this.dir, 'tracer');
    const tracerIn = readFifo(tracerFile, on.tracer);
    for (const fifo of [straceOut, tracerIn]) if (fifo) this.fifos.push(fifo);
    this.tracing = straceOut !== null;
    this.tracerChannel = tracerIn !== null;
    const [program = '', ...args] = command;
    const argv = straceOut
      ? ['strace', [...STRACE_ARGS, '-o', path.join(this.dir, 'strace'), '--', program, ...args]]
      : [program, args];
    const env = {
      ...process.env,
      PYTHONPATH: [TRACER_DIR, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
      PYTHONUNBUFFERED: '1',
      ...(tracerIn ? { ECHO_LAB_TRACE: tracerFile } : {}),
    };
    this.process = spawn(argv[0] as string, argv[1] as string[], {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process.stdout?.setEncoding('utf8').on('data', (t: string) => on.output('stdout', t));
    this.process.stderr?.setEncoding('utf8').on('data', (t: string) => on.output('stderr', t));
    this.process.on('error', () => undefined);
    this.process.on('exit', (code, signal) => {
      this.exited = true;
      // What strace wrote last is still in the FIFO: read it before saying the program ended.
      setTimeout(() => {
        this.cleanUp();
        on.exit(code, signal);
      }, 50);
    });
  }

  /**
   * The program's pid: when traced, strace's child once it has run the program (strace
   * forks short-lived probes of its own first, and the child is strace until its exec).
   */
  async programPid(): Promise<number> {
    const own = this.process.pid ?? 0;
    if (!this.tracing) return own;
    const read = (file: string): string => {
      try {
        return readFileSync(file, 'latin1');
      } catch {
        return '';
      }
    };
    const straceLine = read(`/proc/${own}/cmdline`);
    for (let i = 0; i < 200 && !this.exited; i++) {
      const children = read(`/proc/${own}/task/${own}/children`).trim().split(/\s+/);
      for (const child of children.map(Number).filter((n) => n > 0)) {
        const line = read(`/proc/${child}/cmdline`);
        if (line && line !== straceLine) return child;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return own;
  }

  /** Ends the program and its whole group: SIGTERM, then SIGKILL a second later. */
  stop(): Promise<void> {
    if (this.exited) return Promise.resolve();
    const group = -(this.process.pid ?? 0);
    const done = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    const kill = (signal: NodeJS.Signals): void => {
      try {
        process.kill(group, signal);
      } catch {
        // Already gone.
      }
    };
    kill('SIGTERM');
    const hard = setTimeout(() => kill('SIGKILL'), 1000);
    return done.finally(() => clearTimeout(hard));
  }

  private cleanUp(): void {
    for (const fifo of this.fifos) fifo.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

let straceChecked: { problem: string | null } | null = null;

/**
 * Why strace cannot trace here, or null when it can: checked once per run of Echo Lab (on
 * `true`), not at every restart of the program.
 */
export function straceProblem(): string | null {
  straceChecked ??= { problem: checkStrace() };
  return straceChecked.problem;
}

function checkStrace(): string | null {
  const run = spawnSync('strace', ['-f', '-qq', '-e', 'trace=none', 'true'], { encoding: 'utf8' });
  if (run.error) {
    return (run.error as NodeJS.ErrnoException).code === 'ENOENT'
      ? 'strace is not installed (Debian: apt-get install strace)'
      : `strace could not start (${run.error.message})`;
  }
  if (run.status !== 0) {
    const why = run.stderr.trim().split('\n')[0] ?? '';
    return `strace cannot trace here: ${why || `exit ${run.status}`}`;
  }
  return null;
}
