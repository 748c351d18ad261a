import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlTarget } from '../server/controls/controls.ts';
import { EventHub } from '../server/hub/hub.ts';
import { attachViewers, type ViewerServer } from '../server/viewers/viewers.ts';
import { EventSource } from '../server/echo/event-source.ts';
import { DEFAULT_LIMITS } from '../server/limits.ts';
import { createOriginPolicy } from '../server/security/origin.ts';
import { TeacherGate } from '../server/security/teacher.ts';
import type { LabEvent, Snapshot } from '../shared/protocol.ts';
import { eventually } from './support/app.ts';

/**
 * The page's side of Echo Lab on its own: a real hub and socket.io endpoint fed by an
 * event source this test drives, so it can send events larger and faster than any echo
 * server would, and fill a stalled page's kernel buffers in moments.
 */
interface FanOut {
  source: EventSource;
  hub: EventHub;
  port: number;
  close(): Promise<void>;
}

async function startFanOut(viewerBacklog: number): Promise<FanOut> {
  const source = new EventSource();
  const http: Server = createServer();
  let port = 0;
  const hub = new EventHub(source, () => port);
  // These pages never send a command, so nothing here is ever asked to act on one.
  const controls = {} as ControlTarget;
  const viewers: ViewerServer = attachViewers(http, {
    ...controls,
    hub,
    policy: createOriginPolicy(false),
    teacher: new TeacherGate(false),
    limits: { ...DEFAULT_LIMITS, viewerBacklog },
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  port = (http.address() as AddressInfo).port;
  return { source, hub, port, close: () => viewers.close() };
}

let app: FanOut;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await app?.close();
});

/** The TCP socket under a socket.io-client WebSocket, to stop reading from it. */
const tcpOf = (socket: Socket) =>
  (socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;

function viewer(port: number) {
  const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  const snapshots: Snapshot[] = [];
  const events: LabEvent[] = [];
  socket.on('snapshot', (s) => snapshots.push(s));
  socket.on('events', (batch) => events.push(...batch));
  return { socket, snapshots, events };
}

/** Large events through the real hub and socket.io, faster than a stalled page can take. */
async function flood(count: number): Promise<void> {
  const detail = 'x'.repeat(4096);
  for (let i = 0; i < count; i++) {
    app.source.emit({ type: 'client.closed', id: 0, by: 'client', reason: 'reset', detail });
    if (i % 200 === 0) await new Promise((r) => setTimeout(r, 17));
  }
}

describe('a viewer that stops reading', () => {
  it('is cut off from batches, then caught up with one snapshot and no gap', async () => {
    app = await startFanOut(8);
    const stalled = viewer(app.port);
    const healthy = viewer(app.port);
    await eventually(() => stalled.snapshots.length === 1 && healthy.snapshots.length === 1);

    tcpOf(stalled.socket).pause();
    await flood(6000);
    const last = app.hub.lab.seq;
    await eventually(() => healthy.events.at(-1)?.seq === last, 10_000);
    // While stalled it could not have been sent everything; the server stopped queueing.
    tcpOf(stalled.socket).resume();
    await eventually(() => stalled.snapshots.length >= 2, 10_000);
    const caughtUp = stalled.snapshots.at(-1)!;
    expect(caughtUp.seq).toBeGreaterThan(stalled.snapshots[0]!.seq);
    expect(stalled.events.length).toBeLessThan(healthy.events.length);

    // From its fresh snapshot on, every later event arrives once, in order.
    await flood(50);
    await eventually(() => stalled.events.at(-1)?.seq === app.hub.lab.seq, 10_000);
    const after = stalled.events.filter((e) => e.seq > caughtUp.seq).map((e) => e.seq);
    expect(after).toEqual(after.map((_, i) => caughtUp.seq + 1 + i));
    expect(healthy.events.map((e) => e.seq)).toEqual(
      healthy.events.map((_, i) => healthy.snapshots[0]!.seq + 1 + i),
    );
  });
});
