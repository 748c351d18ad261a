import { Arrow } from './Arrow.tsx';
import type { Diagram } from './layout.ts';
import { rowText, rowTitle, type TextKit } from './text.ts';

export interface ArrowRowsProps {
  diagram: Diagram;
  kit: TextKit;
  labelOf: (id: number) => string;
  /** Rows with a later sequence number animate in; the export passes Infinity. */
  freshSince: number;
  /** Where notes end, in the diagram's coordinates. */
  right: number;
}

/** The placed rows as arrows and notes: shared by the live diagram and its SVG export. */
export function ArrowRows({ diagram, kit, labelOf, freshSince, right }: ArrowRowsProps) {
  return diagram.rows.map((placed) => {
    const { row } = placed;
    const text = rowText(row, kit, { labelOf });
    return (
      <Arrow
        key={row.key}
        placed={placed}
        text={placed.named && 'client' in row ? `${labelOf(row.client)} · ${text}` : text}
        title={rowTitle(row, kit, labelOf)}
        time={kit.time(row.t)}
        fresh={row.seq > freshSince}
        right={right}
      />
    );
  });
}
