// What each view says a client sent and got back, summed up the same way, so the tests can
// check that the diagram's rows, its Mermaid text and the reducer agree to the byte.

import type { LabState } from '../../shared/lab.ts';
import { noTraffic, type TrafficCounts } from '../../shared/traffic-policy.ts';
import type { Row } from '../../web/src/diagram/rows.ts';

export type PerClient = Record<number, TrafficCounts>;

const add = (into: PerClient, id: number, counts: Partial<TrafficCounts>): void => {
  const c = (into[id] ??= noTraffic());
  c.reads += counts.reads ?? 0;
  c.echoes += counts.echoes ?? 0;
  c.bytesIn += counts.bytesIn ?? 0;
  c.bytesOut += counts.bytesOut ?? 0;
};

/** The sum over the diagram's rows, per client. */
export function rowTotals(rows: readonly Row[]): PerClient {
  const totals: PerClient = {};
  for (const row of rows) {
    if (row.kind === 'burst') add(totals, row.client, row);
    else if (row.kind === 'read' || row.kind === 'word') {
      add(totals, row.client, { reads: 1, bytesIn: row.bytes });
    } else if (row.kind === 'echo') add(totals, row.client, { echoes: 1, bytesOut: row.bytes });
  }
  return totals;
}

/** The reducer's counts of the clients that had any traffic. */
export function labTotals(lab: LabState): PerClient {
  const totals: PerClient = {};
  for (const c of Object.values(lab.clients)) {
    if (c.reads + c.echoes > 0) add(totals, c.id, c);
  }
  return totals;
}

const int = (text: string | undefined): number => Number((text ?? '').replaceAll(',', ''));

const READ = /^ {4}C(\d+)->>S: recv → ([\d,]+) B/;
const ECHO = /^ {4}S-->>C(\d+): sendall ([\d,]+) B/;
const SIZE = String.raw`([\d,]+) B(?: \([^)]*\))?`;
const SUMMARY = new RegExp(
  String.raw`^ {4}S->>C(\d+): ([\d,]+) reads? · ${SIZE} received` +
    String.raw`(?: and echoed| · ([\d,]+) echo(?:es)? · ${SIZE} echoed).* · summed up `,
);

/** The numbers an English Mermaid export writes on each client's arrows, summed up. */
export function mermaidTotals(text: string): PerClient {
  const totals: PerClient = {};
  for (const line of text.split('\n')) {
    const read = READ.exec(line);
    if (read) add(totals, int(read[1]), { reads: 1, bytesIn: int(read[2]) });
    const echo = ECHO.exec(line);
    if (echo) add(totals, int(echo[1]), { echoes: 1, bytesOut: int(echo[2]) });
    const summary = SUMMARY.exec(line);
    if (!summary) continue;
    const [, id, reads, bytesIn, echoes, bytesOut] = summary;
    add(totals, int(id), {
      reads: int(reads),
      bytesIn: int(bytesIn),
      echoes: echoes === undefined ? int(reads) : int(echoes),
      bytesOut: bytesOut === undefined ? int(bytesIn) : int(bytesOut),
    });
  }
  return totals;
}
