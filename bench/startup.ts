// What a teacher waits for: the page's initial JavaScript (gzip, as it crosses the wire)
// and the time from typing `npm start` to the echo server accepting a connection.

import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensurePageBuilt, PAGE_DIR } from '../server/http/page-build.ts';
import { ensureExit, ROOT, signalGroup, spawnGroup } from './children.ts';
import { notMeasured, type Context, type Row, type Section } from './fleet.ts';
import { median, ms, num, sleep, withTimeout } from './stats.ts';

const JS_TARGET_KB = 200;
const START_TARGET_MS = 1_500;
/** What `npm start` runs once it has bundled the server (see package.json). */
const BUNDLE = 'dist/server/main.js';

/** The scripts index.html loads up front: its module entry and any modulepreload links. */
async function initialJs() {
  const html = await readFile(path.join(PAGE_DIR, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.js)"/g)]
    .map((m) => m[1] ?? '')
    .filter((ref) => ref.startsWith('/'));
  const files = await Promise.all(
    [...new Set(refs)].map(async (ref) => {
      const bytes = await readFile(path.join(PAGE_DIR, ref));
      return { file: ref, bytes: bytes.length, gzip: gzipSync(bytes).length };
    }),
  );
  return { files, gzip: files.reduce((sum, f) => sum + f.gzip, 0) };
}

function tryConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Milliseconds from spawning `command` to its echo port accepting a TCP connection. */
async function timeToListen(command: string, args: string[]): Promise<number> {
  const began = performance.now();
  const child = spawnGroup(command, [...args, '--port', '0', '--web-port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    const port = await withTimeout(
      new Promise<number>((resolve, reject) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          // The banner prints the real port, which is how port 0 is found.
          const found = /TCP echo server\s+\S+:(\d+)/.exec(out);
          if (found?.[1]) resolve(Number(found[1]));
        });
        child.stderr?.on('data', () => undefined);
        child.once('exit', (code) => reject(new Error(`${command} exited with ${code}: ${out}`)));
      }),
      20_000,
      command,
    );
    while (!(await tryConnect(port))) await sleep(2);
    if (out.includes('Building the page')) throw new PageRebuilt();
    return performance.now() - began;
  } finally {
    signalGroup(child, 'SIGTERM');
    await ensureExit(child, 3_000);
    // npm may exit before the node it started: nothing of the group may outlive the run.
    signalGroup(child, 'SIGKILL');
  }
}

/** Milliseconds from spawning a command to its exit: the fixed costs under a start. */
async function timeToExit(command: string, args: string[]): Promise<number> {
  const began = performance.now();
  const child = spawnGroup(command, args, { cwd: ROOT, stdio: 'ignore' });
  await withTimeout(
    new Promise<void>((resolve) => child.once('exit', () => resolve())),
    20_000,
    command,
  ).finally(() => signalGroup(child, 'SIGKILL'));
  return performance.now() - began;
}

class PageRebuilt extends Error {
  constructor() {
    super('npm start had to build the page first');
  }
}

/**
 * "Page already built": build it if its sources changed (other work may be editing them
 * while the bench runs), and measure again if npm start still found it stale.
 */
async function timeToListenBuilt(command: string, args: string[]): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    await ensurePageBuilt();
    try {
      return await timeToListen(command, args);
    } catch (err) {
      if (!(err instanceof PageRebuilt) || attempt >= 2) throw err;
    }
  }
}

export async function measureStartup(ctx: Context): Promise<Section> {
  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  try {
    await ensurePageBuilt();
    const js = await initialJs();
    data.initialJs = js;
    const kb = js.gzip / 1000;
    rows.push({
      figure: 'Initial JS of the page (gzip)',
      measured: `${num(kb, 1)} kB in ${js.files.length} file(s)`,
      target: `≤ ${JS_TARGET_KB} kB`,
      pass: js.files.length > 0 && kb <= JS_TARGET_KB,
    });
  } catch (err) {
    rows.push(
      notMeasured('Initial JS of the page (gzip)', `≤ ${JS_TARGET_KB} kB`, (err as Error).message),
    );
  }

  const runs = ctx.quick ? 1 : 3;
  const npm: number[] = [];
  const direct: number[] = [];
  const fromSource: number[] = [];
  const floors = { node: [] as number[], npmCli: [] as number[] };
  try {
    // Alternated, like everything else, so a noisy moment does not pick one.
    for (let i = 0; i < runs; i++) {
      // The floors: an empty node, and npm's own start-up (npm start pays it first).
      floors.node.push(await timeToExit(process.execPath, ['-e', '0']));
      floors.npmCli.push(await timeToExit('npm', ['--version']));
      // npm start bundles the server first, so the bundle below is fresh.
      npm.push(await timeToListenBuilt('npm', ['start', '--silent', '--']));
      direct.push(await timeToListenBuilt(process.execPath, [BUNDLE]));
      fromSource.push(
        await timeToListenBuilt(path.join(ROOT, 'node_modules/.bin/tsx'), ['server/main.ts']),
      );
    }
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0] ?? 'error';
    rows.push(notMeasured('Start: npm start → TCP accepting', `≤ ${START_TARGET_MS} ms`, reason));
    return { name: 'Start-up', rows, data };
  }
  data.npmStartMs = npm;
  data.bundleDirectMs = direct;
  data.tsxDirectMs = fromSource;
  data.floorsMs = floors;
  rows.push(
    {
      figure: `Start: npm start → TCP accepting (median of ${runs})`,
      measured: ms(median(npm)),
      target: `≤ ${num(START_TARGET_MS)} ms`,
      pass: median(npm) <= START_TARGET_MS,
    },
    {
      figure: `Start without npm: node ${BUNDLE} → TCP accepting`,
      measured:
        `${ms(median(direct))} (an empty node starts and exits in ${ms(median(floors.node))}; ` +
        `npm --version takes ${ms(median(floors.npmCli))})`,
      target: '— (where the time goes)',
      pass: null,
    },
    {
      figure: 'Start from source, as npm run dev: tsx server/main.ts → TCP accepting',
      measured: `${ms(median(fromSource))} (TypeScript compiled as it loads, in both threads)`,
      target: '— (what the bundle saves)',
      pass: null,
    },
  );
  return { name: 'Start-up', rows, data };
}
