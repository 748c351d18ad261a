// The page's recording of the lab: the recent events and, beside each, the state after it.
// The reducer's updates share structure, so a state per event costs little more than the
// event itself. Pure, so the rules the timeline follows are the ones the tests check.

import { initialState, reduce, type LabState } from '../../../shared/lab.ts';
import type { LabEvent } from '../../../shared/protocol.ts';

export interface Frames {
  /** Kept events, oldest first, gapless. */
  readonly events: readonly LabEvent[];
  /** `states[i]` is the lab after `events[i]`; null where it cannot be known (before `floor`). */
  readonly states: readonly (LabState | null)[];
  /** The first index with a known state: the timeline can go no further back. */
  readonly floor: number;
  /** The lab after every event received, kept or not. */
  readonly present: LabState;
  /**
   * Events came that were not kept: the view was paused and the recording full. Nothing is
   * kept after that until a fresh snapshot, so the kept events stay gapless.
   */
  readonly frozen: boolean;
}

/** A state known at some seq: a snapshot's, or the first known one of a saved session. */
export interface Anchor {
  seq: number;
  state: LabState;
}

export const emptyFrames = (present: LabState = initialState()): Frames => ({
  events: [],
  states: [],
  floor: 0,
  present,
  frozen: false,
});

const isClear = (e: LabEvent): boolean => e.type === 'diagram.cleared';

/**
 * Frames for `events`, knowing the state at `anchor` and, optionally, states from an older
 * recording of the same run (`known`) and the state before the first event (`base`). A
 * state is known where one of those gives it, after a restart, or by folding forward from
 * a known one; events before the first known state can be drawn but not stepped to.
 */
export function framesFrom(
  events: readonly LabEvent[],
  anchor: Anchor,
  known: (seq: number) => LabState | null = () => null,
  base: LabState | null = null,
): Frames {
  const first = events[0];
  let previous: LabState | null =
    base ?? (first && anchor.seq === first.seq - 1 ? anchor.state : null);
  const states: (LabState | null)[] = [];
  for (const e of events) {
    let state = e.seq === anchor.seq ? anchor.state : known(e.seq);
    if (!state && e.type === 'server.started') state = reduce(initialState(), e);
    if (!state && previous) state = reduce(previous, e);
    states.push(state);
    previous = state;
  }
  const floor = states.findIndex((s) => s !== null);
  const last = states[states.length - 1] ?? null;
  const present = last && last.seq >= anchor.seq ? last : anchor.state;
  return {
    events,
    states,
    floor: floor < 0 ? events.length : floor,
    present,
    frozen: false,
  };
}

/** Drops the first `n` frames. */
function dropFront(frames: Frames, n: number): Frames {
  if (n <= 0) return frames;
  return {
    ...frames,
    events: frames.events.slice(n),
    states: frames.states.slice(n),
    floor: Math.max(0, frames.floor - n),
  };
}

/**
 * The recording under the live edge's rules: nothing before the teacher's last "clear",
 * and no more than `limit` events. A paused view keeps more; this applies on going live.
 */
export function settle(frames: Frames, limit: number): Frames {
  const cleared = frames.events.findLastIndex(isClear);
  return dropFront(frames, Math.max(cleared, frames.events.length - limit));
}

export interface Appended {
  frames: Frames;
  /** An event was missing: the caller should ask for a fresh snapshot. */
  gap: boolean;
}

/**
 * Folds a batch of live events into the recording. At the live edge (`following`) the
 * recording keeps the newest `limit` events, from the last clear on; with a `slack`, it
 * lets up to `limit + slack` gather and then drops back to `limit` at once, so what is
 * drawn from the recording is extended batch by batch and rebuilt only once per `slack`
 * events. Paused, it keeps everything it has, so the view does not change, and records
 * new events while there is room; past that it only updates `present` and marks itself
 * frozen.
 */
export function appendEvents(
  frames: Frames,
  batch: readonly LabEvent[],
  following: boolean,
  limit: number,
  slack = 0,
): Appended {
  let present = frames.present;
  const fresh: LabEvent[] = [];
  const states: LabState[] = [];
  let gap = false;
  for (const event of batch) {
    if (event.seq <= present.seq) continue;
    if (event.seq !== present.seq + 1) {
      // A gap means we missed something: better a fresh snapshot than a drawing that lies.
      gap = true;
      break;
    }
    present = reduce(present, event);
    fresh.push(event);
    states.push(present);
  }
  if (fresh.length === 0) return { frames, gap };
  if (following) {
    const grown: Frames = {
      events: frames.events.concat(fresh),
      states: frames.states.concat(states),
      floor: frames.floor,
      present,
      frozen: false,
    };
    const cleared = fresh.findLastIndex(isClear);
    const from = cleared >= 0 ? frames.events.length + cleared : 0;
    const over = grown.events.length - limit;
    return { frames: dropFront(grown, Math.max(from, over > slack ? over : 0)), gap };
  }
  const room = frames.frozen ? 0 : Math.max(0, limit - frames.events.length);
  const take = Math.min(room, fresh.length);
  return {
    frames: {
      events: take > 0 ? frames.events.concat(fresh.slice(0, take)) : frames.events,
      states: take > 0 ? frames.states.concat(states.slice(0, take)) : frames.states,
      floor: frames.floor,
      present,
      frozen: frames.frozen || take < fresh.length,
    },
    gap,
  };
}

/** The index of the event with this seq, or -1; events are in seq order. */
export function indexOfSeq(events: readonly LabEvent[], seq: number): number {
  let lo = 0;
  let hi = events.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = (events[mid] as LabEvent).seq;
    if (at === seq) return mid;
    if (at < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The state at `seq` if the recording knows it, for rebuilding after a fresh snapshot. */
export const stateAt =
  (frames: Frames) =>
  (seq: number): LabState | null =>
    frames.states[indexOfSeq(frames.events, seq)] ?? null;

/** The first state the recording knows, which a saved session starts from. */
export function anchorOf(frames: Frames): Anchor {
  const event = frames.events[frames.floor];
  const state = frames.states[frames.floor];
  return event && state
    ? { seq: event.seq, state }
    : { seq: frames.present.seq, state: frames.present };
}
