import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.ts';
import type { EventHub } from './hub.ts';

const LIVE_ROOM = 'live';

/**
 * Batches a viewer may have queued, unsent, before it counts as too slow. Past it the
 * viewer gets nothing more until its connection drains, then one fresh snapshot: memory
 * stays bounded whatever the viewer does, and it never draws a gap.
 */
export const MAX_VIEWER_BACKLOG = 64;

/** Least time between two snapshots a viewer may ask for. */
const RESYNC_INTERVAL_MS = 250;

/** Packets engine.io holds for a viewer, not yet handed to its WebSocket (typed private). */
const queued = (conn: object): number =>
  (conn as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;

export type ViewerServer = Server<ClientToServerEvents, ServerToClientEvents>;

/** The socket.io endpoint that streams the lab to every page. */
export function attachViewers(http: HttpServer, hub: EventHub): ViewerServer {
  const io: ViewerServer = new Server(http, {
    wsEngine: WebSocketServer,
    serveClient: false,
    // The byte bridge shares this HTTP server; leave upgrades that are not ours alone.
    destroyUpgrade: false,
    // Pages only ever send tiny control messages.
    maxHttpBufferSize: 4 * 1024,
  });

  io.on('connection', (socket) => {
    void socket.join(LIVE_ROOM);
    socket.emit('snapshot', hub.snapshot());
    let lastResync = 0;
    socket.on('resync', () => {
      const now = Date.now();
      if (now - lastResync < RESYNC_INTERVAL_MS) return;
      lastResync = now;
      socket.emit('snapshot', hub.snapshot());
    });
  });

  const behind = new Set<string>();
  hub.onBatch((batch) => {
    for (const socket of io.of('/').sockets.values()) {
      if (behind.has(socket.id) || queued(socket.conn) <= MAX_VIEWER_BACKLOG) continue;
      behind.add(socket.id);
      void socket.leave(LIVE_ROOM);
      const caughtUp = (): void => {
        behind.delete(socket.id);
        if (!socket.connected) return;
        socket.emit('snapshot', hub.snapshot());
        void socket.join(LIVE_ROOM);
      };
      socket.conn.once('drain', caughtUp);
      socket.once('disconnect', () => behind.delete(socket.id));
    }
    io.to(LIVE_ROOM).emit('events', batch);
  });
  return io;
}
