// What viewers are told about heavy traffic, decided in one place. The echo server reports
// reads (each with its echo) one by one up to a budget and counts the rest exactly into
// `data.burst` summaries (server/echo/traffic.ts); the page folds runs of arrows into
// summary rows and adds every summary of the server to the row of its client
// (web/src/diagram/build-rows.ts). Both take their constants from here, so they cannot
// drift apart, and every view counts an event of traffic the way `countTraffic` does.

import type { LabEvent } from './protocol.ts';

/** Length of the server's window in which detailed events are counted. */
export const WINDOW_MS = 100;

/** Reads (each with its echo) reported one by one per window; enough for 2,000 events/s. */
export const DETAILED_READS_PER_WINDOW = 100;

/**
 * Of those, at most this many from one client: a student's flood loop is summed up within
 * a tenth of a second, and never uses up the arrows of everybody else's messages. A client
 * that read more than this in one window is summed up wholly in the next: the page folds a
 * flood into one summary row anyway, so sending its arrows would only cost every viewer.
 */
export const DETAILED_READS_PER_CLIENT = 20;

/**
 * Windows one summary of a client that keeps flooding may span: one a second. Each summary
 * goes to every viewer, and on a busy machine each fan-out costs the echo path a few
 * milliseconds (measured in 50 ms slices of the bench's rounds: a dip of about a tenth at
 * every summary).
 */
export const WINDOWS_PER_SUMMARY = 10;

/**
 * How long after the traffic it goes on from a summary may come: it counts a flood for up
 * to WINDOWS_PER_SUMMARY windows, and goes out when the last of them ends. The page keeps
 * such a summary in the row of the arrows before it instead of seeing a pause there.
 */
export const SUMMARY_REACH_MS = WINDOW_MS * (WINDOWS_PER_SUMMARY + 1);

/**
 * The page folds a client's arrows into one summary row once it has this many reads and
 * echoes within one second (FOLD_PERIOD_MS). It is below the 2 × DETAILED_READS_PER_CLIENT
 * events the server details for a client in a window, so a client the server starts to sum
 * up is folded on the page already: its first arrows and the summaries after them are one
 * row.
 */
export const FOLD_MIN_EVENTS = 16;

/** A pause longer than this between two reads or echoes ends the page's summary row. */
export const FOLD_GAP_MS = 250;

/** The span in which FOLD_MIN_EVENTS is counted. */
export const FOLD_PERIOD_MS = 1000;

export type TrafficEvent = Extract<
  LabEvent,
  { type: 'data.read' | 'client.word' | 'data.echoed' | 'data.burst' }
>;

export const isTraffic = (e: LabEvent): e is TrafficEvent =>
  e.type === 'data.read' ||
  e.type === 'data.echoed' ||
  e.type === 'data.burst' ||
  e.type === 'client.word';

export interface TrafficCounts {
  reads: number;
  echoes: number;
  bytesIn: number;
  bytesOut: number;
}

export const noTraffic = (): TrafficCounts => ({ reads: 0, echoes: 0, bytesIn: 0, bytesOut: 0 });

/** Adds what one event of traffic stands for: the disconnect word is a read, with no echo. */
export function countTraffic(into: TrafficCounts, e: TrafficEvent): void {
  if (e.type === 'data.burst') {
    into.reads += e.reads;
    into.echoes += e.echoes;
    into.bytesIn += e.bytesIn;
    into.bytesOut += e.bytesOut;
  } else if (e.type === 'data.echoed') {
    into.echoes += 1;
    into.bytesOut += e.bytes;
  } else {
    into.reads += 1;
    into.bytesIn += e.bytes;
  }
}
