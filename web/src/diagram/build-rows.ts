// Events become rows one batch at a time. The fold keeps the rows it has committed and the
// block it is still filling; asked for its rows, it adds what that open block would give if
// it ended now, without committing it. So extending by a batch costs that batch (and the
// open block), and gives exactly what folding the whole window at once gives: `buildRows`
// is this fold run over every event, and the property tests hold the two together. The
// rules themselves (blocks, summaries, retries) are in row-blocks.ts.

import type { EchoConfig, LabEvent } from '../../../shared/protocol.ts';
import {
  AGGREGATE_DEFAULTS,
  isData,
  isRetry,
  pushBlock,
  pushRetries,
  stillHeld,
  type AggregateOptions,
  type DataEvent,
  type OpenBurst,
  type RetryEvent,
  type RowSink,
  type Seen,
} from './row-blocks.ts';
import { singleRow, type Row } from './rows.ts';

export { type AggregateOptions } from './row-blocks.ts';
import {
  DETAILED_READS_PER_CLIENT,
  DETAILED_READS_PER_WINDOW,
  SUMMARY_REACH_MS,
} from '../../../shared/traffic-policy.ts';

export interface RowFold {
  /** Folds one more event in; events come in seq order. */
  push(event: LabEvent): void;
  /** The rows of every event pushed since the last clear. A new array after each push. */
  rows(): readonly Row[];
  /** How many of `rows()` are final: later pushes only add rows after them. */
  committed(): number;
  /** Changes when the rows start over (a clear, a pause drawn as over): all may differ. */
  epoch(): number;
}

/** Rows from the events the fold has (since the last clear), and the pauses still held. */
interface Fold {
  committed: Row[];
  keys: Set<string>;
  block: DataEvent[];
  seen: Map<number, Seen>;
  reads: number;
  summing: boolean;
  retries: RetryEvent[];
  /**
   * Summary rows whose client's stream goes on from the previous block, split from it only
   * by a period boundary: they take in the next block's events instead of flickering back
   * to single arrows until the threshold is reached again.
   */
  carried: Map<number, OpenBurst>;
  /** Every event since the last clear: a pause that ends redraws from them. */
  log: LabEvent[];
  /** Step-mode pauses drawn as held, by step and client, the latest last. */
  held: Map<string, number[]>;
  /** The settings in force, so a change's note says what it changed from. */
  settings: EchoConfig | null;
}

const emptyFold = (settings: EchoConfig | null): Fold => ({
  committed: [],
  keys: new Set(),
  block: [],
  seen: new Map(),
  reads: 0,
  summing: false,
  retries: [],
  carried: new Map(),
  log: [],
  held: new Map(),
  settings,
});

const configAfter = (e: LabEvent, settings: EchoConfig | null): EchoConfig | null =>
  e.type === 'config.changed' || e.type === 'server.started' ? e.config : settings;

const committedSink = (f: Fold): RowSink => ({
  push: (row) => f.committed.push(row) - 1,
  replace: (at, row) => void (f.committed[at] = row),
  claim: (key) => !f.keys.has(key) && Boolean(f.keys.add(key)),
});

const pauseKey = (e: Extract<LabEvent, { type: 'server.paused' | 'server.resumed' }>): string =>
  `${e.step}:${e.id}`;

/** Ends the open block (and a run of retries): their rows go to `sink`. */
function flushInto(
  f: Fold,
  sink: RowSink,
  options: AggregateOptions,
  continued: boolean,
): Map<number, OpenBurst> {
  const bursting = f.block.length > 0 ? pushBlock(sink, f.block, f.seen, options, f.carried) : null;
  if (f.retries.length > 0) pushRetries(sink, f.retries, options.retriesMin);
  return continued && bursting ? bursting : new Map<number, OpenBurst>();
}

function flush(f: Fold, options: AggregateOptions, continued = false): void {
  f.carried = flushInto(f, committedSink(f), options, continued);
  f.block = [];
  f.seen = new Map();
  f.reads = 0;
  f.summing &&= f.carried.size > 0;
  f.retries = [];
}

/**
 * Folds one event. A block is a run of consecutive data events (any client) with no pause
 * over `gapMs` and not crossing a `periodMs` boundary; within it, a client with `burstMin`
 * or more events, or with a summary of the server's, gets one summary row, which goes on
 * over period boundaries while its traffic does. Once a client read as much as the server
 * details (or everyone together did), the server may be summing up in silence: a pause up
 * to SUMMARY_REACH_MS longer ends nothing. Any other event (connect, word, close, ...) ends
 * the block, so a summary never hides when those happened. Likewise `retriesMin` or more
 * consecutive connections past a full queue share one note.
 */
