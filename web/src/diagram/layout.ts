// Geometry of the diagram, in SVG pixels: where each lane and visible row goes. Every row
// has the same height, so the rows on screen follow from the scroll position alone and the
// page only ever draws those (plus a margin), however many events the store keeps.

import type { LabState } from '../../../shared/lab.ts';
import { assignSlots, lanesFor, type Lane, type Slots } from './lanes.ts';
import { isNote, type Row } from './rows.ts';
import { buildTracks, segmentsOf, type LifePhase, type Tracks } from './tracks.ts';

export const GEOMETRY = {
  /** Left column with each row's time. */
  gutter: 88,
  rowHeight: 42,
  /** Space above the first row and below the last. */
  pad: 12,
  minLane: 160,
  /** The narrowest a lane gets to keep every header in sight; its header still fits. */
  compactLane: 136,
  maxLane: 320,
  /** Room right of the last lane for a label that starts near it. */
  tail: 220,
  /** Rows drawn beyond each edge of the viewport, so a fast scroll shows no blank. */
  overscan: 8,
  /** Client columns before the rest collapse into "+N". */
  maxClients: 24,
  /** Width of one character of a label (a 15 px monospace), to fit it in its free span. */
  charWidth: 9.2,
  /** Space kept between a label and a lifeline it must not cover. */
  labelGap: 10,
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
const rowTop = (i: number): number => GEOMETRY.pad + i * GEOMETRY.rowHeight;
const arrowY = (i: number): number => rowTop(i) + GEOMETRY.rowHeight - 12;

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
   * The label should name the client: its column is shared ("+N", or by two clients in
   * sight) or out of sight, or the row is a summary, which is read on its own.
   */
  named: boolean;
  /** Where the label starts, and the most characters that fit before another lane's line. */
  labelX: number;
  labelChars: number;
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
  /** Label character width, when the type is larger than GEOMETRY's (projector mode). */
  charWidth?: number;
}

/** What the layout needs beyond the rows: each client's track and column (diagram-model.ts). */
export interface LaneModel {
  tracks: Tracks;
  slots: Slots;
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

/** Lanes, visible rows and lifeline pieces for one scroll position, from scratch. */
export function layoutDiagram(
  rows: readonly Row[],
  lab: LabState,
  viewport: Viewport,
  options: LayoutOptions = {},
): Diagram {
  const tracks = buildTracks(rows);
  return layoutRows(rows, { tracks, slots: assignSlots(tracks, lab) }, lab, viewport, options);
}

/** Lanes, visible rows and lifeline pieces for one scroll position. */
export function layoutRows(
  rows: readonly Row[],
  model: LaneModel,
  lab: LabState,
  viewport: Viewport,
  options: LayoutOptions = {},
): Diagram {
  const { gutter, minLane, compactLane, maxLane, tail, labelGap } = GEOMETRY;
  const charWidth = options.charWidth ?? GEOMETRY.charWidth;
  const window = visibleWindow(rows.length, viewport, options.overscan);
  // A column is headed by the client whose arrows are on screen, not in the overscan margin.
  const onScreen = visibleWindow(rows.length, viewport, 0);
  const choice = lanesFor(
    model.slots,
    model.tracks,
    lab,
    onScreen,
    options.maxClients ?? GEOMETRY.maxClients,
  );
  const { lanes, column } = choice;
  // The server keeps a narrow column on the left, so labels (which start there) have room.
  // Few client lanes spread out to use the width (easier to follow on a projector). A few
  // more narrow down so that every header stays in sight (a class of four on a 1280-px
  // projector); past that, lanes keep a minimum width and the area scrolls sideways.
  const clients = Math.max(1, lanes.length - 1);
  const spread = Math.floor((viewport.width - gutter - minLane - tail / 2) / clients);
  const snug = Math.floor((viewport.width - gutter - minLane) / clients);
  const laneWidth =
    spread >= minLane ? Math.min(maxLane, spread) : snug >= compactLane ? snug : minLane;
  const serverX = gutter + minLane / 2;
  const laneX = (i: number): number =>
    i === 0 ? serverX : gutter + minLane + laneWidth * (i - 0.5);
  const width = Math.max(viewport.width, gutter + minLane + laneWidth * clients + tail);

  /** The stretch around column `col` at row `i` that no other lane's lifeline crosses. */
  const freeSpan = (col: number, i: number): { left: number; right: number; open: boolean } => {
    let from = col - 1;
    while (from > 0 && !choice.busy(from, i)) from--;
    let to = col + 1;
    while (to < lanes.length && !choice.busy(to, i)) to++;
    const open = to >= lanes.length;
    return { left: laneX(from), right: open ? width : laneX(to), open };
  };

  const left = viewport.scrollLeft ?? 0;
  const placed: PlacedRow[] = [];
  for (let i = window.start; i < window.end; i++) {
    const row = rows[i] as Row;
    const y = arrowY(i);
    if (isNote(row)) {
      const x2 = laneX(lanes.length - 1);
      placed.push({
        row,
        index: i,
        y,
        x1: serverX,
        x2,
        collapsed: false,
        named: false,
        labelX: serverX + 10,
        labelChars: Infinity,
      });
      continue;
    }
    const col = column.get(row.client);
    if (col === undefined) continue;
    const x = laneX(col);
    const fromClient = sentByClient(row);
    const collapsed = lanes[col]?.kind === 'more';
    const outOfSight = x < left + gutter || x > left + viewport.width;
    // A summary carries the counts a class reads off the diagram, so it always starts by the
    // server, drawn on a band of its own that may cross other lanes' lifelines (arrows.css),
    // rather than beside a far lane where it would run out of sight.
    const summary = row.kind === 'burst';
    const span = summary ? { left: serverX, right: width, open: true } : freeSpan(col, i);
    const labelX = span.left + (span.left === serverX ? 12 : labelGap);
    placed.push({
      row,
      index: i,
      y,
      x1: fromClient ? x : serverX,
      x2: fromClient ? serverX : x,
      collapsed,
      named: collapsed || outOfSight || row.kind === 'burst' || choice.shared.has(col),
      labelX,
      // Up to the next busy lane; past the last lane nothing can be covered, so all of it.
      labelChars: span.open
        ? Infinity
        : Math.max(4, Math.floor((span.right - labelGap - labelX) / charWidth)),
    });
  }

  const top = rowTop(window.start);
  const bottom = rowTop(window.end);
  const segments: PlacedSegment[] = [];
  for (const stay of model.slots.stays) {
    const col = column.get(stay.client);
    if (col === undefined || lanes[col]?.kind === 'more') continue;
    if (stay.from >= window.end || stay.to < window.start) continue;
    const track = model.tracks.get(stay.client);
    for (const s of segmentsOf(track, stay.client, rows, lab.clients[stay.client])) {
      const y1 = s.from < 0 ? 0 : arrowY(s.from);
      const y2 = s.to >= rows.length ? totalHeight(rows.length) : arrowY(s.to);
      if (y2 < top || y1 > bottom) continue;
      segments.push({
        key: s.key,
        client: s.client,
        phase: s.phase,
        x: laneX(col),
        y1: Math.max(y1, top - GEOMETRY.rowHeight),
        y2: Math.min(y2, bottom + GEOMETRY.rowHeight),
        closes: s.closes && y2 <= bottom,
      });
    }
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
