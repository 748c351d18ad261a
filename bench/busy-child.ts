// A page that keeps Echo Lab's page side busy: it floods the main thread with socket.io
// commands (cheap to send, each one parsed and checked there), as a hostile or broken page
// could, in a process of its own so the measuring process stays idle.

import { io, type Socket } from 'socket.io-client';
import { serveRequests, type BusyJob, type BusyResults } from './ipc.ts';
import { sleep, spread, withTimeout } from './stats.ts';

/** Commands sent per turn of the loop; a turn ends once the socket has room again. */
const PER_TURN = 500;
/** Bytes queued on the WebSocket before the flood waits: keeps the backlog (and memory) small. */
const QUEUED_MAX = 4 * 1024 * 1024;
/** /healthz as fast as this again means the page side has worked off the flood. */
const QUICK_MS = 20;

// Untyped: its commands go without an ack, which a flood would pile up unanswered.
type Page = Socket;

/** Bytes the page's WebSocket holds unsent (engine.io and ws internals, typed here). */
function queued(page: Page): number {
  const engine = page.io.engine as unknown as { transport?: { ws?: { bufferedAmount?: number } } };
  return engine.transport?.ws?.bufferedAmount ?? 0;
}

async function healthz(url: string): Promise<number> {
  const t0 = performance.now();
  await (await fetch(`${url}/healthz`)).text();
  return performance.now() - t0;
}

async function flood({ url, seconds }: BusyJob): Promise<BusyResults['flood']> {
  const page: Page = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  await withTimeout(
    new Promise((resolve) => page.once('snapshot', resolve)),
    15_000,
    `page of ${url}`,
  );
  const until = performance.now() + seconds * 1000;
  let commands = 0;
  const times: number[] = [];
  const probe = (async () => {
    while (performance.now() < until) {
      times.push(await healthz(url));
      await sleep(50);
    }
  })();
  while (performance.now() < until) {
    if (queued(page) < QUEUED_MAX) {
      // Refused on the server after parsing (no such client): the page side's work only.
      for (let i = 0; i < PER_TURN; i++) page.emit('control', { type: 'disconnect', id: 0 });
      commands += PER_TURN;
    }
    await sleep(1);
  }
  await probe;
  const ended = performance.now();
  while (performance.now() - ended < 30_000 && (await healthz(url)) > QUICK_MS) await sleep(20);
  const drainMs = performance.now() - ended;
  page.close();
  return { commands, healthz: spread(times), drainMs };
}

serveRequests<BusyJob>({}, flood);
