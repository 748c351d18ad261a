import { describe, expect, it } from 'vitest';
import { initialState, reduceAll, type LabState } from '../shared/lab.ts';
import { DEFAULTS, type LabEvent, type LabEventBody } from '../shared/protocol.ts';
import { chooseLanes, lifelines } from '../web/src/diagram/lanes.ts';
import {
  GEOMETRY,
  layoutDiagram,
  totalHeight,
  visibleWindow,
  type Viewport,
} from '../web/src/diagram/layout.ts';
import { messages } from '../web/src/diagram/messages.ts';
import { buildRows } from '../web/src/diagram/build-rows.ts';
import type { Row } from '../web/src/diagram/rows.ts';
import { clipPreview, rowText, rowTitle, textKit } from '../web/src/diagram/text.ts';

/** Stamps bodies with gapless seqs; `dt` ms apart unless a body says otherwise. */
function stamp(bodies: (LabEventBody & { t?: number })[], dt = 500): LabEvent[] {
  let t = 0;
  return bodies.map((b, i) => {
    t = b.t ?? t + dt;
    return { ...b, seq: i + 1, t } as LabEvent;
  });
}

const client = (id: number, kind: 'raw' | 'web' | 'bot' = 'raw') => ({
  id,
  kind,
  address: '127.0.0.1',
  port: 51000 + id,
  label: kind === 'web' ? `web ${id}` : `127.0.0.1:${51000 + id}`,
});
const started: LabEventBody = { type: 'server.started', config: { ...DEFAULTS }, startedAt: 0 };
const connect = (id: number, phase: 'waiting' | 'retrying' = 'waiting'): LabEventBody => ({
  type: 'client.connected',
  client: client(id),
  phase,
});
const read = (id: number, bytes: number, preview = 'x'.repeat(Math.min(bytes, 48))) =>
  ({ type: 'data.read', id, bytes, preview, truncated: bytes > 48 }) as const;
const echo = (id: number, bytes: number) => ({ type: 'data.echoed', id, bytes }) as const;

const en = textKit('en', messages.en);
const es = textKit('es', messages.es);
const wide: Viewport = { scrollTop: 0, height: 100_000, width: 1280 };
const fold = (events: LabEvent[]): LabState => reduceAll(initialState(), events);

const session = stamp([
  started,
  connect(1),
  { type: 'client.accepted', id: 1 },
  read(1, 5, 'hola\\n'),
  echo(1, 5),
  { type: 'client.word', id: 1, bytes: 12, preview: 'desconectar\\n', truncated: false },
  { type: 'client.closed', id: 1, by: 'server', reason: 'word' },
]);

