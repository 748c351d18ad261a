import { describe, expect, it } from 'vitest';
import type { LabEventBody } from '../shared/protocol.ts';
import { buildRows } from '../web/src/diagram/build-rows.ts';
import { createDiagramCache } from '../web/src/diagram/diagram-model.ts';
import { GEOMETRY, layoutDiagram, layoutRows, totalHeight } from '../web/src/diagram/layout.ts';
import { connect, echo, fold, read, stamp, started, wide } from './support/diagram-events.ts';

const accept = (id: number): LabEventBody => ({ type: 'client.accepted', id });
const close = (id: number): LabEventBody => ({
  type: 'client.closed',
  id,
  by: 'client',
  reason: 'fin',
});

/** The column (x) of each client's lifeline, for the rows in view. */
const columns = (d: ReturnType<typeof layoutDiagram>): Map<number, number> =>
  new Map(d.segments.map((s) => [s.client, s.x]));

describe('stable lanes', () => {
  it('a client keeps its column while others come and go', () => {
    const bodies: LabEventBody[] = [started, connect(1), connect(2), connect(3), accept(1)];
    const before = stamp(bodies);
    const x = columns(layoutDiagram(buildRows(before), fold(before), wide));
    // Client 1 leaves, 4 connects; clients 2 and 3 stay where they were.
    const after = stamp([...bodies, close(1), connect(4), accept(2), read(2, 4), echo(2, 4)]);
    const d = layoutDiagram(buildRows(after), fold(after), wide);
    const y = columns(d);
    expect(y.get(2)).toBe(x.get(2));
    expect(y.get(3)).toBe(x.get(3));
    // The newcomer takes the column client 1 left: the closed one folds away under it.
    expect(y.get(4)).toBe(x.get(1));
    expect(d.lanes.filter((l) => l.lane.kind !== 'server')).toHaveLength(3);
  });

  it('scrolling back shows the closed client in its column, its rows naming it', () => {
    const events = stamp([started, connect(1), accept(1), read(1, 3), close(1), connect(2)]);
    const rows = buildRows(events);
    const d = layoutDiagram(rows, fold(events), wide);
    // Both clients are in sight in the one column: the newest heads it, rows say whose.
    expect(d.lanes.map((l) => l.lane.key)).toEqual(['server', 'c2']);
    const read1 = d.rows.find((p) => p.row.kind === 'read');
    expect(read1?.named).toBe(true);
    // Scrolled back to before the newcomer: the closed client heads its column again.
    const top = { scrollTop: 0, height: 120, width: 1280 };
    expect(layoutDiagram(rows, fold(events), top).lanes.map((l) => l.lane.key)).toEqual([
      'server',
      'c1',
    ]);
  });

  it('the window moving on keeps the living in their columns', () => {
    const cache = createDiagramCache();
    const bodies: LabEventBody[] = [started, connect(1), connect(2), connect(3), accept(1)];
    bodies.push(close(1), connect(4), accept(2));
    const events = stamp(bodies);
    const lab = fold(events);
    const first = cache.sync(events, lab);
    // The oldest events drop out (the store's window): 2, 3 and 4 now came before it.
    const later = cache.sync(events.slice(5), lab);
    for (const id of [2, 3, 4]) expect(later.slots.slotOf.get(id)).toBe(first.slots.slotOf.get(id));
  });

  it('labels stop short of any other lane with a lifeline through them', () => {
    // Client 3 is served with 1 and 2 waiting between it and the server.
    const long = 'x'.repeat(48);
    const events = stamp([
      started,
      connect(1),
      connect(2),
      connect(3),
      accept(3),
      read(3, 48, long),
    ]);
    const rows = buildRows(events);
    const d = layoutDiagram(rows, fold(events), wide);
    const x = columns(d);
    const placed = d.rows.find((p) => p.row.kind === 'read');
    if (!placed) throw new Error('no read row');
    // Lanes 1 and 2 have dashed lifelines at that row: the label starts after lane 2.
    expect(placed.labelX).toBeGreaterThan(x.get(2) as number);
    // The other way round, client 1's label stops short of lane 2.
    const first = stamp([
      started,
      connect(1),
      connect(2),
      connect(3),
      accept(1),
      read(1, 48, long),
    ]);
    const d1 = layoutDiagram(buildRows(first), fold(first), wide);
    const read1 = d1.rows.find((p) => p.row.kind === 'read');
    if (!read1) throw new Error('no read row');
    const end = read1.labelX + read1.labelChars * GEOMETRY.charWidth;
    expect(end).toBeLessThanOrEqual((columns(d1).get(2) as number) - GEOMETRY.labelGap);
    // Alone, with no lane in the way, the label starts at the server and runs on.
    const alone = stamp([started, connect(1), accept(1), read(1, 48, long)]);
    const solo = layoutDiagram(buildRows(alone), fold(alone), wide);
    const soloRead = solo.rows.find((p) => p.row.kind === 'read');
    expect(soloRead?.labelChars).toBe(Infinity);
    // A closed lane no longer blocks: its lifeline ended above the row.
    const after = stamp([started, connect(1), connect(2), close(1), accept(2), read(2, 48, long)]);
    const freed = layoutDiagram(buildRows(after), fold(after), wide);
    const freedRead = freed.rows.find((p) => p.row.kind === 'read');
    expect(freedRead?.labelX).toBe(GEOMETRY.gutter + GEOMETRY.minLane / 2 + 12);
  });

  it('lays out from the model as from scratch', () => {
    const events = stamp([started, connect(1), connect(2), accept(1), read(1, 3), close(1)]);
    const lab = fold(events);
    const model = createDiagramCache().sync(events, lab);
    const viewport = { scrollTop: 0, height: totalHeight(6), width: 1280 };
    expect(layoutRows(model.rows, model, lab, viewport)).toEqual(
      layoutDiagram(buildRows(events), lab, viewport),
    );
  });
});
