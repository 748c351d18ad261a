// Geometry of the diagram, in SVG pixels: where each lane and visible row goes. Every row
// has the same height, so the rows on screen follow from the scroll position alone and the
// page only ever draws those (plus a margin), however many events the store keeps.

import type { LabState } from '../../../shared/lab.ts';
import { chooseLanes, lifelines, type Lane, type LifePhase } from './lanes.ts';
import { isNote, type Row } from './rows.ts';

export const GEOMETRY = {
  /** Left column with each row's time. */
  gutter: 88,
  rowHeight: 42,
  /** Space above the first row and below the last. */
  pad: 12,
  minLane: 160,
  maxLane: 320,
  /** Room right of the last lane for a label that starts near it. */
  tail: 220,
  /** Rows drawn beyond each edge of the viewport, so a fast scroll shows no blank. */
  overscan: 8,
  /** Client columns before the rest collapse into "+N". */
  maxClients: 24,
} as const;

export interface Viewport {
  scrollTop: number;
  /** Horizontal scroll, to tell which lanes are out of sight. */
  scrollLeft?: number;
  /** Height of the scrolling area available to rows. */
  height: number;
  width: number;
}

export interface RowWindow {
  start: number;
  end: number;
}

export const totalHeight = (count: number): number => GEOMETRY.pad * 2 + count * GEOMETRY.rowHeight;

/** The top of row `i`; its label sits in the upper part and its arrow in the lower. */
export const rowTop = (i: number): number => GEOMETRY.pad + i * GEOMETRY.rowHeight;
export const arrowY = (i: number): number => rowTop(i) + GEOMETRY.rowHeight - 12;
export const labelY = (i: number): number => rowTop(i) + 18;

/** The rows that intersect the viewport, widened by `overscan` rows each way. */
export function visibleWindow(
  count: number,
  viewport: Pick<Viewport, 'scrollTop' | 'height'>,
  overscan: number = GEOMETRY.overscan,
): RowWindow {
  const { rowHeight, pad } = GEOMETRY;
  const first = Math.floor((viewport.scrollTop - pad) / rowHeight);
  const last = Math.ceil((viewport.scrollTop + viewport.height - pad) / rowHeight);
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.max(start, Math.min(count, last + overscan));
  return { start, end };
}

export interface PlacedLane {
  lane: Lane;
  x: number;
}

export interface PlacedRow {
  row: Row;
  index: number;
  y: number;
  /** The arrow's start and end; for a note, the lanes it spans. */
  x1: number;
  x2: number;
  /** The client's column is the "+N" one. */
  collapsed: boolean;
  /**
   * The label should name the client: its column is shared ("+N") or out of sight, or the
   * row is a summary, which is read on its own.
   */
  named: boolean;
}

export interface PlacedSegment {
  key: string;
  client: number;
  phase: LifePhase;
  x: number;
  y1: number;
  y2: number;
  /** Draw the end-of-life cross at y2. */
  closes: boolean;
}

export interface Diagram {
  width: number;
  height: number;
  laneWidth: number;
  lanes: PlacedLane[];
  window: RowWindow;
  rows: PlacedRow[];
  segments: PlacedSegment[];
  /** Row count, for the scroll height and the "live" check. */
  count: number;
}

export interface LayoutOptions {
  maxClients?: number;
  overscan?: number;
}

/** Arrows that go from the client to the server; the rest go the other way. */
export function sentByClient(row: Row): boolean {
  switch (row.kind) {
    case 'connect':
    case 'queued':
    case 'read':
    case 'word':
      return true;
    case 'close':
      return row.by === 'client';
    default:
      return false;
  }
}

/** Lanes, visible rows and lifeline pieces for one scroll position. */
export function layoutDiagram(
  rows: readonly Row[],
  lab: LabState,
  viewport: Viewport,
  options: LayoutOptions = {},
): Diagram {
  const { gutter, minLane, maxLane, tail } = GEOMETRY;
  const window = visibleWindow(rows.length, viewport, options.overscan);
  // Columns go to clients with arrows actually on screen, not in the overscan margin: a
  // closed client whose last arrow just scrolled away gives its column back at once.
  const onScreen = visibleWindow(rows.length, viewport, 0);
  const { lanes, column } = chooseLanes(
    rows,
    onScreen,
    lab,
    options.maxClients ?? GEOMETRY.maxClients,
  );
  // The server keeps a narrow column on the left, so labels (which start there) have room.
  // Few client lanes spread out to use the width (easier to follow on a projector); many
  // keep a minimum width and the area scrolls sideways.
  const clients = Math.max(1, lanes.length - 1);
  const fit = Math.floor((viewport.width - gutter - minLane - tail / 2) / clients);
  const laneWidth = Math.max(minLane, Math.min(maxLane, fit));
  const serverX = gutter + minLane / 2;
  const laneX = (i: number): number =>
    i === 0 ? serverX : gutter + minLane + laneWidth * (i - 0.5);
  const width = Math.max(viewport.width, gutter + minLane + laneWidth * clients + tail);

  const left = viewport.scrollLeft ?? 0;
  const placed: PlacedRow[] = [];
  for (let i = window.start; i < window.end; i++) {
    const row = rows[i] as Row;
    const y = arrowY(i);
    if (isNote(row)) {
      const x2 = laneX(lanes.length - 1);
      placed.push({ row, index: i, y, x1: serverX, x2, collapsed: false, named: false });
      continue;
    }
    const col = column.get(row.client);
    // Off screen, in the overscan, for a client without a column: drawn once it scrolls in.
    if (col === undefined) continue;
    const x = laneX(col);
    const fromClient = sentByClient(row);
    const collapsed = lanes[col]?.kind === 'more';
    const outOfSight = x < left + gutter || x > left + viewport.width;
    placed.push({
      row,
      index: i,
      y,
      x1: fromClient ? x : serverX,
      x2: fromClient ? serverX : x,
      collapsed,
      named: collapsed || outOfSight || row.kind === 'burst',
    });
  }

  const shown = lanes.flatMap((lane) => (lane.kind === 'client' ? [lane.client] : []));
  const top = rowTop(window.start);
  const bottom = rowTop(window.end);
  const segments: PlacedSegment[] = [];
  for (const s of lifelines(rows, shown, lab)) {
    const y1 = s.from < 0 ? 0 : arrowY(s.from);
    const y2 = s.to >= rows.length ? totalHeight(rows.length) : arrowY(s.to);
    if (y2 < top || y1 > bottom) continue;
    segments.push({
      key: s.key,
      client: s.client,
      phase: s.phase,
      x: laneX(column.get(s.client) ?? 0),
      y1: Math.max(y1, top - GEOMETRY.rowHeight),
      y2: Math.min(y2, bottom + GEOMETRY.rowHeight),
      closes: s.closes && y2 <= bottom,
    });
  }

  return {
    width,
    height: totalHeight(rows.length),
    laneWidth,
    lanes: lanes.map((lane, i) => ({ lane, x: laneX(i) })),
    window,
    rows: placed,
    segments,
    count: rows.length,
  };
}
