// Where the view stands in the recording: at the live edge, or paused (or playing) at one
// event. The cursor holds an event's seq rather than an index, so it stays on the same
// event while old ones are dropped from the front. Pure; the store runs the clock.

import type { LabEvent } from '../../../shared/protocol.ts';
import { indexOfSeq, type Frames } from './frames.ts';

export const SPEEDS = [0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];

/**
 * Playback waits for the recorded gap between two events, but never longer than this: a
 * minute in which nobody typed would otherwise replay as a minute of nothing.
 */
export const MAX_GAP_MS = 1500;

export interface Cursor {
  /** At the live edge: new events show as they come. A replay is never following. */
  following: boolean;
  /** The event shown last, when not following. */
  seq: number;
  playing: boolean;
  speed: Speed;
}

export const liveCursor = (speed: Speed = 1): Cursor => ({
  following: true,
  seq: 0,
  playing: false,
  speed,
});

const last = (frames: Frames): number => frames.events.length - 1;

/** The index of the event the view shows; -1 with no events. */
export function cursorIndex(frames: Frames, cursor: Cursor): number {
  if (cursor.following) return last(frames);
  const i = indexOfSeq(frames.events, cursor.seq);
  // Its event was dropped (a fresh snapshot): the oldest one the timeline can show.
  return i >= 0 ? i : Math.min(frames.floor, last(frames));
}

/** The cursor on event `index`, paused, clamped to what the recording can show. */
export function at(frames: Frames, cursor: Cursor, index: number): Cursor {
  const top = last(frames);
  if (top < 0) return cursor;
  const i = Math.max(Math.min(frames.floor, top), Math.min(top, Math.round(index)));
  return { ...cursor, following: false, playing: false, seq: (frames.events[i] as LabEvent).seq };
}

export const pause = (frames: Frames, cursor: Cursor): Cursor =>
  at(frames, cursor, cursorIndex(frames, cursor));

export const step = (frames: Frames, cursor: Cursor, delta: number): Cursor =>
  at(frames, cursor, cursorIndex(frames, cursor) + delta);

/**
 * Starts playing from the cursor. At the end of a replay it starts over from the oldest
 * event, as a video player does; at the end of a live recording it simply goes live.
 */
export function play(frames: Frames, cursor: Cursor, replay: boolean): Cursor {
  if (cursor.following) return cursor;
  const i = cursorIndex(frames, cursor);
  if (i >= last(frames)) {
    if (!replay) return { ...cursor, following: true, playing: false };
    return { ...at(frames, cursor, frames.floor), playing: true };
  }
  return { ...cursor, playing: true };
}

/**
 * One tick of playback: the next event, or, past the last kept one, the live edge (live)
 * or a stop (replay).
 */
export function advance(frames: Frames, cursor: Cursor, replay: boolean): Cursor {
  const i = cursorIndex(frames, cursor);
  if (i < last(frames)) return { ...at(frames, cursor, i + 1), playing: true };
  if (replay) return { ...cursor, playing: false };
  return { ...cursor, following: true, playing: false };
}

/** How long playback waits before showing the event after `index`, at `speed`. */
export function delayAfter(frames: Frames, index: number, speed: Speed): number {
  const now = frames.events[index];
  const next = frames.events[index + 1];
  if (!now || !next) return 0;
  // Time restarts with the server, so a restart in the recording is a jump, not a wait.
  const gap = Math.max(0, next.t - now.t);
  return Math.min(gap, MAX_GAP_MS) / speed;
}

export const isSpeed = (value: number): value is Speed =>
  (SPEEDS as readonly number[]).includes(value);
