// Events become rows: one arrow or note per event, except that a client's run of reads and
// echoes is folded into a single summary row whose counts stay exact, and so is a run of
// connections past a full queue. A summary the server sent (`data.burst`) is always drawn
// as (part of) such a row: the page draws what it is told, and the row of a flood adds its
// first arrows and every summary after them. The constants are shared/traffic-policy.ts's,
// where the server takes its budget from. Pure, so the rules a class sees are the rules
// the tests check.

import type { EchoConfig, LabEvent } from '../../../shared/protocol.ts';
import {
  countTraffic,
  DETAILED_READS_PER_CLIENT,
  DETAILED_READS_PER_WINDOW,
  FOLD_GAP_MS,
  FOLD_MIN_EVENTS,
  FOLD_PERIOD_MS,
  SUMMARY_REACH_MS,
} from '../../../shared/traffic-policy.ts';
import { singleRow, type BurstRow, type Row } from './rows.ts';

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

type DataEvent = Extract<LabEvent, { type: 'data.read' | 'data.echoed' | 'data.burst' }>;

const isData = (e: LabEvent): e is DataEvent =>
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

/** What one client did in a block. */
interface Seen {
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
function pushBlock(
  rows: Row[],
  block: readonly DataEvent[],
  seen: ReadonlyMap<number, Seen>,
  options: AggregateOptions,
  keys: Set<string>,
  carried: ReadonlyMap<number, BurstRow>,
): Map<number, BurstRow> {
  const bursting = [...seen]
    .filter(([id, c]) => c.summed || c.events >= options.burstMin || carried.has(id))
    .map(([id]) => id)
    .sort((a, b) => a - b);
  const bursts = new Map<number, BurstRow>();
  for (const id of bursting) {
    const goesOn = carried.get(id);
    if (goesOn) {
      bursts.set(id, goesOn);
      continue;
    }
    const first = block.find((e) => e.id === id) as DataEvent;
    let key = `b${id}:${Math.floor(first.t / options.periodMs)}`;
    if (keys.has(key)) key += `:${first.seq}`;
    keys.add(key);
    const row = startBurst(first, key);
    bursts.set(id, row);
    rows.push(row);
  }
  for (const e of block) {
    const burst = bursts.get(e.id);
    if (burst) addToBurst(burst, e);
    else rows.push(singleRow(e, false) as Row);
  }
  return bursts;
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
 * data events (any client) with no pause over `gapMs` and not crossing a `periodMs`
 * boundary; within it, a client with `burstMin` or more events, or with a summary of the
 * server's, gets one summary row, which goes on over period boundaries while its traffic
 * does. Once a client read as much as the server details (or everyone together did), the
 * server may be summing up in silence: a pause up to SUMMARY_REACH_MS longer ends nothing.
 * Any other event (connect, word, close, ...) ends the block, so a summary never hides when
 * those happened. Likewise `retriesMin` or more consecutive connections past a full queue
 * share one note. Events before the last `diagram.cleared` are left out.
 */
const configAfter = (e: LabEvent, settings: EchoConfig | null): EchoConfig | null =>
  e.type === 'config.changed' || e.type === 'server.started' ? e.config : settings;

export function buildRows(
  events: readonly LabEvent[],
  options: AggregateOptions = AGGREGATE_DEFAULTS,
  /** The settings before the first event, when the page knows them. */
  settingsBefore: EchoConfig | null = null,
): Row[] {
  const rows: Row[] = [];
  let block: DataEvent[] = [];
  let seen = new Map<number, Seen>();
  let reads = 0;
  let summing = false;
  let retries: RetryEvent[] = [];
  const keys = new Set<string>();
  // Summary rows whose client's stream goes on from the previous block, split from it only
  // by a period boundary: they take in the next block's events instead of flickering back
  // to single arrows until the threshold is reached again.
  let carried = new Map<number, BurstRow>();
  const flush = (continued = false): void => {
    const bursting = block.length > 0 ? pushBlock(rows, block, seen, options, keys, carried) : null;
    carried = continued && bursting ? bursting : new Map<number, BurstRow>();
    if (retries.length > 0) pushRetries(rows, retries, options.retriesMin);
    block = [];
    seen = new Map();
    reads = 0;
    summing &&= carried.size > 0;
    retries = [];
  };
  // A clear drops everything drawn before it, whatever history the page was handed.
  const cleared = events.findLastIndex((e) => e.type === 'diagram.cleared');
  const held = stillHeld(events, cleared + 1);
  // The settings in force, so a change's note says what it changed from.
  let settings = settingsBefore;
  for (let i = 0; i <= cleared; i++) settings = configAfter(events[i] as LabEvent, settings);
  const period = (t: number): number => Math.floor(t / options.periodMs);
  for (let i = cleared + 1; i < events.length; i++) {
    const e = events[i] as LabEvent;
    if (isRetry(e)) {
      if (block.length > 0) flush();
      retries.push(e);
      continue;
    }
    if (!isData(e)) {
      const row = singleRow(e, held.has(e.seq));
      if (row?.kind === 'config') row.previous = settings;
      settings = configAfter(e, settings);
      // Events that draw nothing (a client named, a pause already over) split no run.
      if (!row) continue;
      flush();
      rows.push(row);
      continue;
    }
    if (retries.length > 0) flush();
    const last = block[block.length - 1];
    const reach = summing || e.type === 'data.burst' ? SUMMARY_REACH_MS : 0;
    if (last && e.t - last.t > options.gapMs + reach) flush();
    else if (last && period(e.t) !== period(last.t)) flush(true);
    block.push(e);
    const client = seen.get(e.id) ?? { events: 0, reads: 0, summed: false };
    seen.set(e.id, client);
    client.events += 1;
    client.summed ||= e.type === 'data.burst';
    if (e.type === 'data.read') {
      client.reads += 1;
      reads += 1;
    }
    summing ||=
      client.summed ||
      client.reads >= DETAILED_READS_PER_CLIENT ||
      reads >= DETAILED_READS_PER_WINDOW;
  }
  flush();
  return rows;
}
