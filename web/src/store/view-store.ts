// The store behind every page, live or replayed: a recording of events and states, the
// timeline's cursor over it, and the clock that plays it back. No React and no socket
// here: lab-store.ts feeds it from the server, replay-store.ts from a saved session.

import type { LabState } from '../../../shared/lab.ts';
import type { ControlCommand, ControlResult, LabEvent, Role } from '../../../shared/protocol.ts';
import { createStore, shallowEqual } from './store.ts';
import { anchorOf, appendEvents, settle, indexOfSeq, type Anchor, type Frames } from './frames.ts';
import {
  advance,
  at,
  cursorIndex,
  delayAfter,
  pause,
  play,
  step,
  type Cursor,
  type Speed,
} from './timeline.ts';

export type Link = 'connecting' | 'live' | 'offline' | 'replay';
export type Source = 'live' | 'replay';

export interface TimelineView {
  source: Source;
  /** The event the view shows, as an index into the kept events; -1 with none. */
  index: number;
  /** The oldest index the timeline can show. */
  floor: number;
  count: number;
  following: boolean;
  playing: boolean;
  speed: Speed;
  /** The shown event's time and the newest kept one's, in ms since the server started. */
  t: number | null;
  endT: number | null;
  /** Events the server sent after the shown one, kept or not. */
  behind: number;
  /** Paused long enough that new events are no longer kept ("Live" fetches them). */
  frozen: boolean;
}

export interface LabView {
  link: Link;
  /** Why the page is not connected, in the server's words (e.g. a limit), when it said. */
  linkDetail: string | null;
  /** The lab as of the timeline's cursor (the present, at the live edge). */
  lab: LabState;
  /** The kept events up to the cursor, oldest first, gapless. */
  events: readonly LabEvent[];
  /** Changes when the server restarts, so the page can drop what it drew before. */
  run: number;
  /** What this page may do; teachers see the controls. */
  role: Role;
  source: Source;
  timeline: TimelineView;
  /** The lab after every event received, whatever the cursor shows. */
  present: LabState;
}

export interface TimelineControls {
  pause(): void;
  play(): void;
  /** Pause when live or playing, play when paused: the space bar. */
  toggle(): void;
  step(delta: number): void;
  seek(index: number): void;
  oldest(): void;
  /** Back to the live edge (a replay: to its last event). */
  live(): void;
  setSpeed(speed: Speed): void;
}

/** What an export saves: the kept events and the first state they can be replayed from. */
export interface Recording {
  events: readonly LabEvent[];
  anchor: Anchor;
  present: LabState;
}

export interface LabStore {
  getState(): LabView;
  subscribe(listener: () => void): () => void;
  /** Sends a teacher's command; resolves with the server's answer. */
  control(command: ControlCommand): Promise<ControlResult>;
  timeline: TimelineControls;
  recording(): Recording;
  close(): void;
}

export interface RecorderOptions {
  source: Source;
  frames: Frames;
  cursor: Cursor;
  link: Link;
  role: Role;
  /** Events kept at the live edge; twice as many while paused, so stepping on has room. */
  limit: number;
  /** The recording missed events or froze, and the view wants the present: resync. */
  onStale?: () => void;
}

export interface Recorder extends Omit<LabStore, 'control' | 'close'> {
  frames(): Frames;
  cursor(): Cursor;
  /** Replaces the recording (a fresh snapshot); `fresh` says it is a new server run. */
  load(frames: Frames, fresh: boolean, meta?: { role?: Role }): void;
  ingest(batch: readonly LabEvent[]): void;
  setLink(link: Link, detail?: string): void;
  dispose(): void;
}

/** The kept events up to `i`, reusing the previous array when it already is exactly that. */
function eventsUpTo(frames: Frames, i: number, previous: readonly LabEvent[]): readonly LabEvent[] {
  const { events } = frames;
  if (i >= events.length - 1) return events;
  if (previous.length === i + 1 && previous[0] === events[0] && previous[i] === events[i]) {
    return previous;
  }
  return events.slice(0, i + 1);
}

