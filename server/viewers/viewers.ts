import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  Role,
  type ClientToServerEvents,
  type ControlResult,
  type ServerToClientEvents,
} from '../../shared/protocol.ts';
import type { Limits } from '../limits.ts';
import type { OriginPolicy } from '../security/origin.ts';
import type { TeacherGate } from '../security/teacher.ts';
import { CommandBucket } from '../controls/command-bucket.ts';
import { plainAddress } from '../echo/client-names.ts';
import { runControl, type ControlTarget } from '../controls/controls.ts';
import { nameClient } from '../controls/naming.ts';
import type { EventHub } from '../hub/hub.ts';
import { PageKeys } from './page-keys.ts';
import { ViewerGate, viewerSocketServer } from './viewer-gate.ts';

const LIVE_ROOM = 'live';

/** Least time between two snapshots a viewer may ask for. */
const RESYNC_INTERVAL_MS = 250;

/** What the server keeps on each viewer's socket. */
interface ViewerData {
  role: Role;
  pageKey: string;
}
type NoServerEvents = Record<string, never>;
export type ViewerServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  NoServerEvents,
  ViewerData
>;
type Viewer = Socket<ClientToServerEvents, ServerToClientEvents, NoServerEvents, ViewerData>;

/** Packets engine.io holds for a viewer, not yet handed to its WebSocket (typed private). */
const queued = (conn: object): number =>
  (conn as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;

export interface ViewerDeps extends ControlTarget {
  hub: EventHub;
  policy: OriginPolicy;
  teacher: TeacherGate;
  limits: Pick<
    Limits,
    | 'maxViewers'
    | 'maxViewersPerAddress'
    | 'maxControlBytes'
    | 'viewerBacklog'
    | 'commandsPerSecond'
  >;
  /** Where each page's key for the byte bridge's per-page limit is kept (the bridge reads it). */
  pages?: PageKeys;
  /** In classroom mode, the hosts students type (see Snapshot.studentHosts). */
  studentHosts?: readonly string[];
  /** This OS gives no way to name raw clients' programs (see Snapshot). */
  programNamesUnavailable?: boolean;
}

const isNaming = (command: unknown): command is Record<string, unknown> =>
  typeof command === 'object' &&
  command !== null &&
  (command as { type?: unknown }).type === 'name';

/** The socket.io endpoint that streams the lab to every page and takes teachers' commands. */
export function attachViewers(http: HttpServer, deps: ViewerDeps): ViewerServer {
  const { hub, policy, teacher, limits, pages = new PageKeys() } = deps;
  const gate = new ViewerGate(policy, limits);
  const io: ViewerServer = new Server(http, {
    wsEngine: viewerSocketServer(limits.maxControlBytes),
    serveClient: false,
    // The byte bridge shares this HTTP server; leave upgrades that are not ours alone.
    destroyUpgrade: false,
    maxHttpBufferSize: limits.maxControlBytes,
    allowRequest: (req, answer) => gate.allowRequest(req, answer, io.engine.clientsCount),
  });
  gate.attach(io);

  const roleOf = (socket: Viewer): Role =>
    teacher.isTeacher((socket.handshake.auth as Record<string, unknown>).token)
      ? Role.teacher
      : Role.viewer;
  /**
   * The snapshot already holds the events waiting for the next batch; sending that batch
   * first, to everyone else, and only then joining the page to the room means it gets
   * every event exactly once.
   */
  const sendSnapshot = (socket: Viewer): void => {
    hub.flush();
    socket.emit('snapshot', {
      ...hub.snapshot(),
      role: socket.data.role,
      pageKey: socket.data.pageKey,
      ...(deps.studentHosts && { studentHosts: deps.studentHosts }),
      ...(deps.programNamesUnavailable && { programNamesUnavailable: true }),
      yourAddress: plainAddress(socket.handshake.address),
    });
  };

  io.on('connection', (socket) => {
    socket.data.role = roleOf(socket);
    const pageKey = pages.issue();
    socket.data.pageKey = pageKey;
    socket.once('disconnect', () => pages.revoke(pageKey));
    sendSnapshot(socket);
    void socket.join(LIVE_ROOM);
    let lastResync = 0;
    socket.on('resync', () => {
      const now = Date.now();
      if (now - lastResync < RESYNC_INTERVAL_MS) return;
      lastResync = now;
      sendSnapshot(socket);
    });
    const bucket = new CommandBucket(limits.commandsPerSecond);
    socket.on('control', (command: unknown, ack: unknown) => {
      const reply = (result: ControlResult): void => {
        if (typeof ack === 'function') (ack as (r: ControlResult) => void)(result);
      };
      // Teachers too: a stuck key or a script should not keep this thread busy.
      if (!bucket.take()) {
        if (bucket.tell()) reply({ ok: false, error: 'too many commands: wait a moment' });
        return;
      }
      const teacher = socket.data.role === Role.teacher;
      // Naming one's own client is the one command a student's page may send.
      if (isNaming(command)) {
        const asker = { address: socket.handshake.address, teacher };
        nameClient(deps, command, asker).then(reply, (err: Error) =>
          reply({ ok: false, error: err.message }),
        );
        return;
      }
      if (!teacher) {
        reply({ ok: false, error: 'only the teacher can do that' });
        return;
      }
      runControl(deps, command).then(reply, (err: Error) =>
        reply({ ok: false, error: err.message }),
      );
    });
  });

  // A viewer too slow to keep up stops getting batches; once its connection drains it
  // gets one fresh snapshot. Its queue stays bounded and it never draws a gap.
  const behind = new Set<string>();
  hub.onBatch((batch) => {
    for (const socket of io.of('/').sockets.values()) {
      if (behind.has(socket.id) || queued(socket.conn) <= limits.viewerBacklog) continue;
      behind.add(socket.id);
      void socket.leave(LIVE_ROOM);
      socket.conn.once('drain', () => {
        behind.delete(socket.id);
        if (!socket.connected) return;
        sendSnapshot(socket);
        void socket.join(LIVE_ROOM);
      });
      socket.once('disconnect', () => behind.delete(socket.id));
    }
    // socket.io encodes a broadcast before it looks for sockets; with nobody live, skip it.
    if (io.of('/').adapter.rooms.get(LIVE_ROOM)?.size) io.to(LIVE_ROOM).emit('events', batch);
  });
  return io;
}
