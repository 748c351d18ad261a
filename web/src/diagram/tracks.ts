// What each client did along its lifeline, kept per client as rows come: where its rows
// start and end, the name it connected with, and the rows where its phase changed (dotted
// while it retries, dashed while it waits, an activation bar while served). Built once per
// batch from the rows that batch added; the layout reads it for any scroll position without
// walking the rows again.

import type { ClientView, LabState } from '../../../shared/lab.ts';
import type { ClientKind } from '../../../shared/protocol.ts';
import type { Row } from './rows.ts';

export type LifePhase = 'retrying' | 'waiting' | 'served';

/** From row `at` on (-1: from before the first row kept), the client is in `phase`. */
interface PhaseChange {
  at: number;
  phase: LifePhase | null;
}

export interface Track {
  client: number;
  /** Its first row; -1 for a client the lab knows that has no row yet. */
  first: number;
  /** It connected within the rows: it has no life before its first row. */
  born: boolean;
  /** Its close row, if the rows have it. */
  end: number | null;
  connected: { label: string; kind: ClientKind } | null;
  /** Where its phase changes, in row order; the first entry is the phase before `first`. */
  changes: PhaseChange[];
}

export type Tracks = ReadonlyMap<number, Track>;

/** Every client a row is about: one for arrows, several for a note of ignored SYNs. */
const clientsOf = (row: Row): readonly number[] =>
  'client' in row ? [row.client] : row.kind === 'retries' ? row.clients : [];

/** The phase a client was in before its first row we still have, guessed from that row. */
function phaseBefore(row: Row | undefined, view: ClientView | undefined): LifePhase | null {
  if (!row) {
    if (!view || view.phase === 'closed') return null;
    return view.phase;
  }
  switch (row.kind) {
    case 'connect':
    case 'retries':
      return null;
    case 'queued':
      return 'retrying';
    case 'accept':
      return 'waiting';
    case 'close':
      return view && view.acceptedAt === null ? 'waiting' : 'served';
    default:
      return 'served';
  }
}

function phaseAfter(row: Row, current: LifePhase | null): LifePhase | null {
  switch (row.kind) {
    case 'connect':
      return row.retrying ? 'retrying' : 'waiting';
    case 'retries':
      return 'retrying';
    case 'queued':
      return 'waiting';
    case 'accept':
      return 'served';
    case 'close':
      return null;
    default:
      return current ?? 'served';
  }
}

/**
 * Adds row `i` to the tracks. With `owned`, a track not in it is copied before it changes
 * (and the copy owned), so tracks an earlier batch handed out stay as they were.
 */
export function addRow(
  tracks: Map<number, Track>,
  row: Row,
  i: number,
  owned: Set<Track> | null = null,
): void {
  for (const client of clientsOf(row)) {
    let track = tracks.get(client);
    if (!track) {
      // The phase before a closing first row depends on the lab; the layout asks it then.
      const before = phaseBefore(row, undefined);
      track = {
        client,
        first: i,
        born: before === null,
        end: null,
        connected: null,
        changes: [{ at: -1, phase: before }],
      };
      tracks.set(client, track);
      owned?.add(track);
    } else if (owned && !owned.has(track)) {
      track = { ...track, changes: track.changes.slice() };
      tracks.set(client, track);
      owned.add(track);
    }
    if (row.kind === 'connect') track.connected = { label: row.label, kind: row.clientKind };
    if (row.kind === 'close') track.end = i;
    const current = (track.changes[track.changes.length - 1] as PhaseChange).phase;
    const next = phaseAfter(row, current);
    if (next !== current) track.changes.push({ at: i, phase: next });
  }
}

/** Tracks for `rows`, from scratch. */
export function buildTracks(rows: readonly Row[]): Map<number, Track> {
  const tracks = new Map<number, Track>();
  rows.forEach((row, i) => addRow(tracks, row, i));
  return tracks;
}

/** A lifeline piece: between rows `from` and `to` (-1: from above; rows.length: still going). */
export interface Segment {
  /** Stable while its first row stays in the store, so the drawing keeps the element. */
  key: string;
  client: number;
  phase: LifePhase;
  from: number;
  to: number;
  /** True when the client's close is the row at `to`, so the drawing marks the end. */
  closes: boolean;
}

/** The lifeline pieces of one client; `view` is what the lab knows of it now. */
export function segmentsOf(
  track: Track | undefined,
  client: number,
  rows: readonly Row[],
  view: ClientView | undefined,
): Segment[] {
  const count = rows.length;
  const segment = (phase: LifePhase, from: number, to: number, closes: boolean): Segment => ({
    key: `${client}:${rows[from]?.key ?? 'top'}`,
    client,
    phase,
    from,
    to,
    closes,
  });
  if (!track) {
    const phase = phaseBefore(undefined, view);
    return phase ? [segment(phase, -1, count, false)] : [];
  }
  const changes = track.changes.slice();
  const firstRow = rows[track.first];
  // Only a closing first row's past depends on the lab (was it ever accepted?).
  if (firstRow?.kind === 'close') changes[0] = { at: -1, phase: phaseBefore(firstRow, view) };
  const segments: Segment[] = [];
  changes.forEach((change, k) => {
    if (!change.phase) return;
    const next = changes[k + 1];
    segments.push(segment(change.phase, change.at, next?.at ?? count, next?.phase === null));
  });
  return segments;
}

/** Lifeline segments of the given clients over all rows, oldest first per client. */
export function lifelines(
  rows: readonly Row[],
  clients: readonly number[],
  lab: LabState,
): Segment[] {
  const tracks = buildTracks(rows);
  return clients.flatMap((id) => segmentsOf(tracks.get(id), id, rows, lab.clients[id]));
}
