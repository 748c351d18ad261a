// The page's recording and the timeline's cursor, without a browser: states beside events,
// what a paused view keeps, what a snapshot lets the timeline reach, and playback.

import { describe, expect, it } from 'vitest';
import { initialState, reduceAll } from '../shared/lab.ts';
import { DEFAULTS, type LabEvent, type LabEventBody } from '../shared/protocol.ts';
import {
  appendEvents,
  emptyFrames,
  framesFrom,
  settle,
  stateAt,
  type Frames,
} from '../web/src/store/frames.ts';
import {
  advance,
  at,
  cursorIndex,
  delayAfter,
  liveCursor,
  MAX_GAP_MS,
  pause,
  play,
  step,
} from '../web/src/store/timeline.ts';

const config = { ...DEFAULTS, port: 8000 };

/** Events with gapless seqs from `from`, 10 ms apart. */
function stamp(bodies: LabEventBody[], from = 1): LabEvent[] {
  return bodies.map((body, i) => ({ ...body, seq: from + i, t: (from + i) * 10 }));
}

const client = (id: number) => ({
  type: 'client.connected' as const,
  client: { id, kind: 'raw' as const, address: '127.0.0.1', port: 50000 + id, label: `c${id}` },
  phase: 'waiting' as const,
});

/** A server start, two clients, the first served and gone, the second accepted. */
const SESSION = stamp([
  { type: 'server.started', config, startedAt: 1 },
  client(1),
  { type: 'client.accepted', id: 1 },
  client(2),
  { type: 'data.read', id: 1, bytes: 4, preview: 'hola', truncated: false },
  { type: 'data.echoed', id: 1, bytes: 4 },
  { type: 'client.word', id: 1, bytes: 11, preview: 'desconectar', truncated: false },
  { type: 'client.closed', id: 1, by: 'server', reason: 'word' },
  { type: 'client.accepted', id: 2 },
]);

const live = (events: readonly LabEvent[], limit = 100): Frames =>
  appendEvents(emptyFrames(), events, true, limit).frames;

describe('the recording', () => {
  it('keeps the state after every event, the same the reducer gives', () => {
    const frames = live(SESSION);
    SESSION.forEach((_, i) => {
      expect(frames.states[i]).toEqual(reduceAll(initialState(), SESSION.slice(0, i + 1)));
    });
    expect(frames.present.served).toEqual([2]);
    expect(frames.floor).toBe(0);
  });

  it('at the live edge keeps the newest events up to the limit, from the last clear on', () => {
    const frames = live(SESSION, 4);
    expect(frames.events.map((e) => e.seq)).toEqual([6, 7, 8, 9]);
    const cleared = appendEvents(frames, stamp([{ type: 'diagram.cleared' }], 10), true, 4);
    expect(cleared.frames.events.map((e) => e.type)).toEqual(['diagram.cleared']);
    // The lab itself does not forget clients on a clear: only the drawing starts afresh.
    expect(cleared.frames.present.served).toEqual([2]);
  });

  it('paused, keeps what it has, records while there is room, then freezes', () => {
    const start = live(SESSION.slice(0, 3), 100);
    const paused = appendEvents(start, SESSION.slice(3), false, 5);
    expect(paused.frames.events).toHaveLength(5);
    expect(paused.frames.frozen).toBe(true);
    // The present still moves on, however much was not kept.
    expect(paused.frames.present.seq).toBe(9);
    const more = appendEvents(paused.frames, stamp([client(3)], 10), false, 50);
    expect(more.frames.events).toHaveLength(5);
    expect(more.frames.present.queue).toEqual([3]);
    expect(settle(more.frames, 3).events.map((e) => e.seq)).toEqual([3, 4, 5]);
  });

  it('reports a gap instead of folding past it', () => {
    const result = appendEvents(live(SESSION.slice(0, 3)), SESSION.slice(5), true, 100);
    expect(result.gap).toBe(true);
    expect(result.frames.present.seq).toBe(3);
  });

  it('from a snapshot: steps back only as far as it knows the state', () => {
    const history = SESSION.slice(3);
    const state = reduceAll(initialState(), SESSION);
    const blind = framesFrom(history, { seq: 9, state });
    expect(blind.floor).toBe(history.length - 1);
    expect(blind.states.slice(0, -1).every((s) => s === null)).toBe(true);

    // States the page recorded earlier in the same run fill the history in.
    const before = live(SESSION.slice(0, 5));
    const known = framesFrom(history, { seq: 9, state }, stateAt(before));
    expect(known.floor).toBe(0);
    expect(known.states[5]).toEqual(state);

    // So does a state before the first event, or a restart at its start.
    const based = framesFrom(history, { seq: 9, state }, undefined, before.states[2]);
    expect(based.floor).toBe(0);
    expect(framesFrom(SESSION, { seq: 9, state }).floor).toBe(0);
  });
});

describe('the cursor', () => {
  const frames = live(SESSION);

  it('pauses on the last event and steps within what can be shown', () => {
    const paused = pause(frames, liveCursor());
    expect(paused).toMatchObject({ following: false, seq: 9 });
    expect(cursorIndex(frames, step(frames, paused, -1))).toBe(7);
    expect(cursorIndex(frames, step(frames, paused, 5))).toBe(8);
    expect(cursorIndex(frames, step(frames, paused, -50))).toBe(0);
    const blind = { ...frames, floor: 4 };
    expect(cursorIndex(blind, step(blind, paused, -50))).toBe(4);
  });

  it('plays to the end, then goes live (or stops, in a replay)', () => {
    const early = { ...at(frames, liveCursor(), 7), playing: true };
    const next = advance(frames, early, false);
    expect(cursorIndex(frames, next)).toBe(8);
    expect(advance(frames, next, false)).toMatchObject({ following: true, playing: false });
    expect(advance(frames, next, true)).toMatchObject({ following: false, playing: false });
    // Play at the end of a replay starts over from the oldest event.
    expect(cursorIndex(frames, play(frames, next, true))).toBe(0);
    expect(play(frames, next, false).following).toBe(true);
  });

  it('waits the recorded gap, divided by the speed, and never too long', () => {
    expect(delayAfter(frames, 0, 1)).toBe(10);
    expect(delayAfter(frames, 0, 4)).toBe(2.5);
    const idle = live([...SESSION.slice(0, 2), { ...(SESSION[2] as LabEvent), t: 600_000 }]);
    expect(delayAfter(idle, 1, 0.5)).toBe(MAX_GAP_MS * 2);
    expect(delayAfter(frames, 8, 1)).toBe(0);
  });
});