function step(f: Fold, e: LabEvent, options: AggregateOptions, held: boolean): void {
  if (isRetry(e)) {
    if (f.block.length > 0) flush(f, options);
    f.retries.push(e);
    return;
  }
  if (!isData(e)) {
    const row = singleRow(e, held);
    if (row?.kind === 'config') row.previous = f.settings;
    f.settings = configAfter(e, f.settings);
    // Events that draw nothing (a client named, a pause already over) split no run.
    if (!row) return;
    flush(f, options);
    f.committed.push(row);
    return;
  }
  if (f.retries.length > 0) flush(f, options);
  const last = f.block[f.block.length - 1];
  // A server's summary says when its traffic began; one saved before it did may come up to
  // SUMMARY_REACH_MS after the traffic it goes on from, and so may the next event after
  // traffic the server summed in silence.
  const since = e.type === 'data.burst' ? e.since : undefined;
  const reach =
    since === undefined && (f.summing || e.type === 'data.burst') ? SUMMARY_REACH_MS : 0;
  const period = (t: number): number => Math.floor(t / options.periodMs);
  if (last && (since ?? e.t) - last.t > options.gapMs + reach) flush(f, options);
  else if (last && period(e.t) !== period(last.t)) flush(f, options, true);
  f.block.push(e);
  const client = f.seen.get(e.id) ?? { events: 0, reads: 0, summed: false };
  f.seen.set(e.id, client);
  client.events += 1;
  client.summed ||= e.type === 'data.burst';
  if (e.type === 'data.read') {
    client.reads += 1;
    f.reads += 1;
  }
  f.summing ||=
    client.summed ||
    client.reads >= DETAILED_READS_PER_CLIENT ||
    f.reads >= DETAILED_READS_PER_WINDOW;
}

/** Folds `events` (none of them a clear) afresh, each pause held unless a later event ends it. */
function refold(
  events: readonly LabEvent[],
  options: AggregateOptions,
  settings: EchoConfig | null,
): Fold {
  const f = emptyFold(settings);
  const held = stillHeld(events, 0);
  for (const e of events) {
    f.log.push(e);
    if (e.type === 'server.paused' && held.has(e.seq)) {
      const key = pauseKey(e);
      f.held.set(key, [...(f.held.get(key) ?? []), e.seq]);
    }
    step(f, e, options, held.has(e.seq));
  }
  return f;
}

/** The committed rows, and those the open block and retries would give if they ended now. */
function rowsOf(f: Fold, options: AggregateOptions): Row[] {
  const rows = f.committed.slice();
  if (f.block.length === 0 && f.retries.length === 0) return rows;
  const extra = new Set<string>();
  flushInto(
    f,
    {
      push: (row) => rows.push(row) - 1,
      replace: (at, row) => void (rows[at] = row),
      claim: (key) => !f.keys.has(key) && !extra.has(key) && Boolean(extra.add(key)),
    },
    options,
    false,
  );
  return rows;
}

export function createRowFold(
  options: AggregateOptions = AGGREGATE_DEFAULTS,
  /** The settings before the first event, when the page knows them. */
  settingsBefore: EchoConfig | null = null,
): RowFold {
  let f = emptyFold(settingsBefore);
  // What a pause's refold starts from: the settings when the fold (or its clear) began.
  let start = settingsBefore;
  let cached: Row[] | null = null;
  let epoch = 0;
  return {
    push(e) {
      cached = null;
      // A clear drops everything drawn before it.
      if (e.type === 'diagram.cleared') {
        start = f.settings;
        f = emptyFold(start);
        epoch += 1;
        return;
      }
      if (e.type === 'server.resumed') {
        const pauses = f.held.get(pauseKey(e));
        if (pauses && pauses.length > 0) {
          // The pause it ends was drawn as held and split the run it fell in; drawn as
          // over, it splits nothing. Rare (a teacher's click), so fold again from the log.
          f = refold([...f.log, e], options, start);
          epoch += 1;
          return;
        }
      }
      f.log.push(e);
      if (e.type === 'server.paused') {
        const key = pauseKey(e);
        f.held.set(key, [...(f.held.get(key) ?? []), e.seq]);
      }
      step(f, e, options, true);
    },
    rows() {
      cached ??= rowsOf(f, options);
      return cached;
    },
    committed: () => f.committed.length,
    epoch: () => epoch,
  };
}

/** One row per event, oldest first, with bursts folded; events before the last clear are left out. */
export function buildRows(
  events: readonly LabEvent[],
  options: AggregateOptions = AGGREGATE_DEFAULTS,
  /** The settings before the first event, when the page knows them. */
  settingsBefore: EchoConfig | null = null,
): Row[] {
  const cleared = events.findLastIndex((e) => e.type === 'diagram.cleared');
  let settings = settingsBefore;
  for (let i = 0; i <= cleared; i++) settings = configAfter(events[i] as LabEvent, settings);
  return rowsOf(refold(events.slice(cleared + 1), options, settings), options);
}
