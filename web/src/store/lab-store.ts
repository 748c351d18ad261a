// The page's view of the live server: a snapshot, then live events folded with the same
// reducer the server uses, recorded so the timeline can go back. No React here; use-lab.ts
// binds it with useSyncExternalStore.

import { io, type Socket } from 'socket.io-client';
import type { LabState } from '../../../shared/lab.ts';
import {
  HISTORY_LIMIT,
  type ClientToServerEvents,
  type LabEvent,
  type ServerToClientEvents,
  type Snapshot,
} from '../../../shared/protocol.ts';
import { setPageKey } from '../clients/page-key.ts';
import { setServerFacts } from '../join/classroom.ts';
import { emptyFrames, framesFrom, stateAt } from './frames.ts';
import { takeTeacherToken } from './teacher-token.ts';
import { liveCursor } from './timeline.ts';
import { createRecorder, type LabStore } from './view-store.ts';

export type {
  LabStore,
  LabView,
  Link,
  Recording,
  Source,
  TimelineControls,
  TimelineView,
} from './view-store.ts';

/** Events kept for the diagram, the log and the timeline; older ones are dropped. */
const EVENTS_KEPT = HISTORY_LIMIT;

type LabSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A snapshot may carry the state before its first event (`base`); with it, every event of
 * the history can be stepped to. Without it, only those after a restart or already seen.
 */
type SnapshotWithBase = Snapshot & { base?: LabState };

/** How long a refused page waits before asking again. */
const RETRY_MS = 5_000;

export function createLabStore(url?: string, token = takeTeacherToken()): LabStore {
  // WebSocket only: the page needs WebSockets anyway (the byte bridge), and long-polling
  // first would race a refusal into a stray "400 Bad Request" in the console.
  const options = { auth: token ? { token } : {}, transports: ['websocket'] };
  const socket: LabSocket = url ? io(url, options) : io(options);
  const recorder = createRecorder({
    source: 'live',
    frames: emptyFrames(),
    cursor: liveCursor(),
    link: 'connecting',
    role: 'viewer',
    limit: EVENTS_KEPT,
    onStale: () => void socket.emit('resync'),
  });
  let connected = false;
  let retry: ReturnType<typeof setTimeout> | null = null;

  socket.on('snapshot', (snapshot: SnapshotWithBase) => {
    const before = recorder.frames();
    const fresh = !connected || snapshot.state.startedAt !== before.present.startedAt;
    connected = true;
    setPageKey(snapshot.pageKey, snapshot.yourAddress);
    setServerFacts(snapshot);
    const history = snapshot.history.slice(-EVENTS_KEPT);
    const anchor = { seq: snapshot.seq, state: snapshot.state };
    // States this page already recorded for the same server run fill in the history.
    const known = fresh ? undefined : stateAt(before);
    const base = history.length === snapshot.history.length ? (snapshot.base ?? null) : null;
    recorder.load(framesFrom(history, anchor, known, base), fresh, { role: snapshot.role });
    recorder.setLink('live');
  });

  socket.on('events', (batch: LabEvent[]) => recorder.ingest(batch));

  socket.on('connect', () => {
    if (recorder.getState().link !== 'live') recorder.setLink('connecting');
  });
  socket.on('disconnect', () => recorder.setLink('offline'));
  // Refused (a limit, a foreign origin): say why. socket.io retries a lost connection by
  // itself but not one the server refused (`active` is false), so try again later here.
  socket.on('connect_error', (err) => {
    recorder.setLink('offline', err.message);
    if (!socket.active) retry ??= setTimeout(() => ((retry = null), socket.connect()), RETRY_MS);
  });

  return {
    getState: recorder.getState,
    subscribe: recorder.subscribe,
    timeline: recorder.timeline,
    recording: recorder.recording,
    control: (command) =>
      socket
        .timeout(5_000)
        .emitWithAck('control', command)
        .catch(() => ({ ok: false, error: 'no answer from the server' }) as const),
    close() {
      if (retry) clearTimeout(retry);
      recorder.dispose();
      socket.close();
    },
  };
}
