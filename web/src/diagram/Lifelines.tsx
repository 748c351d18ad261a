// Lane headers (sticky above the rows) and the lifelines under them. A client's lifeline is
// dotted while it retries, dashed while it waits in the queue, an activation bar while the
// server serves it, and ends in a cross where it closed.

import { memo } from 'react';
import { GEOMETRY, type Diagram, type PlacedLane, type PlacedSegment } from './layout.ts';
import { fill } from '../i18n/format.ts';
import { clipLabel, laneCaption, type TextKit } from './text.ts';

export const HEAD_HEIGHT = 62;

/** Widths of one character of a lane's name and of its caption, in the header's type. */
export interface HeaderType {
  name: number;
  caption: number;
}

/** diagram.css: names in 15 px monospace, captions in 14 px. */
const HEADER_TYPE: HeaderType = { name: 9.1, caption: 8.45 };

/** Characters that fit a lane's box, 2 px inside it each side. */
const fitChars = (laneWidth: number, charWidth: number): number =>
  Math.max(6, Math.floor((laneWidth - 16) / charWidth));

interface HeaderProps {
  diagram: Diagram;
  kit: TextKit;
  serverCaption: string;
  /** On a student's page, their own clients' lanes, marked with `youWord` ("tú"). */
  yours?: { ids: ReadonlySet<number>; word: string };
  /** Larger in projector mode. */
  type?: HeaderType;
}

function LaneHeader({
  placed,
  laneWidth,
  kit,
  serverCaption,
  you,
  type,
}: {
  placed: PlacedLane;
  laneWidth: number;
  kit: TextKit;
  serverCaption: string;
  you: string | null;
  type: HeaderType;
}) {
  const { lane, x } = placed;
  const name =
    lane.kind === 'server'
      ? kit.m.server
      : lane.kind === 'more'
        ? fill(kit.m.more, { n: kit.number(lane.clients.length) })
        : lane.kind === 'client'
          ? lane.label
          : '';
  const fits = fitChars(laneWidth, type.caption);
  const own = lane.kind === 'server' ? serverCaption : laneCaption(lane, kit);
  const caption = you ? `${you} · ${own}` : own;
  const shortest =
    lane.kind === 'server' ? own : laneCaption(lane, kit, fits - (you ? you.length + 3 : 0));
  const drawn = you ? `${you} · ${shortest}` : shortest;
  const phase = lane.kind === 'client' ? (lane.phase ?? 'closed') : lane.kind;
  const width = laneWidth - 12;
  return (
    <g
      className={`sd-lane sd-lane-${phase}${you ? ' sd-lane-yours' : ''}`}
      data-lane={lane.key}
      data-client={lane.kind === 'client' ? lane.client : undefined}
    >
      <title>{caption ? `${name} · ${caption}` : name}</title>
      <rect className="sd-lane-box" x={x - width / 2} y={6} width={width} height={50} rx={8} />
      <text className="sd-lane-name" x={x} y={27} textAnchor="middle">
        {clipLabel(name, fitChars(laneWidth, type.name))}
      </text>
      <text className="sd-lane-caption" x={x} y={47} textAnchor="middle">
        {clipLabel(drawn, fits)}
      </text>
    </g>
  );
}

export const LaneHeaders = memo(function LaneHeaders({
  diagram,
  kit,
  serverCaption,
  yours,
  type = HEADER_TYPE,
}: HeaderProps) {
  return (
    <svg className="sd-header" width={diagram.width} height={HEAD_HEIGHT}>
      <text className="sd-time sd-time-head" x={8} y={36}>
        {kit.m.time}
      </text>
      {diagram.lanes.map((placed) =>
        placed.lane.kind === 'free' ? null : (
          <LaneHeader
            key={placed.lane.key}
            placed={placed}
            laneWidth={placed.lane.kind === 'server' ? GEOMETRY.minLane : diagram.laneWidth}
            kit={kit}
            serverCaption={serverCaption}
            type={type}
            you={
              yours && placed.lane.kind === 'client' && yours.ids.has(placed.lane.client)
                ? yours.word
                : null
            }
          />
        ),
      )}
    </svg>
  );
});

function SegmentShape({ segment }: { segment: PlacedSegment }) {
  const { x, y1, y2, phase, closes } = segment;
  return (
    <g className={`sd-life sd-life-${phase}`} data-client={segment.client}>
      {phase === 'served' ? (
        <rect className="sd-activation" x={x - 6} y={y1} width={12} height={Math.max(0, y2 - y1)} />
      ) : (
        <line className="sd-lifeline" x1={x} y1={y1} x2={x} y2={y2} />
      )}
      {closes && <path className="sd-end" d={`M${x - 8},${y2 - 8}l16,16m0,-16l-16,16`} />}
    </g>
  );
}

/** The lines under the lane headers, for the rows on screen only. */
export const Lifelines = memo(function Lifelines({ diagram }: { diagram: Diagram }) {
  const top = diagram.rows[0]?.y ?? 0;
  const last = diagram.rows[diagram.rows.length - 1]?.y ?? diagram.height;
  return (
    <g className="sd-lifelines">
      {diagram.lanes.map(({ lane, x }) =>
        lane.kind === 'client' || lane.kind === 'free' ? null : (
          <line
            key={lane.key}
            className={`sd-lifeline sd-life-${lane.kind}`}
            x1={x}
            y1={Math.max(0, top - 60)}
            x2={x}
            y2={Math.min(diagram.height, last + 60)}
          />
        ),
      )}
      {diagram.segments.map((segment) => (
        <SegmentShape key={segment.key} segment={segment} />
      ))}
    </g>
  );
});
