import { describe, expect, it } from 'vitest';
import type { LabEventBody } from '../shared/protocol.ts';
import { chooseLanes } from '../web/src/diagram/lanes.ts';
import { lifelines } from '../web/src/diagram/tracks.ts';
import {
  GEOMETRY,
  layoutDiagram,
  totalHeight,
  visibleWindow,
  type Viewport,
} from '../web/src/diagram/layout.ts';
import { buildRows } from '../web/src/diagram/build-rows.ts';
import { clipLabel, laneCaption, rowText } from '../web/src/diagram/text.ts';
import {
  connect,
  echo,
  en,
  fold,
  es,
  read,
  session,
  stamp,
  summary,
  started,
  wide,
} from './support/diagram-events.ts';

describe('lanes', () => {
  it('gives the server the first lane and clients lanes in the order they connected', () => {
    const events = stamp([started, connect(3), connect(1), connect(2)]);
    const d = layoutDiagram(buildRows(events), fold(events), wide);
    expect(d.lanes.map((l) => l.lane.key)).toEqual(['server', 'c3', 'c1', 'c2']);
    expect(d.lanes[2]!.lane).toMatchObject({ label: '127.0.0.1:51001', phase: 'waiting' });
    const xs = d.lanes.map((l) => l.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it("narrows lanes so that four clients' headers stay in sight of a 1280-px projector", () => {
    // The diagram's share of a 1280×720 page beside the queue, as in the lesson's step 8.
    const viewport: Viewport = { scrollTop: 0, height: 480, width: 826 };
    const fits = (clients: number): boolean => {
      const events = stamp([started, ...Array.from({ length: clients }, (_, i) => connect(i + 1))]);
      const d = layoutDiagram(buildRows(events), fold(events), viewport);
      const last = d.lanes.at(-1)!;
      return last.x + d.laneWidth / 2 <= viewport.width;
    };
    expect([1, 2, 3, 4].map(fits)).toEqual([true, true, true, true]);
    // More than that keeps the readable minimum and scrolls sideways, as before.
    expect(fits(8)).toBe(false);
  });

  it('starts a summary by the server, whatever its lane, and a plain read beside it', () => {
    const events = stamp([
      started,
      ...[1, 2, 3, 4].map((id) => connect(id)),
      ...[1, 2, 3, 4].map((id) => ({ type: 'client.accepted', id }) as const),
      read(3, 5),
      summary(4, 300),
    ]);
    const d = layoutDiagram(buildRows(events), fold(events), wide);
    const serverLabelX = GEOMETRY.gutter + GEOMETRY.minLane / 2 + 12;
    const of = (kind: string) => d.rows.find((p) => p.row.kind === kind);
    expect(of('burst')).toMatchObject({ labelX: serverLabelX, labelChars: Infinity });
    // Client 3's read keeps to its free span: it starts past client 2's lifeline.
    expect(of('read')?.labelX).toBeGreaterThan(d.lanes[2]!.x);
  });

  it("cuts a lane's name to its width, keeping an address's port", () => {
    expect(clipLabel('127.0.0.1:48096', 14)).toBe('127.0.0…:48096');
    expect(clipLabel('192.168.1.23:50312', 16)).toBe('192.168.1…:50312');
    expect(clipLabel('nc :50312', 14)).toBe('nc :50312');
    expect(clipLabel('#5 · web · en espera', 16)).toBe('#5 · web · en e…');
    // Too narrow to keep the port and a start of the host: an ordinary cut.
    expect(clipLabel('10.0.0.1:50312', 8)).toBe('10.0.0.…');
  });

  it("keeps a narrow lane's phase whole, dropping its id and then its kind", () => {
    const lane = {
      key: 'c5',
      kind: 'client',
      client: 5,
      label: 'web 1',
      clientKind: 'web',
      phase: 'waiting',
    } as const;
    expect(laneCaption(lane, es)).toBe('#5 · web · en espera');
    expect(laneCaption(lane, es, 20)).toBe('#5 · web · en espera');
    expect(laneCaption(lane, es, 16)).toBe('web · en espera');
    expect(laneCaption(lane, es, 12)).toBe('en espera');
    // Too narrow even for the phase: the lane header cuts it with "…".
    expect(laneCaption(lane, es, 5)).toBe('en espera');
  });

  it('draws waiting dashed, served as an activation, and ends the lifeline at the close', () => {
    const rows = buildRows(session);
    const segments = lifelines(rows, [1], fold(session));
    expect(segments.map((s) => [s.phase, s.from, s.to, s.closes])).toEqual([
      ['waiting', 1, 2, false],
      ['served', 2, 6, true],
    ]);
  });

  it('infers the phase of clients whose first events are no longer kept', () => {
    const rows = buildRows(session.slice(3));
    expect(lifelines(rows, [1], fold(session))[0]).toMatchObject({ phase: 'served', from: -1 });
    const waitingOnly = stamp([started, connect(1), connect(2)]);
    const lab = fold(waitingOnly);
    expect(lifelines([], [2], lab)).toEqual([
      { key: '2:top', client: 2, phase: 'waiting', from: -1, to: 0, closes: false },
    ]);
  });

  it('stays readable with 120 clients: served and waiting first, the rest as "+N"', () => {
    const bodies: LabEventBody[] = [started];
    for (let id = 1; id <= 120; id++) bodies.push(connect(id, id <= 5 ? 'waiting' : 'retrying'));
    bodies.push({ type: 'client.accepted', id: 1 }, { type: 'client.queued', id: 6 });
    bodies.push(read(1, 4, 'hola'), echo(1, 4));
    const events = stamp(bodies, 1);
    const lab = fold(events);
    const rows = buildRows(events);
    const viewport: Viewport = { scrollTop: totalHeight(rows.length), height: 400, width: 1280 };
    const d = layoutDiagram(rows, lab, viewport, { maxClients: 12 });
    const keys = d.lanes.map((l) => l.lane.key);
    expect(keys).toHaveLength(1 + 12 + 1);
    expect(keys[0]).toBe('server');
    expect(keys.at(-1)).toBe('more');
    for (const id of [1, 2, 3, 4, 5, 6]) expect(keys).toContain(`c${id}`);
    const more = d.lanes.at(-1)!.lane;
    expect(more.kind === 'more' && more.clients.length).toBe(120 - 12);
    expect(rowText(rows[1]!, en)).toBe('connect() · SYN');
    // 115 connections past the full queue share one note, and their lifelines start there.
    const retries = rows.filter((r) => r.kind === 'retries');
    expect(retries).toHaveLength(1);
    expect(rowText(retries[0]!, en)).toBe('×115 SYN ignored · queue full, clients #6–#120 retry');
    expect(lifelines(rows, [7], lab)).toEqual([
      { key: '7:r7', client: 7, phase: 'retrying', from: 6, to: rows.length, closes: false },
    ]);
    // Every drawn row lands on a lane, collapsed ones on "+N".
    const moreX = d.lanes.at(-1)!.x;
    for (const p of d.rows) {
      if (!('client' in p.row)) continue;
      expect(d.lanes.some((l) => l.x === p.x1 || l.x === p.x2)).toBe(true);
      expect(p.collapsed).toBe(p.x1 === moreX || p.x2 === moreX);
    }
    // Closed clients whose rows are out of view get no lane.
    const closedEvents = stamp([
      started,
      connect(1),
      { type: 'client.closed', id: 1, by: 'client', reason: 'fin' },
      ...Array.from({ length: 100 }, (_, i) => connect(i + 2)),
    ]);
    const closedRows = buildRows(closedEvents);
    const choice = chooseLanes(closedRows, { start: 90, end: 102 }, fold(closedEvents), 500);
    expect(choice.lanes.map((l) => l.key)).not.toContain('c1');
  });
});

describe('virtualization', () => {
  it('returns only the rows in view, plus the overscan', () => {
    const bodies: LabEventBody[] = [started, connect(1), { type: 'client.accepted', id: 1 }];
    for (let i = 0; i < 300; i++) bodies.push(read(1, 3, `m${i}`), echo(1, 3));
    const events = stamp(bodies, 400);
    const rows = buildRows(events);
    expect(rows).toHaveLength(603);
    const lab = fold(events);
    const { rowHeight, pad, overscan } = GEOMETRY;

    const top = layoutDiagram(rows, lab, { scrollTop: 0, height: 420, width: 1280 });
    expect(top.window).toEqual({ start: 0, end: 10 + overscan });
    expect(top.rows.map((p) => p.index)).toEqual(Array.from({ length: 18 }, (_, i) => i));

    const scrollTop = pad + 300 * rowHeight;
    const mid = layoutDiagram(rows, lab, { scrollTop, height: 420, width: 1280 });
    expect(mid.window).toEqual({ start: 300 - overscan, end: 310 + overscan });
    expect(mid.rows[0]!.y).toBeLessThan(scrollTop);
    expect(mid.rows.at(-1)!.y).toBeGreaterThan(scrollTop + 420);
    expect(mid.height).toBe(totalHeight(603));
    // The lifeline pieces drawn stay near the window too.
    for (const s of mid.segments) expect(s.y2 - s.y1).toBeLessThan(40 * rowHeight);

    const bottom = visibleWindow(603, { scrollTop: totalHeight(603) - 420, height: 420 });
    expect(bottom.end).toBe(603);
    expect(visibleWindow(0, { scrollTop: 0, height: 420 })).toEqual({ start: 0, end: 0 });
  });
});
