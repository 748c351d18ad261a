// One row of the diagram: an arrow with its label, or a note. Each is a group carrying its
// event's seq and kind and a <title>, so people can find and select it and tests can query it.

import { memo } from 'react';
import { GEOMETRY, type PlacedRow } from './layout.ts';
import type { RowKind } from './rows.ts';

/** How far an arrow stops short of a lifeline, so its head is not hidden by the line. */
const INSET = 7;
const HEAD = 11;

type Head = 'filled' | 'open' | 'bar' | 'cross';

const HEADS: Record<RowKind, Head> = {
  connect: 'open',
  queued: 'open',
  accept: 'open',
  read: 'filled',
  word: 'filled',
  echo: 'open',
  close: 'bar',
  burst: 'filled',
  started: 'open',
  config: 'open',
  stopped: 'open',
  program: 'open',
  exited: 'open',
  call: 'open',
  refused: 'open',
  paused: 'open',
  retries: 'cross',
  blocked: 'open',
  resumed: 'open',
};

function head(kind: Head, x: number, y: number, dir: number): string {
  const back = x - dir * HEAD;
  switch (kind) {
    case 'filled':
      return `M${x},${y}L${back},${y - 6}L${back},${y + 6}Z`;
    case 'open':
      return `M${back},${y - 6}L${x},${y}L${back},${y + 6}`;
    case 'bar':
      return `M${x},${y}L${back},${y - 6}L${back},${y + 6}Z M${x + dir},${y - 9}V${y + 9}`;
    case 'cross':
      return `M${x - 6},${y - 6}L${x + 6},${y + 6}M${x - 6},${y + 6}L${x + 6},${y - 6}`;
  }
}

export interface ArrowProps {
  placed: PlacedRow;
  text: string;
  title: string;
  time: string;
  /** Freshly arrived: animate in. */
  fresh: boolean;
  /** Right edge for notes that span every lane. */
  right: number;
}

/** Rows are rebuilt from the events on every batch; redraw only those that changed. */
const same = (a: ArrowProps, b: ArrowProps): boolean =>
  a.placed.row.key === b.placed.row.key &&
  a.placed.row.lastSeq === b.placed.row.lastSeq &&
  a.placed.y === b.placed.y &&
  a.placed.x1 === b.placed.x1 &&
  a.placed.x2 === b.placed.x2 &&
  a.placed.labelX === b.placed.labelX &&
  a.placed.labelChars === b.placed.labelChars &&
  a.text === b.text &&
  a.title === b.title &&
  a.time === b.time &&
  a.fresh === b.fresh &&
  a.right === b.right;

/** The label cut to the characters that fit its free span (the title keeps all of it). */
const fit = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;

export const Arrow = memo(function Arrow({ placed, text, title, time, fresh, right }: ArrowProps) {
  const { row, y, x1, x2 } = placed;
  const top = y - GEOMETRY.rowHeight + 12;
  const dir = x2 >= x1 ? 1 : -1;
  const className = [
    'sd-row',
    `sd-k-${row.kind}`,
    row.kind === 'connect' && row.retrying ? 'sd-k-retry' : '',
    fresh ? `sd-new ${dir > 0 ? 'sd-from-left' : 'sd-from-right'}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const common = {
    className,
    'data-seq': row.seq,
    'data-last-seq': row.lastSeq === row.seq ? undefined : row.lastSeq,
    'data-kind': row.kind,
    'data-key': row.key,
    'data-client': 'client' in row ? row.client : undefined,
  };
  const timeText = (
    <text className="sd-time" x={GEOMETRY.gutter - 10} y={y - 10} textAnchor="end">
      {time}
    </text>
  );

  if (!('client' in row)) {
    const x = x1 - GEOMETRY.minLane / 2 + 12;
    return (
      <g {...common}>
        <title>{title}</title>
        {timeText}
        <rect className="sd-note" x={x} y={top + 2} width={right - x} height={28} rx={6} />
        <text className="sd-label" x={x1 + 10} y={top + 21}>
          {text}
        </text>
      </g>
    );
  }

  const start = x1 + dir * INSET;
  // A retrying client's SYN never reaches the server: the arrow stops halfway, crossed out.
  const end = row.kind === 'connect' && row.retrying ? x1 + (x2 - x1) / 2 : x2 - dir * INSET;
  const kind: Head = row.kind === 'connect' && row.retrying ? 'cross' : HEADS[row.kind];
  const both = row.kind === 'burst';
  return (
    <g {...common}>
      <title>{title}</title>
      {timeText}
      <line className="sd-line" x1={start} y1={y} x2={end} y2={y} />
      <path className={`sd-head sd-head-${kind}`} d={head(kind, end, y, dir)} />
      {both && <path className="sd-head sd-head-filled" d={head('filled', start, y, -dir)} />}
      <text className="sd-label" x={placed.labelX} y={y - 10}>
        {fit(text, placed.labelChars)}
      </text>
    </g>
  );
}, same);
