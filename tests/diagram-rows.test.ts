import { describe, expect, it } from 'vitest';
import type { LabEventBody } from '../shared/protocol.ts';
import { lifelines } from '../web/src/diagram/tracks.ts';
import { GEOMETRY, layoutDiagram } from '../web/src/diagram/layout.ts';
import { buildRows } from '../web/src/diagram/build-rows.ts';
import { clipPreview, rowText, rowTitle } from '../web/src/diagram/text.ts';
import {
  connect,
  en,
  es,
  fold,
  read,
  session,
  stamp,
  started,
  wide,
} from './support/diagram-events.ts';

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
    expect(rowTitle(rows[3]!, en, label)).toBe('c1 → server: recv → 5 B · "hola\\n" · at 0:02.000');
    expect(rowTitle(rows[4]!, es, label)).toBe('servidor → c1: sendall 5 B · a los 0:02,500');
  });

  it('forgets rows before a clear, shows a pause only while it lasts, skips unknown events', () => {
    const events = stamp([
      started,
      connect(1),
      { type: 'diagram.cleared' },
      connect(2),
      { type: 'client.named', id: 2, label: 'nc', program: 'nc' },
      { type: 'server.paused', step: 'accept', id: 2 },
      { type: 'server.resumed', step: 'accept', id: 2 },
      { type: 'client.accepted', id: 2 },
      { type: 'server.paused', step: 'recv', id: 2 },
      { type: 'server.resumed', step: 'recv', id: 2 },
      { type: 'from.the.future' } as unknown as LabEventBody,
      { type: 'server.paused', step: 'recv', id: 2 },
    ]);
    const rows = buildRows(events);
    expect(rows.map((r) => r.kind)).toEqual(['connect', 'accept', 'paused']);
    // A client arriving meanwhile does not end the pause: only the server's word does.
    const more = [...events, { ...connect(3), seq: events.length + 1, t: 99_000 }];
    expect(buildRows(more).map((r) => r.kind)).toEqual(['connect', 'accept', 'paused', 'connect']);
    const labelOf = (id: number) => (id === 2 ? 'nc' : '?');
    expect(rowText(rows[2]!, en, { labelOf })).toBe('step mode · next: recv() · nc');
    expect(rowText(rows[2]!, es, { labelOf })).toBe('paso a paso · siguiente: recv() · nc');
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
