import { describe, expect, it } from 'vitest';
import type { LabEventBody } from '../shared/protocol.ts';
import { buildRows } from '../web/src/diagram/build-rows.ts';
import type { Row } from '../web/src/diagram/rows.ts';
import { rowText } from '../web/src/diagram/text.ts';
import { connect, echo, en, es, read, stamp, started } from './support/diagram-events.ts';

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