/**
 * Live, the recording may hold this share of `limit` more before it drops back: the page
 * extends its drawing and explanations per batch and rebuilds them once per that many
 * events, instead of on every batch that moves the window's first event.
 */
const SLACK_SHARE = 1 / 6;

export function createRecorder(options: RecorderOptions): Recorder {
  const { source, limit, onStale } = options;
  const slack = Math.ceil(limit * SLACK_SHARE);
  const replay = source === 'replay';
  let frames = options.frames;
  let cursor = options.cursor;
  let link = options.link;
  let linkDetail: string | null = null;
  let role = options.role;
  let run = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const compute = (previous: LabView | null): LabView => {
    const i = cursorIndex(frames, cursor);
    const shown = frames.events[i];
    const lab = cursor.following ? frames.present : (frames.states[i] ?? frames.present);
    const top = frames.events[frames.events.length - 1];
    const timeline: TimelineView = {
      source,
      index: i,
      floor: Math.min(frames.floor, frames.events.length - 1),
      count: frames.events.length,
      following: cursor.following,
      playing: cursor.playing,
      speed: cursor.speed,
      t: shown?.t ?? null,
      endT: top?.t ?? null,
      behind: cursor.following || !shown ? 0 : Math.max(0, frames.present.seq - shown.seq),
      frozen: frames.frozen,
    };
    return {
      link,
      linkDetail,
      lab,
      events: eventsUpTo(frames, i, previous?.events ?? []),
      run,
      role,
      source,
      present: frames.present,
      // The same object while nothing in it changed, so its readers are not redrawn.
      timeline:
        previous && shallowEqual(previous.timeline, timeline) ? previous.timeline : timeline,
    };
  };
  const store = createStore(compute(null));

  const emit = (): void => store.setState(compute(store.getState()));

  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!cursor.playing) return;
    const wait = delayAfter(frames, cursorIndex(frames, cursor), cursor.speed);
    timer = setTimeout(() => {
      timer = null;
      move(advance(frames, cursor, replay));
    }, wait);
  };

  const move = (next: Cursor): void => {
    const joined = next.following && !cursor.following;
    cursor = next;
    if (joined) {
      // Back at the live edge, the recording follows the live rules again: forget what the
      // teacher cleared and what is over the limit, and fetch what a frozen pause missed.
      frames = settle(frames, limit);
      if (frames.frozen) onStale?.();
    }
    schedule();
    emit();
  };

  const timeline: TimelineControls = {
    pause: () => move(pause(frames, cursor)),
    play: () => move(play(frames, cursor, replay)),
    toggle: () =>
      cursor.following || cursor.playing
        ? move(pause(frames, cursor))
        : move(play(frames, cursor, replay)),
    step: (delta) => move(step(frames, cursor, delta)),
    seek: (index) => move(at(frames, cursor, index)),
    oldest: () => move(at(frames, cursor, frames.floor)),
    live: () =>
      replay
        ? move(at(frames, cursor, frames.events.length - 1))
        : move({ ...cursor, following: true, playing: false }),
    setSpeed: (speed) => move({ ...cursor, speed }),
  };

  return {
    getState: store.getState,
    subscribe: store.subscribe,
    timeline,
    recording: () => ({ events: frames.events, anchor: anchorOf(frames), present: frames.present }),
    frames: () => frames,
    cursor: () => cursor,
    load(next, fresh, meta = {}) {
      frames = next;
      if (meta.role) role = meta.role;
      if (fresh) run += 1;
      if (fresh || (!cursor.following && indexOfSeq(frames.events, cursor.seq) < 0)) {
        cursor = { ...cursor, following: !replay, playing: false };
      }
      schedule();
      emit();
    },
    ingest(batch) {
      const paused = !cursor.following;
      const result = appendEvents(frames, batch, !paused, paused ? limit * 2 : limit, slack);
      if (result.gap) onStale?.();
      if (result.frames === frames) return;
      frames = result.frames;
      emit();
    },
    setLink(next, detail) {
      if (next === link && (detail ?? null) === linkDetail) return;
      link = next;
      linkDetail = detail ?? null;
      emit();
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      store.clear();
    },
  };
}
