// Events become rows: one arrow or note per event, except that a burst of reads and echoes
// of one client is folded into a single summary row whose counts stay exact, and so is a
// run of connections past a full queue. Pure, so the rules a class sees are the rules the
// tests check.

import type { LabEvent } from '../../../shared/protocol.ts';
import { singleRow, type BurstRow, type Row } from './rows.ts';

export interface AggregateOptions {
  /** A client's reads+echoes in one block at or above this are folded into one row. */
  burstMin: number;
  /** A pause longer than this between data events starts a new block. */
  gapMs: number;
  /**
   * Blocks never cross a multiple of this many ms of server time, so a steady stream shows
   * as one summary per period, and the boundaries do not move as old events are dropped.
   */
  spanMs: number;
  /** This many consecutive connections past a full queue share one note. */
  retriesMin: number;
}

export const AGGREGATE_DEFAULTS: AggregateOptions = {
  burstMin: 16,
  gapMs: 250,
  spanMs: 1000,
  retriesMin: 4,
};

type DataEvent = Extract<LabEvent, { type: 'data.read' | 'data.echoed' }>;

const isData = (e: LabEvent): e is DataEvent => e.type === 'data.read' || e.type === 'data.echoed';

function startBurst(e: DataEvent, key: string): BurstRow {
  const read = e.type === 'data.read';
  return {
    key,
    seq: e.seq,
    lastSeq: e.seq,
    t: e.t,
    endT: e.t,
    kind: 'burst',
    client: e.id,
    reads: read ? 1 : 0,
    echoes: read ? 0 : 1,
    bytesIn: read ? e.bytes : 0,
    bytesOut: read ? 0 : e.bytes,
    maxRead: read ? e.bytes : 0,
  };
}

function addToBurst(row: BurstRow, e: DataEvent): void {
  row.lastSeq = e.seq;
  row.endT = e.t;
  if (e.type === 'data.read') {
    row.reads += 1;
    row.bytesIn += e.bytes;
    row.maxRead = Math.max(row.maxRead, e.bytes);
  } else {
    row.echoes += 1;
    row.bytesOut += e.bytes;
  }
}

type RetryEvent = Extract<LabEvent, { type: 'client.connected' }>;

const isRetry = (e: LabEvent): e is RetryEvent =>
  e.type === 'client.connected' && e.phase === 'retrying';

/** Appends a run of consecutive connections that found the queue full. */
function pushRetries(rows: Row[], run: readonly RetryEvent[], retriesMin: number): void {
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

/**
 * Appends the rows of one block of consecutive data events: first one summary per client
 * with a burst, in client order, then the other events one by one. The summaries overlap in
 * time, so no order among them is truer than another; a fixed one keeps them from swapping
 * places on every batch while the store drops old events. For the same reason a summary's
 * key is its client and period, not its first seq.
 */
function pushBlock(
  rows: Row[],
  block: readonly DataEvent[],
  options: AggregateOptions,
  keys: Set<string>,
  carried: ReadonlySet<number>,
): Set<number> {
  const counts = new Map<number, number>();
  for (const e of block) counts.set(e.id, (counts.get(e.id) ?? 0) + 1);
  const bursting = new Set(
    [...counts]
      .filter(([id, n]) => n >= options.burstMin || carried.has(id))
      .map(([id]) => id)
      .sort((a, b) => a - b),
  );
  const bursts = new Map<number, BurstRow>();
  for (const id of bursting) {
    const first = block.find((e) => e.id === id) as DataEvent;
    let key = `b${id}:${Math.floor(first.t / options.spanMs)}`;
    if (keys.has(key)) key += `:${first.seq}`;
    keys.add(key);
    const row = startBurst(first, key);
    bursts.set(id, row);
    rows.push(row);
  }
  const started = new Set<number>();
  for (const e of block) {
    const burst = bursts.get(e.id);
    if (!burst) rows.push(singleRow(e, false) as Row);
    else if (started.has(e.id)) addToBurst(burst, e);
    else started.add(e.id);
  }
  return bursting;
}

/** The seqs of the pauses from `from` on that no later `server.resumed` has ended. */
function stillHeld(events: readonly LabEvent[], from: number): Set<number> {
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

/**
 * One row per event, oldest first, with bursts folded. A block is a run of consecutive
 * data events (any client) with no pause over `gapMs` and not crossing a `spanMs` boundary;
 * within it, a client with `burstMin` or more events gets one summary row. Any other event
 * (connect, word, close, ...) ends the block, so a summary never hides when those happened.
 * Likewise `retriesMin` or more consecutive connections past a full queue share one note.
 * Events before the last `diagram.cleared` are left out.
 */
export function buildRows(
  events: readonly LabEvent[],
  options: AggregateOptions = AGGREGATE_DEFAULTS,
): Row[] {
  const rows: Row[] = [];
  let block: DataEvent[] = [];
  let retries: RetryEvent[] = [];
  const keys = new Set<string>();
  // Clients whose stream goes on from the previous block, split from it only by a period
  // boundary: they stay summarised from their first event instead of flickering back to
  // single arrows until the threshold is reached again.
  let carried = new Set<number>();
  const flush = (continued = false): void => {
    const bursting = block.length > 0 ? pushBlock(rows, block, options, keys, carried) : null;
    carried = continued && bursting ? bursting : new Set();
    if (retries.length > 0) pushRetries(rows, retries, options.retriesMin);
    block = [];
    retries = [];
  };
  // A clear drops everything drawn before it, whatever history the page was handed.
  const cleared = events.findLastIndex((e) => e.type === 'diagram.cleared');
  const held = stillHeld(events, cleared + 1);
  for (let i = cleared + 1; i < events.length; i++) {
    const e = events[i] as LabEvent;
    if (isRetry(e)) {
      if (block.length > 0) flush();
      retries.push(e);
      continue;
    }
    if (!isData(e)) {
      const row = singleRow(e, held.has(e.seq));
      // Events that draw nothing (a client named, a pause already over) split no run.
      if (!row) continue;
      flush();
      rows.push(row);
      continue;
    }
    if (retries.length > 0) flush();
    const last = block[block.length - 1];
    const period = (t: number): number => Math.floor(t / options.spanMs);
    if (last && e.t - last.t > options.gapMs) flush();
    else if (last && period(e.t) !== period(last.t)) flush(true);
    block.push(e);
  }
  flush();
  return rows;
}
