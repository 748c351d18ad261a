import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { createApplication, type AppOptions, type Application } from '../../server/app.ts';
import {
  DEFAULTS,
  type BridgeHello,
  type ClientToServerEvents,
  type LabEvent,
  type ServerToClientEvents,
  type Snapshot,
} from '../../shared/protocol.ts';

/**
 * Echo Lab on free ports. Its echo server runs on this thread unless a test asks for the
 * thread (`inProcess: false`): the same code, without booting a worker through tsx for every
 * app. Tests of the thread, or of echoes staying prompt while the web side is busy, keep it.
 */
export const startApp = (overrides: Partial<AppOptions> = {}): Promise<Application> =>
  createApplication({ ...DEFAULTS, port: 0, webPort: 0, inProcess: true, ...overrides });

/** A socket.io viewer that records its snapshots and every live event, in order. */
export async function watch(app: Application) {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(
    `http://127.0.0.1:${app.addresses.webPort}`,
    { transports: ['websocket'], reconnection: false },
  );
  const snapshots: Snapshot[] = [];
  const events: LabEvent[] = [];
  socket.on('events', (batch) => events.push(...batch));
  await new Promise<void>((resolve) =>
    socket.on('snapshot', (s) => {
      snapshots.push(s);
      resolve();
    }),
  );
  return { socket, snapshots, events };
}

/** A web-form client as the page makes it: a WebSocket on the byte bridge. */
export async function bridgeClient(app: Application, query = '') {
  const ws = new WebSocket(`ws://127.0.0.1:${app.addresses.webPort}/tcp${query}`);
  let received = Buffer.alloc(0);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const hello = new Promise<BridgeHello>((resolve) =>
    ws.on('message', (data, isBinary) => {
      if (isBinary) received = Buffer.concat([received, data as Buffer]);
      else resolve(JSON.parse((data as Buffer).toString()) as BridgeHello);
    }),
  );
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return {
    ws,
    hello,
    closed,
    received: () => received,
    async receive(n: number, ms = 5_000): Promise<Buffer> {
      const until = Date.now() + ms;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`got ${received.length} of ${n} bytes`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return received.subarray(0, n);
    },
  };
}

/** Polls until `check` holds, for state that arrives by batches. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  ms = 5_000,
): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
