// What `--run` costs a student's server: the homework's echo round trip (a client sends a
// short message and waits for its echo, again and again) under `strace -f` with the Python
// tracer on, against the same server run plainly. One client talks to the homework's
// iterative server; ten clients talk at once to the threaded server (the iterative one would
// serve them one after another, so nine would only wait). Configurations alternate inside
// each round, in a rotating order, and the median of the per-round ratios is reported, so a
// burst of noise from the shared machine spoils one round, not one configuration. Nothing is
// pinned: strace and its tracee hand every system call back and forth, as they do in class.

import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureExit, ROOT, signalGroup, spawnGroup } from './children.ts';
// The very command line --run uses, so the bench measures what a class gets.
import { STRACE_ARGS } from '../server/traced/strace-lines.ts';
import { notMeasured, type Context, type Row, type Section } from './fleet.ts';
import { median, ms, num, sleep, withTimeout } from './stats.ts';

const TRACER = path.join(ROOT, 'server/traced/python');
const FIXTURES = path.join(ROOT, 'tests/fixtures/traced');
const MESSAGE = 'hola';

const Config = {
  plain: 'untraced',
  traced: 'strace -f --seccomp-bpf + Python tracer (what --run does)',
  tracerOnly: 'Python tracer only',
  straceOnly: 'strace -f --seccomp-bpf only',
  noSeccomp: 'strace -f without --seccomp-bpf + Python tracer (before)',
} as const;
type Config = keyof typeof Config;

const Load = {
  one: { clients: 1, script: 'servidor.py', label: 'homework server, 1 client' },
  ten: { clients: 10, script: 'servidor_hilos.py', label: 'threaded server, 10 clients at once' },
} as const;
type Load = keyof typeof Load;

interface Run {
  roundTrips: number;
  perSecond: number;
  p50Ms: number;
}

/**
 * A FIFO with a reader of its own that throws the bytes away, as a viewer that keeps up
 * would, without taking time from the clients' event loop.
 */
function drainedFifo(dir: string, name: string, readers: ChildProcess[]): string {
  const fifo = path.join(dir, name);
  execFileSync('mkfifo', [fifo]);
  readers.push(spawnGroup('cat', [fifo], { stdio: 'ignore' }));
  return fifo;
}

function command(
  config: Config,
  python: string,
  script: string,
  dir: string,
  readers: ChildProcess[],
) {
  const server = [path.join(FIXTURES, script), '0'];
  const env: NodeJS.ProcessEnv = { ...process.env, ECHO_LAB_TRACE: undefined };
  if (config !== 'plain' && config !== 'straceOnly') {
    env.PYTHONPATH = TRACER;
    env.ECHO_LAB_TRACE = drainedFifo(dir, 'tracer', readers);
  }
  if (config === 'plain' || config === 'tracerOnly') return { program: python, args: server, env };
  const strace =
    config === 'noSeccomp' ? STRACE_ARGS.filter((a) => a !== '--seccomp-bpf') : STRACE_ARGS;
  const output = drainedFifo(dir, 'strace', readers);
  return { program: 'strace', args: [...strace, '-o', output, python, ...server], env };
}

async function startServer(
  config: Config,
  python: string,
  script: string,
  dir: string,
  readers: ChildProcess[],
) {
  const { program, args, env } = command(config, python, script, dir, readers);
  const child = spawnGroup(program, args, { cwd: FIXTURES, env, stdio: 'pipe' });
  let head = '';
  const port = await withTimeout(
    new Promise<number>((resolve, reject) => {
      // The homework prints every message it reads: keep reading, keep only the start.
      child.stdout?.on('data', (chunk: Buffer) => {
        if (head.length < 4096) head += chunk.toString();
        const found = /puerto (\d+)/.exec(head);
        if (found?.[1]) resolve(Number(found[1]));
      });
      child.stderr?.resume();
      child.once('exit', (code) => reject(new Error(`${program} exited with ${code}: ${head}`)));
    }),
    15_000,
    `${script} (${config})`,
  );
  return { child, port };
}

/**
 * One client's ping-pong until `until`, each round trip's time into `times`; then it says
 * "desconectar", as the homework's client does, so the server takes the next one.
 */
