// The lines of a run file. A run is JSON Lines, appended as the lesson goes: a header,
// then each lab event on a line of its own, with the lab state written now and then
// (a checkpoint) so any stretch can be replayed without folding the whole run.
// Appending whole lines means a crash can only cut the very last line short.

import type { LabState } from '../../shared/lab.ts';
import type { LabEvent } from '../../shared/protocol.ts';
import { checkEvent, checkLab } from '../../shared/schema/session.ts';

export const RUN_FORMAT = 'echo-lab-run';
export const RUN_VERSION = 1;

export interface RunHeader {
  format: typeof RUN_FORMAT;
  version: typeof RUN_VERSION;
  /** When the run started, as an ISO date. */
  startedAt: string;
  pid: number;
}

export const EndReason = {
  /** Echo Lab stopped normally. */
  stopped: 'stopped',
  /** The run reached its size cap (--sessions-max-mb); nothing after `seq` was kept. */
  full: 'full',
} as const;
export type EndReason = (typeof EndReason)[keyof typeof EndReason];

export type RunLine =
  | { checkpoint: { seq: number; state: LabState } }
  /** The disk fell behind: these events were not written (the next line is a checkpoint). */
  | { dropped: { events: number; fromSeq: number; toSeq: number } }
  | { ended: { reason: EndReason; seq: number } };

export type ParsedLine =
  | { kind: 'header'; header: RunHeader }
  | { kind: 'event'; event: LabEvent }
  | { kind: 'checkpoint'; seq: number; state: LabState }
  | { kind: 'dropped'; events: number; fromSeq: number; toSeq: number }
  | { kind: 'ended'; reason: EndReason; seq: number }
  | { kind: 'bad' };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const whole = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * What a line is. The file is Echo Lab's own, but it sits on a disk others can write, so
 * events and states are checked against the schema (shared/schema/) before the server folds
 * them, and again when the page opens them.
 */
export function parseLine(text: string): ParsedLine {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { kind: 'bad' };
  }
  if (!isObject(v)) return { kind: 'bad' };
  if (typeof v.type === 'string') {
    const event = checkEvent(v, 'event');
    return event.ok ? { kind: 'event', event: event.value } : { kind: 'bad' };
  }
  if (v.format === RUN_FORMAT) {
    const ok = v.version === RUN_VERSION && typeof v.startedAt === 'string';
    return ok ? { kind: 'header', header: v as unknown as RunHeader } : { kind: 'bad' };
  }
  const { checkpoint, dropped, ended } = v;
  if (isObject(checkpoint) && whole(checkpoint.seq)) {
    const state = checkLab(checkpoint.state, 'state');
    return state.ok
      ? { kind: 'checkpoint', seq: checkpoint.seq, state: state.value }
      : { kind: 'bad' };
  }
  if (
    isObject(dropped) &&
    whole(dropped.events) &&
    whole(dropped.fromSeq) &&
    whole(dropped.toSeq)
  ) {
    const { events, fromSeq, toSeq } = dropped;
    return { kind: 'dropped', events, fromSeq, toSeq };
  }
  if (
    isObject(ended) &&
    whole(ended.seq) &&
    Object.values(EndReason).includes(ended.reason as EndReason)
  ) {
    return { kind: 'ended', reason: ended.reason as EndReason, seq: ended.seq };
  }
  return { kind: 'bad' };
}

/** How the writer's event lines end: the stamp, last, as the echo server adds it. */
const STAMP = /,"seq":(\d{1,15}),"t":(\d+(?:\.\d+)?(?:e[-+]?\d+)?)\}$/;

/**
 * The seq and time of an event line, read without parsing the rest: indexing a long run
 * reads every line, and most are events. Null for any other line (parse it fully then).
 * Events are parsed and checked in full when a part of the run is read (parseLine).
 */
export function eventStamp(text: string): { seq: number; t: number } | null {
  if (!text.startsWith('{"type":"')) return null;
  const m = STAMP.exec(text);
  return m ? { seq: Number(m[1]), t: Number(m[2]) } : null;
}
