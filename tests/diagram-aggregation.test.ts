import { describe, expect, it } from 'vitest';
import type { LabEventBody } from '../shared/protocol.ts';
import { buildRows } from '../web/src/diagram/build-rows.ts';
import type { Row } from '../web/src/diagram/rows.ts';
import { rowText, rowTitle } from '../web/src/diagram/text.ts';
import { connect, echo, en, es, read, stamp, started, summary } from './support/diagram-events.ts';

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
      '1,240 reads · 1,269,760 B (1.2 MiB) received and echoed in 248 ms · ' +
        'max 1,024 B per recv · summed up on this page',
    );
    expect(rowText(summary, es)).toBe(
      '1240 lecturas · 1.269.760 B (1,2 MiB) recibidos y devueltos en 248 ms · ' +
        'máx. 1024 B por recv · resumido en esta página',
    );
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
      /^11 reads · 10,247 B \(10\.0 KiB\) received · 10 echoes · 10,240 B \(10\.0 KiB\) echoed.* · summed up on this page$/,
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

  it("keeps a server's summary in the row of the arrows it goes on from, however late it comes", () => {
    const arrows = burst(20).map((e, i) => ({ ...e, t: 100 + i }));
    // The server counted on from 140 ms and sent its summary when its tenth window ended,
    // which a busy machine's timers made 1.7 s instead of about 1.1 s.
    const late = { ...summary(1, 800), since: 140, t: 1_700 };
    const rows = buildRows(stamp([...arrows, late]));
    expect(rows.map((r) => r.kind)).toEqual(['burst']);
    expect(rows[0]).toMatchObject({ reads: 820, arrows: 40, summaries: 1 });
    // A summary saved before it said when it began: the pause it seems to follow splits it.
    const { since: _since, ...older } = late;
    expect(buildRows(stamp([...arrows, older])).map((r) => r.kind)).toEqual(['burst', 'burst']);
    // Traffic that really paused first is a new row, whatever the summary says.
    const after = { ...late, since: 1_600, t: 2_600 };
    expect(buildRows(stamp([...arrows, after])).map((r) => r.kind)).toEqual(['burst', 'burst']);
  });

  it('keeps one summary row while its stream goes on into the next period', () => {
    const before = burst(10).map((e, i) => ({ ...e, t: 900 + i * 5 }));
    const after = burst(2).map((e, i) => ({ ...e, t: 1000 + i * 5 }));
    const rows = buildRows(stamp([...before, ...after]));
    expect(rows.map((r) => r.kind)).toEqual(['burst']);
    expect(rows[0]).toMatchObject({ reads: 12, echoes: 12, t: 900, endT: 1015 });
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

  it('draws a steady stream as one row, which counts what is kept as old events leave', () => {
    // 80 events, 25 ms apart, from t = 0 to just under 2 s.
    const events = stamp(
      burst(40).map((e, i) => ({ ...e, t: i * 25 })),
      25,
    );
    const all = buildRows(events);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ kind: 'burst', reads: 40, echoes: 40, endT: 79 * 25 });
    const later = buildRows(events.slice(10));
    expect(later).toHaveLength(1);
    expect(later[0]).toMatchObject({ key: all[0]!.key, reads: 35, echoes: 35 });
  });
});

describe("the server's summaries", () => {
  const pairs = (n: number, id: number, t: number): LabEventBody[] =>
    Array.from({ length: n }, (_, i) => [
      { ...read(id, 1024), t: t + i },
      { ...echo(id, 1024), t: t + i + 0.5 },
    ]).flat();
  const accepted = (id: number): LabEventBody[] => [connect(id), { type: 'client.accepted', id }];

  it('draws a summary as a row of its own with its exact counts, and says who summed it', () => {
    const events = stamp([...accepted(1), { ...summary(1, 3732), t: 1007 }]);
    const rows = buildRows(events);
    expect(rows.map((r) => r.kind)).toEqual(['connect', 'accept', 'burst']);
    expect(rows[2]).toMatchObject({ reads: 3732, bytesIn: 3732 * 1024, summaries: 1, arrows: 0 });
    // A summary says how much it counted, not since when: no duration is made up.
    expect(rowText(rows[2]!, en)).toBe(
      '3,732 reads · 3,821,568 B (3.6 MiB) received and echoed · summed up by the server',
    );
    expect(rowText(rows[2]!, es)).toBe(
      '3732 lecturas · 3.821.568 B (3,6 MiB) recibidos y devueltos · resumido por el servidor',
    );
  });

  it("adds a flood's first arrows and every summary after them into one row", () => {
    // As the server tells a flood: 20 reads one by one, then a summary a second.
    const events = stamp([
      ...accepted(1),
      ...pairs(20, 1, 50),
      { ...summary(1, 2473), t: 1007 },
      { ...summary(1, 920), t: 2012 },
      { ...summary(1, 691), t: 3015 },
    ]);
    const rows = buildRows(events);
    expect(rows.map((r) => r.kind)).toEqual(['connect', 'accept', 'burst']);
    const reads = 20 + 2473 + 920 + 691;
    expect(rows[2]).toMatchObject({ reads, echoes: reads, bytesIn: reads * 1024, summaries: 3 });
    expect(rowText(rows[2]!, en)).toBe(
      '4,104 reads · 4,202,496 B (4.0 MiB) received and echoed in 3.0 s · summed up by the server',
    );
    // Its title says which part the server sent one by one.
    expect(rowTitle(rows[2]!, en, (id) => `#${id}`)).toMatch(
      /^server ↔ #1: .* in 3\.0 s · summed up by the server \(the server sent 40 reads and echoes one by one, the rest in 3 summaries\) · at /,
    );
  });

  it("keeps a quiet client's arrows while the flood's row takes in its summaries", () => {
    const events = stamp([
      ...accepted(1),
      ...accepted(2),
      ...pairs(20, 1, 50),
      { ...read(2, 5, 'hola\\n'), t: 600 },
      { ...echo(2, 5), t: 601 },
      { ...summary(1, 2000), t: 1050 },
    ]);
    const rows = buildRows(events).slice(4);
    expect(rows.map((r) => r.kind)).toEqual(['burst', 'read', 'echo']);
    expect(rows[0]).toMatchObject({ client: 1, reads: 2020, summaries: 1, arrows: 40 });
  });

  it('never adds a summary across an event that draws a row', () => {
    const events = stamp([
      ...accepted(1),
      ...pairs(20, 1, 50),
      { ...connect(2), t: 500 },
      { ...summary(1, 2000), t: 1050 },
    ]);
    const rows = buildRows(events);
    expect(rows.map((r) => r.kind)).toEqual(['connect', 'accept', 'burst', 'connect', 'burst']);
    expect(rows[2]).toMatchObject({ reads: 20, summaries: 0 });
    expect(rows[4]).toMatchObject({ reads: 2000, summaries: 1, arrows: 0 });
  });
});
