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
  /** Why an event happened, added to its arrow's title when known. */
  explain?: (seq: number) => string | undefined;
}

/** The placed rows as arrows and notes: shared by the live diagram and its SVG export. */
export function ArrowRows(props: ArrowRowsProps) {
  const { diagram, kit, labelOf, freshSince, right, explain } = props;
  return diagram.rows.map((placed) => {
    const { row } = placed;
    const text = rowText(row, kit, { labelOf });
    const title = rowTitle(row, kit, labelOf);
    // The log explains one event; a summary row of several would be told other numbers.
    const single = row.kind !== 'burst' || row.seq === row.lastSeq;
    const why = single ? explain?.(row.lastSeq) : undefined;
    return (
      <Arrow
        key={row.key}
        placed={placed}
        text={placed.named && 'client' in row ? `${labelOf(row.client)} · ${text}` : text}
        title={why ? `${title}. ${why}` : title}
        time={kit.time(row.t)}
        fresh={row.seq > freshSince}
        right={right}
      />
    );
  });
}
