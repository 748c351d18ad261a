// socket.io viewers as the page makes them (websocket transport, no reconnection), in a
// process of their own. Each checks that sequence numbers continue gaplessly from its
// latest snapshot, and times the data.read events the paced load stamped with Date.now().

import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LabEvent, ServerToClientEvents } from '../shared/protocol.ts';
import {
  serveRequests,
  setReading,
  type ViewerJob,
  type ViewerReport,
  type ViewerResults,
  type ViewerSocket,
} from './ipc.ts';
import { spread, withTimeout } from './stats.ts';

interface Viewer {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  last: number;
  snapshots: number;
  events: number;
  bytes: number;
  gaps: number;
  duplicates: number;
}

interface Group {
  viewers: Viewer[];
  delivery: number[];
}

const groups = new Map<string, Group>();

/** `bench:<ms>:` at the start of a preview: the load child's write time. */
const STAMP = /^bench:(\d+):/;

function follow(viewer: Viewer, group: Group, batch: LabEvent[]): void {
  const now = Date.now();
  for (const event of batch) {
    if (event.seq <= viewer.last) {
      viewer.duplicates++;
      continue;
    }
    viewer.gaps += event.seq - viewer.last - 1;
    viewer.last = event.seq;
    viewer.events++;
    if (event.type !== 'data.read') continue;
    const stamp = STAMP.exec(event.preview);
    if (stamp?.[1]) group.delivery.push(now - Number(stamp[1]));
  }
}

function connect(url: string, group: Group): Promise<Viewer> {
  const socket: Viewer['socket'] = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const viewer: Viewer = {
    socket,
    last: 0,
    snapshots: 0,
    events: 0,
    bytes: 0,
    gaps: 0,
    duplicates: 0,
  };
  // What crossed the wire for this viewer: the fan-out's cost grows with it.
  socket.io.engine.on('data', (data: unknown) => {
    viewer.bytes += typeof data === 'string' ? data.length : (data as ArrayBuffer).byteLength;
  });
  socket.on('events', (batch) => follow(viewer, group, batch));
  const first = new Promise<Viewer>((resolve, reject) => {
    socket.on('snapshot', (snapshot) => {
      // A fresh snapshot restarts the count: events up to its seq are in it.
      viewer.last = snapshot.seq;
      viewer.snapshots++;
      resolve(viewer);
    });
    socket.once('connect_error', reject);
  });
  return withTimeout(first, 15_000, `viewer of ${url}`);
}

/** The TCP socket under a viewer's WebSocket (engine.io and ws internals, typed here). */
function tcpOf(viewer: Viewer): ViewerSocket | undefined {
  const engine = viewer.socket.io.engine as unknown as {
    transport?: { ws?: { _socket?: ViewerSocket } };
  };
  return engine.transport?.ws?._socket;
}

function report(group: Group): ViewerReport {
  const sum = (pick: (v: Viewer) => number): number =>
    group.viewers.reduce((total, v) => total + pick(v), 0);
  const delivery = spread(group.delivery);
  group.delivery = [];
  return {
    viewers: group.viewers.filter((v) => v.socket.connected).length,
    events: sum((v) => v.events),
    bytes: sum((v) => v.bytes),
    gaps: sum((v) => v.gaps),
    duplicates: sum((v) => v.duplicates),
    resnapshots: sum((v) => v.snapshots - 1),
    delivery,
  };
}

async function handle(job: ViewerJob): Promise<ViewerResults[ViewerJob['type']]> {
  const group = groups.get(job.group) ?? { viewers: [], delivery: [] };
  groups.set(job.group, group);
  switch (job.type) {
    case 'attach': {
      const added = await Promise.all(
        Array.from({ length: job.count }, () => connect(job.url, group)),
      );
      group.viewers.push(...added);
      return { attached: group.viewers.length };
    }
    case 'report':
      return report(group);
    case 'pause':
      setReading(group.viewers.map(tcpOf), job.paused);
      return {};
    case 'detach':
      for (const viewer of group.viewers) viewer.socket.disconnect();
      groups.delete(job.group);
      return {};
  }
}

serveRequests<ViewerJob>({}, handle);
