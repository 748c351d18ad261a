// The pieces rows are folded from: one arrow or note per event, except that a client's run
// of reads and echoes is folded into a single summary row whose counts stay exact, and so is
// a run of connections past a full queue. A summary the server sent (`data.burst`) is always
// drawn as (part of) such a row: the page draws what it is told, and the row of a flood adds
// its first arrows and every summary after them. The constants are shared/traffic-policy.ts's,
// where the server takes its budget from. build-rows.ts runs these over the events, batch by
// batch. Pure, so the rules a class sees are the rules the tests check.

import type { LabEvent } from '../../../shared/protocol.ts';
import {
  countTraffic,
  FOLD_GAP_MS,
  FOLD_MIN_EVENTS,
  FOLD_PERIOD_MS,
} from '../../../shared/traffic-policy.ts';
import { singleRow, type BurstRow, type Row } from './rows.ts';

/**
 * Where a fold puts its rows: the committed list, or a scratch list for the rows a block
 * still open would give. A summary row that goes on into the next block is replaced by a
 * copy before it grows, so a row a render already holds never changes under it.
 */
export interface RowSink {
  /** Appends a row; returns its index. */
  push(row: Row): number;
  replace(at: number, row: Row): void;
  /** Whether a summary key is taken already; takes it if not. */
  claim(key: string): boolean;
}

/** A summary row that may go on, with its index in the rows. */
export interface OpenBurst {
  row: BurstRow;
  at: number;
}

export interface AggregateOptions {
  /** A client's reads+echoes in one block at or above this are folded into one row. */
  burstMin: number;
  /** A pause longer than this between data events starts a new block. */
  gapMs: number;
  /**
   * Blocks never cross a multiple of this many ms of server time, so `burstMin` counts per
   * period; a summary row goes on into the next block while its client's traffic does.
   */
  periodMs: number;
  /** This many consecutive connections past a full queue share one note. */
  retriesMin: number;
}

export const AGGREGATE_DEFAULTS: AggregateOptions = {
  burstMin: FOLD_MIN_EVENTS,
  gapMs: FOLD_GAP_MS,
  periodMs: FOLD_PERIOD_MS,
  retriesMin: 4,
};

export type DataEvent = Extract<LabEvent, { type: 'data.read' | 'data.echoed' | 'data.burst' }>;

export const isData = (e: LabEvent): e is DataEvent =>
  e.type === 'data.read' || e.type === 'data.echoed' || e.type === 'data.burst';

function startBurst(e: DataEvent, key: string): BurstRow {
  return {
    key,
    seq: e.seq,
    lastSeq: e.seq,
    t: e.t,
    endT: e.t,
    kind: 'burst',
    client: e.id,
    reads: 0,
    echoes: 0,
    bytesIn: 0,
    bytesOut: 0,
    maxRead: 0,
    summaries: 0,
    arrows: 0,
    spanKnown: e.type !== 'data.burst',
  };
}

function addToBurst(row: BurstRow, e: DataEvent): void {
  row.lastSeq = e.seq;
  row.endT = e.t;
  countTraffic(row, e);
  if (e.type === 'data.burst') row.summaries += 1;
  else row.arrows += 1;
  if (e.type === 'data.read') row.maxRead = Math.max(row.maxRead, e.bytes);
}

export type RetryEvent = Extract<LabEvent, { type: 'client.connected' }>;

export const isRetry = (e: LabEvent): e is RetryEvent =>
  e.type === 'client.connected' && e.phase === 'retrying';

/** Appends a run of consecutive connections that found the queue full. */
export function pushRetries(rows: RowSink, run: readonly RetryEvent[], retriesMin: number): void {
  const first = run[0];
  const last = run[run.length - 1];
  if (!first || !last) return;
  if (run.length < retriesMin) {
    for (const e of run) rows.push(singleRow(e, false) as Row);
    return;
  }
  rows.push({
    key: `r${first.seq}`,
    seq: first.seq,
    lastSeq: last.seq,
    t: first.t,
    kind: 'retries',
    clients: run.map((e) => e.client.id),
  });
}

/** What one client did in a block. */
export interface Seen {
  events: number;
  reads: number;
  /** A summary of the server's is among its events. */
  summed: boolean;
}

/**
 * Appends the rows of one block of consecutive data events: first one summary per client
 * with a burst, in client order, then the other events one by one. The summaries overlap in
 * time, so no order among them is truer than another; a fixed one keeps them from swapping
 * places on every batch while the store drops old events. For the same reason a summary's
 * key is its client and period, not its first seq. A client whose summary row goes on from
 * the previous block (`carried`) adds to that row. Returns the rows that may go on.
 */
export function pushBlock(
  rows: RowSink,
  block: readonly DataEvent[],
  seen: ReadonlyMap<number, Seen>,
  options: AggregateOptions,
  carried: ReadonlyMap<number, OpenBurst>,
): Map<number, OpenBurst> {
  const bursting = [...seen]
    .filter(([id, c]) => c.summed || c.events >= options.burstMin || carried.has(id))
    .map(([id]) => id)
    .sort((a, b) => a - b);
  const bursts = new Map<number, OpenBurst>();
  for (const id of bursting) {
    const goesOn = carried.get(id);
    if (goesOn) {
      const row = { ...goesOn.row };
      rows.replace(goesOn.at, row);
      bursts.set(id, { row, at: goesOn.at });
      continue;
    }
    const first = block.find((e) => e.id === id) as DataEvent;
    let key = `b${id}:${Math.floor(first.t / options.periodMs)}`;
    if (!rows.claim(key)) {
      key += `:${first.seq}`;
      rows.claim(key);
    }
    const row = startBurst(first, key);
    bursts.set(id, { row, at: rows.push(row) });
  }
  for (const e of block) {
    const burst = bursts.get(e.id);
    if (burst) addToBurst(burst.row, e);
    else rows.push(singleRow(e, false) as Row);
  }
  return bursts;
}

/** The seqs of the pauses from `from` on that no later `server.resumed` has ended. */
export function stillHeld(events: readonly LabEvent[], from: number): Set<number> {
  const held = new Set<number>();
  const resumed = new Map<string, number>();
  for (let i = events.length - 1; i >= from; i--) {
    const e = events[i] as LabEvent;
    if (e.type !== 'server.paused' && e.type !== 'server.resumed') continue;
    const key = `${e.step}:${e.id}`;
    const later = resumed.get(key) ?? 0;
    if (e.type === 'server.resumed') resumed.set(key, later + 1);
    else if (later > 0) resumed.set(key, later - 1);
    else held.add(e.seq);
  }
  return held;
}
