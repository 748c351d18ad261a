// The echo server's own thread. Echoing never waits behind the page's work (snapshots,
// fan-out to a hundred viewers, HTTP), and the thread's V8 sees only echo code, so its
// hot path stays as lean as a bare server's.

import { parentPort, workerData } from 'node:worker_threads';
import type { LabEvent } from '../../shared/protocol.ts';
import { Batcher } from '../batcher.ts';
import type { LocalClient } from '../echo/client-names.ts';
import { EchoServer } from '../echo/server.ts';
import type { CallName, EchoCalls, FromThread, ThreadData, ToThread } from './messages.ts';

if (!parentPort) throw new Error('the echo thread runs as a worker');
const main = parentPort;
const { config, options } = workerData as ThreadData;

let asks = 0;
const asked = new Map<number, (local: LocalClient | null) => void>();
const echo = new EchoServer(config, {
  ...options,
  askDialler: (port, id) =>
    new Promise((resolve) => {
      const ask = ++asks;
      asked.set(ask, resolve);
      post({ type: 'ask', ask, port, id });
    }),
});

/**
 * The least time between two posts of events to the main thread. Each message wakes that
 * thread, and on a busy core every wake-up is taken from echoing: per turn of this loop,
 * 1,000 reads a second shown one by one made as many posts. An event after a quiet spell
 * crosses at once; a stream that keeps coming crosses at most once per this many ms.
 */
const RELAY_MS = 5;

const pending = new Batcher<LabEvent>(RELAY_MS, (events) =>
  main.postMessage({ type: 'events', events } satisfies FromThread),
);
echo.events.subscribe((event) => pending.push(event));

/** Events go first, so an answer never overtakes what happened before it. */
function post(message: FromThread): void {
  pending.flush();
  main.postMessage(message);
}

type Handlers = {
  [K in CallName]: (
    ...args: Parameters<EchoCalls[K]>
  ) => ReturnType<EchoCalls[K]> | Promise<ReturnType<EchoCalls[K]>>;
};
const handlers: Handlers = {
  listen: async () => ({ port: (await echo.listen()).port }),
  reconfigure: (patch) => echo.reconfigure(patch),
  step: () => echo.step(),
  disconnect: (id) => echo.disconnect(id),
  buffers: () => echo.buffers(),
  announce: (note) => void echo.events.emit(note),
  block: (address) => echo.block(address),
  unblock: (address) => echo.unblock(address),
  close: async () => {
    // Nobody is left to answer: connections not yet known stay as they came in.
    for (const resolve of asked.values()) resolve(null);
    asked.clear();
    await echo.close();
  },
};

async function answer(call: number, run: () => unknown): Promise<void> {
  try {
    post({ type: 'answer', call, value: await run() });
  } catch (err) {
    const { message, code } = err as NodeJS.ErrnoException;
    post({ type: 'answer', call, error: { message, ...(code ? { code } : {}) } });
  }
}

main.on('message', (message: ToThread) => {
  if (message.type === 'dialler') {
    asked.get(message.ask)?.(message.local);
    asked.delete(message.ask);
    return;
  }
  const handler = handlers[message.name] as (...args: unknown[]) => unknown;
  void answer(message.call, () => handler(...message.args));
});