async function pingPong(port: number, until: number, times: number[]): Promise<void> {
  const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  try {
    let waiting: (() => void) | undefined;
    let got = 0;
    socket.on('data', (chunk: Buffer) => {
      got += chunk.length;
      if (got >= MESSAGE.length && waiting) waiting();
    });
    while (performance.now() < until) {
      const began = performance.now();
      got = 0;
      const echoed = new Promise<void>((resolve) => (waiting = resolve));
      socket.write(MESSAGE);
      await echoed;
      times.push(performance.now() - began);
    }
    // The homework's way to leave: a client that just closes sends its server spinning.
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.end('desconectar');
    await withTimeout(closed, 5_000, 'the server closing after desconectar');
  } finally {
    socket.destroy();
  }
}

async function measure(config: Config, load: Load, python: string, seconds: number) {
  const { clients, script } = Load[load];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'echo-lab-bench-traced-'));
  const children: ChildProcess[] = [];
  try {
    const server = await startServer(config, python, script, dir, children);
    children.push(server.child);
    // Warm up: the first calls pay for imports, the tracer's first look at the stack.
    await pingPong(server.port, performance.now() + 200, []);
    const times: number[] = [];
    const began = performance.now();
    const until = began + seconds * 1000;
    await Promise.all(Array.from({ length: clients }, () => pingPong(server.port, until, times)));
    const elapsed = (performance.now() - began) / 1000;
    return { roundTrips: times.length, perSecond: times.length / elapsed, p50Ms: median(times) };
  } finally {
    for (const child of children) signalGroup(child, 'SIGKILL');
    await Promise.all(children.map((child) => ensureExit(child, 3_000)));
    rmSync(dir, { recursive: true, force: true });
  }
}

function missing(): string | undefined {
  for (const [tool, args] of [
    ['strace', ['-V']],
    ['python3', ['--version']],
    ['mkfifo', ['--version']],
    ['cat', ['--version']],
  ] as const) {
    try {
      execFileSync(tool, args, { stdio: 'ignore' });
    } catch {
      return `${tool} is not available`;
    }
  }
  return undefined;
}

export async function measureTraced(ctx: Context): Promise<Section> {
  const name = 'traced (--run)';
  const reason = missing();
  if (reason) {
    const rows = Object.values(Load).map((l) => notMeasured(`${l.label}: slowdown`, '—', reason));
    return { name, rows, data: { error: reason } };
  }
  const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  }).trim();
  const rounds = ctx.quick ? 2 : 5;
  const seconds = ctx.quick ? 0.5 : 2;
  const configs = Object.keys(Config) as Config[];
  const loads = Object.keys(Load) as Load[];
  const results = {} as Record<Load, Record<Config, Run>[]>;
  for (const load of loads) {
    results[load] = [];
    for (let round = 0; round < rounds; round++) {
      const got = {} as Record<Config, Run>;
      const order = [...configs.slice(round % configs.length), ...configs];
      for (const config of order.slice(0, configs.length)) {
        got[config] = await measure(config, load, python, seconds);
        await sleep(100);
      }
      results[load].push(got);
    }
  }
  const ratio = (load: Load, config: Config) =>
    median(results[load].map((r) => r.plain.perSecond / r[config].perSecond));
  const of = (load: Load, config: Config, pick: (r: Run) => number) =>
    median(results[load].map((r) => pick(r[config])));
  const rate = (r: Run) => r.perSecond;
  const p50 = (r: Run) => r.p50Ms;
  const rows: Row[] = loads.map((load) => ({
    figure: `${Load[load].label}: echo round trips, untraced ÷ under --run`,
    measured:
      `${num(ratio(load, 'traced'), 1)}× slower: ${num(of(load, 'traced', rate))}/s vs ` +
      `${num(of(load, 'plain', rate))}/s, p50 ${ms(of(load, 'traced', p50))} vs ` +
      `${ms(of(load, 'plain', p50))} (median of ${rounds} paired rounds)`,
    target: 'reported (no target)',
    pass: null,
  }));
  const lines = [
    '| load | configuration | round trips/s | p50 | untraced ÷ this |',
    '|---|---|---|---|---|',
  ];
  for (const load of loads) {
    for (const config of configs) {
      lines.push(
        `| ${Load[load].label} | ${Config[config]} | ${num(of(load, config, rate))} | ` +
          `${ms(of(load, config, p50))} | ${num(ratio(load, config), 2)}× |`,
      );
    }
  }
  const detail =
    `${lines.join('\n')}\n\nEach cell: median of ${rounds} rounds of ${seconds} s; the ratio ` +
    `is the median of each round's own ratio. strace: \`strace ${STRACE_ARGS.join(' ')} -o FIFO\`.`;
  return { name, rows, data: { rounds, seconds, configs: Config, results }, detail };
}
