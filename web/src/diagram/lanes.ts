// Which column each client's lifeline takes. A client takes a column when it appears and
// keeps it while it lives; once closed, its column is free for the next client to connect,
// so the living never move and the closed fold away under the newcomers. The columns are
// decided over all the rows (not the scroll position), so scrolling moves nothing either.

import type { LabState } from '../../../shared/lab.ts';
import type { ClientKind, Phase } from '../../../shared/protocol.ts';
import type { Row } from './rows.ts';
import { buildTracks, type Tracks } from './tracks.ts';

export type Lane =
  | { key: 'server'; kind: 'server' }
  | {
      key: string;
      kind: 'client';
      client: number;
      label: string;
      clientKind: ClientKind | null;
      /** Where the client is now, if the lab still knows it. */
      phase: Phase | null;
    }
  /** A column no client in sight holds. */
  | { key: string; kind: 'free' }
  | { key: 'more'; kind: 'more'; clients: readonly number[] };

/** A client's stretch of rows in its column: after row `from` (-1: from above) to `to`. */
interface Stay {
  client: number;
  slot: number;
  from: number;
  to: number;
}

export interface Slots {
  /** Every client's stay, in the order columns were handed out. */
  stays: readonly Stay[];
  slotOf: ReadonlyMap<number, number>;
  /** Columns the clients need at most at once. */
  count: number;
}

/**
 * Hands out columns: first to the clients already there before the first row (those the
 * rows did not see connect, and the lab's living ones without rows), by id, each in its
 * `preferred` column when it is free (the one it had before the window moved on); then, in
 * row order, each newcomer takes the lowest column free at its first row.
 */
export function assignSlots(
  tracks: Tracks,
  lab: LabState,
  preferred: ReadonlyMap<number, number> = new Map(),
): Slots {
  const before: Stay[] = [];
  const born: Stay[] = [];
  for (const track of tracks.values()) {
    const stay = { client: track.client, slot: -1, from: -1, to: track.end ?? Infinity };
    if (track.born) born.push({ ...stay, from: track.first });
    else before.push(stay);
  }
  for (const view of Object.values(lab.clients)) {
    if (view.phase !== 'closed' && !tracks.has(view.id)) {
      before.push({ client: view.id, slot: -1, from: -1, to: Infinity });
    }
  }
  before.sort((a, b) => a.client - b.client);
  born.sort((a, b) => a.from - b.from || a.client - b.client);

  const holder: (Stay | undefined)[] = [];
  const isFree = (slot: number, from: number): boolean => {
    const last = holder[slot];
    return !last || (from >= 0 && last.to < from);
  };
  const take = (stay: Stay, slot: number): void => {
    stay.slot = slot;
    holder[slot] = stay;
  };
  const lowestFree = (from: number): number => {
    let slot = 0;
    while (!isFree(slot, from)) slot++;
    return slot;
  };
  const waiting: Stay[] = [];
  for (const stay of before) {
    const want = preferred.get(stay.client);
    if (want !== undefined && isFree(want, -1)) take(stay, want);
    else waiting.push(stay);
  }
  for (const stay of waiting) take(stay, lowestFree(-1));
  for (const stay of born) take(stay, lowestFree(stay.from));
  const stays = [...before, ...born];
  return {
    stays,
    slotOf: new Map(stays.map((s) => [s.client, s.slot])),
    count: holder.length,
  };
}

export interface LaneChoice {
  lanes: Lane[];
  /** The column index of every client; those past the limit map to "+N". */
  column: ReadonlyMap<number, number>;
  /** Columns holding more than one client within the window: their rows name the client. */
  shared: ReadonlySet<number>;
  /** Whether column `col` has a lifeline through the upper part of row `i` (its label's). */
  busy(col: number, i: number): boolean;
}

/** Names clients the way the page does, even those the lab has already forgotten. */
export function labeler(tracks: Tracks, lab: LabState): (id: number) => string {
  return (id) => lab.clients[id]?.label ?? tracks.get(id)?.connected?.label ?? `#${id}`;
}

/** The lanes for the rows `window` shows: each column headed by its newest client there. */
export function lanesFor(
  slots: Slots,
  tracks: Tracks,
  lab: LabState,
  window: { start: number; end: number },
  maxClients: number,
): LaneChoice {
  const max = Math.max(0, maxClients);
  const columns = Math.min(slots.count, max);
  const inSight = (s: Stay): boolean => s.from < window.end && s.to >= window.start;
  const heads: (Stay | undefined)[] = [];
  const seen = new Array<number>(columns).fill(0);
  const collapsed: number[] = [];
  const column = new Map<number, number>();
  const byColumn: Stay[][] = Array.from({ length: columns + 2 }, () => []);
  for (const stay of slots.stays) {
    const col = stay.slot < max ? stay.slot + 1 : columns + 1;
    column.set(stay.client, col);
    byColumn[col]?.push(stay);
    if (!inSight(stay)) continue;
    if (stay.slot >= max) {
      collapsed.push(stay.client);
      continue;
    }
    seen[stay.slot] = (seen[stay.slot] ?? 0) + 1;
    // The header names the newest client in sight: at the live edge, the one acting now.
    // The rows of a shared column name their own client.
    const head = heads[stay.slot];
    if (!head || stay.from > head.from) heads[stay.slot] = stay;
  }
  const lanes: Lane[] = [{ key: 'server', kind: 'server' }];
  for (let slot = 0; slot < columns; slot++) {
    const head = heads[slot];
    if (!head) {
      lanes.push({ key: `free${slot}`, kind: 'free' });
      continue;
    }
    const id = head.client;
    const view = lab.clients[id];
    const known = tracks.get(id)?.connected;
    lanes.push({
      key: `c${id}`,
      kind: 'client',
      client: id,
      label: view?.label ?? known?.label ?? `#${id}`,
      clientKind: view?.kind ?? known?.kind ?? null,
      phase: view?.phase ?? null,
    });
  }
  if (slots.count > max) {
    lanes.push({ key: 'more', kind: 'more', clients: collapsed.sort((a, b) => a - b) });
  }
  const shared = new Set<number>();
  seen.forEach((n, slot) => n > 1 && shared.add(slot + 1));
  return {
    lanes,
    column,
    shared,
    busy: (col, i) => (byColumn[col] ?? []).some((s) => s.from < i && i <= s.to),
  };
}

/**
 * The lanes for `rows` in `window`, from scratch: the model keeps tracks and slots from
 * batch to batch instead; this is for tests and one-off drawings.
 */
export function chooseLanes(
  rows: readonly Row[],
  window: { start: number; end: number },
  lab: LabState,
  maxClients: number,
): LaneChoice {
  const tracks = buildTracks(rows);
  return lanesFor(assignSlots(tracks, lab), tracks, lab, window, maxClients);
}

/** Names clients from the rows and the lab, from scratch (exports, tests). */
export const clientLabeler = (rows: readonly Row[], lab: LabState): ((id: number) => string) =>
  labeler(buildTracks(rows), lab);
