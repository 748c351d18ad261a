// Which lifelines get a column, and what each client was doing along its lifeline. With
// a hundred clients only the ones that matter right now get a column: those the server is
// serving or will serve next, and those with arrows on screen; the rest share a "+N" column.

import type { ClientView, LabState } from '../../../shared/lab.ts';
import type { ClientKind, Phase } from '../../../shared/protocol.ts';
import type { Row } from './rows.ts';

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
  | { key: 'more'; kind: 'more'; clients: readonly number[] };

export type ClientLane = Extract<Lane, { kind: 'client' }>;

export interface LaneChoice {
  lanes: Lane[];
  /** The column index of every client that has a row or a lane; collapsed ones map to "+N". */
  column: ReadonlyMap<number, number>;
}

const clientOf = (row: Row): number | null => ('client' in row ? row.client : null);

/** Every client a row is about: one for arrows, several for a note of ignored SYNs. */
const clientsOf = (row: Row): readonly number[] =>
  'client' in row ? [row.client] : row.kind === 'retries' ? row.clients : [];

function connectLabels(rows: readonly Row[]): Map<number, { label: string; kind: ClientKind }> {
  const labels = new Map<number, { label: string; kind: ClientKind }>();
  for (const row of rows) {
    if (row.kind === 'connect') labels.set(row.client, { label: row.label, kind: row.clientKind });
  }
  return labels;
}

/** Names clients the way the page does, even those the lab has already forgotten. */
export function clientLabeler(rows: readonly Row[], lab: LabState): (id: number) => string {
  const labels = connectLabels(rows);
  return (id) => lab.clients[id]?.label ?? labels.get(id)?.label ?? `#${id}`;
}

/**
 * Picks the client columns: served first, then waiting, then clients with rows in
 * `window` (latest first), then retrying ones, up to `maxClients`. Chosen columns are
 * ordered by id (connection order) so a column does not hop when priorities change.
 */
export function chooseLanes(
  rows: readonly Row[],
  window: { start: number; end: number },
  lab: LabState,
  maxClients: number,
): LaneChoice {
  const inWindow: number[] = [];
  for (let i = Math.min(window.end, rows.length) - 1; i >= Math.max(0, window.start); i--) {
    const id = clientOf(rows[i] as Row);
    if (id !== null) inWindow.push(id);
  }
  const wanted = new Set([...lab.served, ...lab.queue, ...inWindow, ...lab.retrying]);
  const chosen = [...wanted].slice(0, Math.max(0, maxClients)).sort((a, b) => a - b);
  const collapsed = [...wanted].slice(Math.max(0, maxClients)).sort((a, b) => a - b);

  const labels = connectLabels(rows);
  const lanes: Lane[] = [{ key: 'server', kind: 'server' }];
  const column = new Map<number, number>();
  for (const id of chosen) {
    const view: ClientView | undefined = lab.clients[id];
    const known = labels.get(id);
    column.set(id, lanes.length);
    lanes.push({
      key: `c${id}`,
      kind: 'client',
      client: id,
      label: view?.label ?? known?.label ?? `#${id}`,
      clientKind: view?.kind ?? known?.kind ?? null,
      phase: view?.phase ?? null,
    });
  }
  if (collapsed.length > 0) {
    for (const id of collapsed) column.set(id, lanes.length);
    lanes.push({ key: 'more', kind: 'more', clients: collapsed });
  }
  return { lanes, column };
}

/** What a lifeline shows between two rows: dotted, dashed, an activation bar. */
export type LifePhase = 'retrying' | 'waiting' | 'served';

export interface Segment {
  /** Stable while its first row stays in the store, so the drawing keeps the element. */
  key: string;
  client: number;
  phase: LifePhase;
  /** Row index where it starts; -1 means "before the first row we still have". */
  from: number;
  /** Row index where it ends; rows.length means "still going". */
  to: number;
  /** True when the client's close is the row at `to`, so the drawing marks the end. */
  closes: boolean;
}

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

/** Lifeline segments of the given clients over all rows, oldest first. */
export function lifelines(
  rows: readonly Row[],
  clients: readonly number[],
  lab: LabState,
): Segment[] {
  const rowsOf = new Map<number, number[]>(clients.map((id) => [id, []]));
  rows.forEach((row, i) => {
    for (const id of clientsOf(row)) rowsOf.get(id)?.push(i);
  });
  const segments: Segment[] = [];
  const segment = (
    client: number,
    phase: LifePhase,
    from: number,
    to: number,
    closes: boolean,
  ): Segment => ({ key: `${client}:${rows[from]?.key ?? 'top'}`, client, phase, from, to, closes });
  for (const [client, indexes] of rowsOf) {
    const view = lab.clients[client];
    let phase = phaseBefore(rows[indexes[0] ?? -1], view);
    let from = -1;
    for (const i of indexes) {
      const row = rows[i] as Row;
      const next = phaseAfter(row, phase);
      if (next === phase) continue;
      if (phase) segments.push(segment(client, phase, from, i, next === null));
      phase = next;
      from = i;
    }
    if (phase) segments.push(segment(client, phase, from, rows.length, false));
  }
  return segments;
}
