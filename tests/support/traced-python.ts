// Running a Python program under Echo Lab's tracer, for tests: real python3, a real FIFO or
// file as the channel, the messages parsed as the lead's side would read them.

import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { eventually } from './app.ts';

export const TRACER = path.resolve('server/traced/python');
export const FIXTURES = path.resolve('tests/fixtures/traced');
export const hasPython = spawnSync('python3', ['--version']).status === 0;

export interface Message {
  k: 'hello' | 'at' | 'done';
  pid?: number;
  main?: string | null;
  cwd?: string;
  call?: string;
  fd?: number;
  file?: string | null;
  line?: number | null;
  tid?: number;
  t: number;
  n?: number;
  peer?: [string, number];
  addr?: unknown;
  backlog?: number;
  error?: string;
  skipped?: number;
}

const cleanup: (() => void)[] = [];
/** Call once at the top of a test file: kills, closes and removes what its tests started. */
export function cleanUpAfterEach() {
  afterEach(() => {
    for (const fn of cleanup.splice(0)) fn();
  });
}

/** Runs `fn` after the current test, whatever happened in it. */
export function onCleanup(fn: () => void): void {
  cleanup.push(fn);
}

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'echo-lab-tracer-'));
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The 1-based number of the one line of a file that contains `text`. */
export function lineOf(file: string, text: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const found = lines.flatMap((line, i) => (line.includes(text) ? [i + 1] : []));
  expect(found, `one line with ${text}`).toHaveLength(1);
  return found[0]!;
}

export const parse = (text: string): Message[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Message);

/** A Python server under the tracer, its channel a FIFO read as the lead's side would. */
export async function startTraced(script: string, cwd = FIXTURES) {
  const fifo = path.join(tempDir(), 'trace');
  execFileSync('mkfifo', [fifo]);
  // Read-write: opening never waits for the writer and the reader never sees an early EOF.
  const reader = new net.Socket({ fd: fs.openSync(fifo, 'r+'), readable: true, writable: false });
  const messages: Message[] = [];
  let partial = '';
  reader.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    messages.push(...parse(lines.join('\n')));
  });
  const child: ChildProcess = spawn('python3', [script, '0'], {
    cwd,
    env: { ...process.env, PYTHONPATH: TRACER, ECHO_LAB_TRACE: fifo },
  });
  cleanup.push(() => {
    child.kill('SIGKILL');
    reader.destroy();
  });
  let head = '';
  // The homework prints a line per empty read while it spins: read it all, keep the start.
  child.stdout?.on('data', (chunk: Buffer) => {
    if (head.length < 4096) head += chunk.toString();
  });
  child.stderr?.resume();
  await eventually(() => /puerto (\d+)/.test(head));
  const port = Number(/puerto (\d+)/.exec(head)![1]);
  return { child, port, messages };
}

export async function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  cleanup.push(() => socket.destroy());
  await new Promise((resolve) => socket.once('connect', resolve));
  let received = '';
  let ended = false;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('end', () => (ended = true));
  return {
    socket,
    localPort: socket.localPort,
    /** Sends, then waits for the echo of exactly these bytes. */
    async echo(text: string) {
      const before = received.length;
      socket.write(text);
      await eventually(() => received.length >= before + text.length);
      expect(received.slice(before)).toBe(text);
    },
    ended: () => ended,
  };
}

const calls = (messages: Message[]) => messages.filter((m) => m.k !== 'hello');

/** Every `done` comes right after its own `at` in the same thread, never before it. */
export function expectPaired(messages: Message[]) {
  const open = new Map<number, Message>();
  for (const m of calls(messages)) {
    if (m.k === 'at') {
      expect(open.has(m.tid!), `thread ${m.tid} entered ${m.call} inside a call`).toBe(false);
      open.set(m.tid!, m);
    } else {
      const at = open.get(m.tid!);
      expect(at, `done ${m.call} without its at`).toBeDefined();
      expect([at!.call, at!.fd]).toEqual([m.call, m.fd]);
      expect(m.t).toBeGreaterThanOrEqual(at!.t);
      open.delete(m.tid!);
    }
  }
}

/** Runs a short program to completion with the tracer's folder first on PYTHONPATH. */
export function runOnce(dir: string, code: string, env: Record<string, string | undefined>) {
  fs.writeFileSync(path.join(dir, 'programa.py'), code);
  const result = spawnSync('python3', ['programa.py'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ECHO_LAB_TRACE: undefined, ...env },
  });
  expect(result.stderr).toBe('');
  return result.stdout;
}