describe('diagram rows', () => {
  it('draws a full session as one row per event, with exact byte counts', () => {
    const rows = buildRows(session);
    expect(rows.map((r) => r.kind)).toEqual([
      'started',
      'connect',
      'accept',
      'read',
      'echo',
      'word',
      'close',
    ]);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const text = rows.map((r) => rowText(r, en));
    expect(text[0]).toBe('server listening on 127.0.0.1:8000 · iterative · listen(5) · recv(1024)');
    expect(text[1]).toBe('connect() · SYN');
    expect(text[2]).toBe('accept()');
    expect(text[3]).toBe('recv → 5 B · "hola\\n"');
    expect(text[4]).toBe('sendall 5 B');
    expect(text[5]).toBe('recv → 12 B · "desconectar\\n" · the disconnect word, no echo');
    expect(text[6]).toBe('close() · after the disconnect word');
  });

  it('points each arrow the right way between the server and the client', () => {
    const lab = fold(session);
    const d = layoutDiagram(buildRows(session), lab, wide);
    const serverX = d.lanes[0]!.x;
    const clientX = d.lanes[1]!.x;
    const dir = Object.fromEntries(
      d.rows.map((p) => [p.row.kind, p.x1 === clientX && p.x2 === serverX ? 'up' : 'down']),
    );
    expect(dir).toMatchObject({ connect: 'up', read: 'up', word: 'up' });
    expect(dir).toMatchObject({ accept: 'down', echo: 'down', close: 'down' });
    // The client's lane is in sight, so labels need not name it.
    expect(d.rows.some((p) => p.named)).toBe(false);
    const narrow = layoutDiagram(buildRows(session), lab, { ...wide, width: 200 });
    expect(narrow.rows.filter((p) => 'client' in p.row).every((p) => p.named)).toBe(true);
    // Rows are evenly spaced, newest at the bottom.
    const ys = d.rows.map((p) => p.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(ys[1]! - ys[0]!).toBe(GEOMETRY.rowHeight);
  });

  it('tells FIN, RST and a server close apart', () => {
    const events = stamp([
      started,
      connect(1),
      connect(2),
      connect(3),
      { type: 'client.closed', id: 1, by: 'client', reason: 'fin' },
      { type: 'client.closed', id: 2, by: 'client', reason: 'reset', detail: 'ECONNRESET' },
      { type: 'client.closed', id: 3, by: 'server', reason: 'kicked' },
    ]);
    const rows = buildRows(events).filter((r) => r.kind === 'close');
    expect(rows.map((r) => rowText(r, en))).toEqual([
      'FIN · the client closed',
      'RST · connection reset (ECONNRESET)',
      'close() · disconnected by the teacher',
    ]);
    expect(rowText(rows[0]!, es)).toBe('FIN · el cliente cerró');
    const d = layoutDiagram(buildRows(events), fold(events), wide);
    const closes = d.rows.filter((p) => p.row.kind === 'close');
    const serverX = d.lanes[0]!.x;
    expect(closes.map((p) => p.x2 === serverX)).toEqual([true, true, false]);
  });

  it('folds only runs of several ignored SYNs', () => {
    const three = stamp([started, connect(1, 'retrying'), connect(2, 'retrying'), read(3, 1)]);
    expect(buildRows(three).map((r) => r.kind)).toEqual(['started', 'connect', 'connect', 'read']);
    const named: LabEventBody = { type: 'client.named', id: 1, label: 'nc', program: 'nc' };
    const four = stamp([
      started,
      ...[1, 2].map((id) => connect(id, 'retrying')),
      named,
      ...[3, 4].map((id) => connect(id, 'retrying')),
      connect(5),
    ]);
    expect(buildRows(four).map((r) => r.kind)).toEqual(['started', 'retries', 'connect']);
  });

  it('shows a retrying client as an ignored SYN, then the retried SYN that gets in', () => {
    const events = stamp([started, connect(1, 'retrying'), { type: 'client.queued', id: 1 }]);
    const rows = buildRows(events);
    expect(rows[1]).toMatchObject({ kind: 'connect', retrying: true });
    expect(rowText(rows[1]!, en)).toBe('SYN ignored · queue full, retrying');
    expect(rowText(rows[2]!, es)).toBe('SYN reintentado · entra en la cola de espera');
    const d = layoutDiagram(rows, fold(events), wide);
    expect(d.rows[2]).toMatchObject({ x1: d.lanes[1]!.x, x2: d.lanes[0]!.x });
    const segments = lifelines(rows, [1], fold(events));
    expect(segments.map((s) => s.phase)).toEqual(['retrying', 'waiting']);
  });

  it('titles each arrow in one line, with the whole preview and who sent it', () => {
    const rows = buildRows(session);
    const label = (id: number) => `c${id}`;
    expect(rowTitle(rows[3]!, en, label)).toBe('c1 → server: recv → 5 B · "hola\\n" · at 2.000 s');
    expect(rowTitle(rows[4]!, es, label)).toBe('servidor → c1: sendall 5 B · a los 2,500 s');
  });

  it('forgets rows before a clear, shows a pause only while it lasts, skips unknown events', () => {
    const events = stamp([
      started,
      connect(1),
      { type: 'diagram.cleared' },
      connect(2),
      { type: 'client.named', id: 2, label: 'nc', program: 'nc' },
      { type: 'server.paused', step: 'accept', id: 2 },
      { type: 'client.accepted', id: 2 },
      { type: 'server.paused', step: 'recv', id: 2 },
      { type: 'from.the.future' } as unknown as LabEventBody,
      { type: 'server.paused', step: 'recv', id: 2 },
    ]);
    const rows = buildRows(events);
    expect(rows.map((r) => r.kind)).toEqual(['connect', 'accept', 'paused']);
    const labelOf = (id: number) => (id === 2 ? 'nc' : '?');
    expect(rowText(rows[2]!, en, { labelOf })).toBe('⏸ step mode · next: recv() · nc');
    expect(rowText(rows[2]!, es, { labelOf })).toBe('⏸ paso a paso · siguiente: recv() · nc');
    expect(buildRows(events.slice(0, -1)).map((r) => r.kind)).toEqual(['connect', 'accept']);
  });

  it('cuts long previews without splitting an escape, and marks what was left out', () => {
    expect(clipPreview('ab\\x00cd', false, 3)).toBe('"ab\\x00"…');
    expect(clipPreview('ab\\x00cd', false)).toBe('"ab\\x00cd"');
    expect(clipPreview('short', true)).toBe('"short"…');
    expect(clipPreview('\\\\n', false, 1)).toBe('"\\\\"…');
    expect(clipPreview('ñandú😀', false, 6)).toBe('"ñandú😀"');
  });
});

describe('honest aggregation', () => {
  const burst = (n: number, id = 1, size = 1024): LabEventBody[] =>
    Array.from({ length: n }, () => [read(id, size), echo(id, size)]).flat();

  it('folds a burst of read/echo pairs into one row with exact counts', () => {
    const bodies = [started, connect(1), { type: 'client.accepted', id: 1 } as const];
    const events = stamp([...bodies, ...burst(1240)], 0.1);
    const rows = buildRows(events);
    expect(rows.map((r) => r.kind)).toEqual(['started', 'connect', 'accept', 'burst']);
    const summary = rows[3] as Extract<Row, { kind: 'burst' }>;
    expect(summary).toMatchObject({ reads: 1240, echoes: 1240, maxRead: 1024, seq: 4 });
    expect(summary.bytesIn).toBe(1240 * 1024);
    expect(summary.bytesOut).toBe(1240 * 1024);
    expect(summary.lastSeq).toBe(events.length);
    expect(rowText(summary, en)).toBe(
      '×1,240 echoes · 1,269,760 B (1.2 MiB) · 248 ms · max 1,024 B per recv',
    );
    expect(rowText(summary, es)).toMatch(/^×1240 ecos · 1\.269\.760 B \(1,2 MiB\)/);
  });

  it('keeps a 3000-byte message as its three reads', () => {
    const events = stamp([
      started,
      connect(1),
      { type: 'client.accepted', id: 1 },
      read(1, 1024),
      read(1, 1024),
      read(1, 952),
      echo(1, 1024),
      echo(1, 1024),
      echo(1, 952),
    ]);
    expect(buildRows(events).filter((r) => r.kind === 'read')).toHaveLength(3);
  });

  it('says so when reads and echoes differ, and never merges across a word or a pause', () => {
    const events = stamp(
      [
        ...burst(10),
        read(1, 7),
        { type: 'client.word', id: 1, bytes: 11, preview: 'desconectar', truncated: false },
        ...burst(10),
        { ...echo(1, 1024), t: 900 },
        ...burst(3),
      ],
      1,
    );
    const rows = buildRows(events);
    expect(rows.map((r) => r.kind)).toEqual([
      'burst',
      'word',
      'burst',
      'echo',
      'read',
      'echo',
      'read',
      'echo',
      'read',
      'echo',
    ]);
    expect(rows[0]).toMatchObject({ reads: 11, echoes: 10, bytesIn: 10 * 1024 + 7 });
    expect(rowText(rows[0]!, en)).toMatch(
      /^×11 reads · ×10 echoes · 10,247 B \(10\.0 KiB\) in · 10,240 B \(10\.0 KiB\) out/,
    );
  });

  it('folds each client of a concurrent burst on its own, in a fixed order', () => {
    const mixed = burst(20, 2).flatMap((e, i) => [e, burst(20, 1)[i]!]);
    const events = stamp([...mixed, read(3, 5)], 0.05);
    const rows = buildRows(events);
    expect(rows.map((r) => r.kind)).toEqual(['burst', 'burst', 'read']);
    expect(rows.map((r) => ('client' in r ? r.client : 0))).toEqual([1, 2, 3]);
    expect(rows.slice(0, 2).every((r) => r.kind === 'burst' && r.reads === 20)).toBe(true);
    // As old events leave the store, the summaries keep their keys and their order.
    const later = buildRows(events.slice(3));
    expect(later.map((r) => r.key)).toEqual(rows.map((r) => r.key));
  });

  it('keeps summarising a stream that goes on into the next period', () => {
    const before = burst(10).map((e, i) => ({ ...e, t: 900 + i * 5 }));
    const after = burst(2).map((e, i) => ({ ...e, t: 1000 + i * 5 }));
    const rows = buildRows(stamp([...before, ...after]));
    expect(rows.map((r) => r.kind)).toEqual(['burst', 'burst']);
    expect(rows[1]).toMatchObject({ reads: 2, echoes: 2 });
    // After a pause the threshold applies afresh.
    const paused = after.map((e) => ({ ...e, t: e.t + 500 }));
    expect(buildRows(stamp([...before, ...paused])).map((r) => r.kind)).toEqual([
      'burst',
      'read',
      'echo',
      'read',
      'echo',
    ]);
  });

  it('keeps a burst key while its oldest events leave the store', () => {
    const events = stamp(burst(100), 0.1);
    const before = buildRows(events);
    const after = buildRows(events.slice(50));
    expect(before).toHaveLength(1);
    expect(after[0]!.key).toBe(before[0]!.key);
    expect(after[0]).toMatchObject({ seq: 51, reads: 75, echoes: 75 });
  });

  it('keeps bursts in one period of server time, so old events leaving do not reshape them', () => {
    // 80 events, 25 ms apart, from t = 0 to just under 2 s.
    const events = stamp(
      burst(40).map((e, i) => ({ ...e, t: i * 25 })),
      25,
    );
    const all = buildRows(events);
    expect(all.map((r) => r.kind)).toEqual(['burst', 'burst']);
    const later = buildRows(events.slice(10));
    expect(later[1]).toEqual(all[1]);
  });
});

describe('lanes', () => {
  it('gives the server the first lane and clients lanes in connection order', () => {
    const events = stamp([started, connect(3), connect(1), connect(2)]);
    const d = layoutDiagram(buildRows(events), fold(events), wide);
    expect(d.lanes.map((l) => l.lane.key)).toEqual(['server', 'c1', 'c2', 'c3']);
    expect(d.lanes[1]!.lane).toMatchObject({ label: '127.0.0.1:51001', phase: 'waiting' });
    const xs = d.lanes.map((l) => l.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
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
