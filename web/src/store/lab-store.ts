// The page's view of the server: a snapshot, then live events folded with the same reducer
// the server uses. No React here; use-lab.ts binds it with useSyncExternalStore.

import { io, type Socket } from 'socket.io-client';
import { initialState, reduce, type LabState } from '../../../shared/lab.ts';
import {
  HISTORY_LIMIT,
  type ClientToServerEvents,
  type ControlCommand,
  type ControlResult,
  type LabEvent,
  type Role,
  type ServerToClientEvents,
  type Snapshot,
} from '../../../shared/protocol.ts';

/** Events kept for the diagram and the log; older ones are dropped. */
export const EVENTS_KEPT = HISTORY_LIMIT;

export type Link = 'connecting' | 'live' | 'offline';

export interface LabView {
  link: Link;
  lab: LabState;
  /** Recent events, oldest first, gapless up to `lab.seq`. */
  events: readonly LabEvent[];
  /** Changes when the server restarts, so the page can drop what it drew before. */
  run: number;
  /** What this page may do; teachers see the controls. */
  role: Role;
}

export interface LabStore {
  getState(): LabView;
  subscribe(listener: () => void): () => void;
  /** Sends a teacher's command; resolves with the server's answer. */
  control(command: ControlCommand): Promise<ControlResult>;
  close(): void;
}

type LabSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The teacher token from the page's address (?token=…), given in --lan mode. */
const tokenFromLocation = (): string | undefined =>
  new URLSearchParams((globalThis as { location?: { search: string } }).location?.search ?? '').get(
    'token',
  ) ?? undefined;

export function createLabStore(url?: string, token = tokenFromLocation()): LabStore {
  let view: LabView = {
    link: 'connecting',
    lab: initialState(),
    events: [],
    run: 0,
    role: 'viewer',
  };
  const listeners = new Set<() => void>();
  const set = (next: LabView): void => {
    view = next;
    for (const listener of listeners) listener();
  };

  const options = { auth: token ? { token } : {} };
  const socket: LabSocket = url ? io(url, options) : io(options);

  socket.on('snapshot', (snapshot: Snapshot) => {
    const restarted = snapshot.state.startedAt !== view.lab.startedAt;
    set({
      link: 'live',
      lab: snapshot.state,
      events: snapshot.history.slice(-EVENTS_KEPT),
      run: restarted ? view.run + 1 : view.run,
      role: snapshot.role,
    });
  });

  socket.on('events', (batch: LabEvent[]) => {
    let { lab } = view;
    const fresh: LabEvent[] = [];
    for (const event of batch) {
      if (event.seq <= lab.seq) continue;
      if (event.seq !== lab.seq + 1) {
        // A gap means we missed something: ask for a snapshot rather than draw a lie.
        socket.emit('resync');
        break;
      }
      lab = reduce(lab, event);
      fresh.push(event);
    }
    if (fresh.length === 0) return;
    // The teacher's "clear" starts the drawing afresh on every page.
    const cleared = fresh.findLastIndex((e) => e.type === 'diagram.cleared');
    const events = cleared >= 0 ? fresh.slice(cleared) : view.events.concat(fresh);
    set({
      ...view,
      lab,
      events: events.length > EVENTS_KEPT ? events.slice(-EVENTS_KEPT) : events,
    });
  });

  socket.on('connect', () => set({ ...view, link: view.link === 'live' ? 'live' : 'connecting' }));
  socket.on('disconnect', () => set({ ...view, link: 'offline' }));

  return {
    getState: () => view,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    control: (command) =>
      socket
        .timeout(5_000)
        .emitWithAck('control', command)
        .catch(() => ({ ok: false, error: 'no answer from the server' }) as const),
    close: () => void socket.close(),
  };
}
