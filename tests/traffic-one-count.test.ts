import { afterEach, describe, expect, it } from 'vitest';
import { initialState, reduceAll } from '../shared/lab.ts';
import { WINDOW_MS } from '../shared/traffic-policy.ts';
import { buildRows } from '../web/src/diagram/build-rows.ts';
import type { Row } from '../web/src/diagram/rows.ts';
import { rowText } from '../web/src/diagram/text.ts';
import { toMermaid } from '../web/src/export/mermaid.ts';
import { en } from './support/diagram-events.ts';
import { flood } from './support/flood.ts';
import { idOf, RawClient, startEcho } from './support/tcp.ts';
import { labTotals, mermaidTotals, rowTotals } from './support/traffic-totals.ts';

// A real flood from a raw client: what it sent is what the reducer counted, what the
// diagram's rows add up to, and what the Mermaid export says, to the byte.

let echo: Awaited<ReturnType<typeof startEcho>>;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy();
  await echo?.server.close();
});

describe('one count of a flood', () => {
  it('the rows, the Mermaid export and the reducer all say what the client sent', async () => {
    echo = await startEcho({ mode: 'concurrent' });
    const [loud, quiet] = await Promise.all([
      RawClient.connect(echo.port),
      RawClient.connect(echo.port),
    ]);
    clients.push(loud, quiet);
    const flooding = flood(loud, 1500);
    // Another client's messages meanwhile stay arrows of their own.
    let said = 0;
    for (let i = 1; i <= 3; i++) {
      await new Promise((r) => setTimeout(r, 300));
      quiet.send(`hola ${i}`);
      said += 6;
      await quiet.receive(said);
    }
    const sent = await flooding;
    // The flood's last summary goes out when its window ends, after its last echo.
    await new Promise((r) => setTimeout(r, WINDOW_MS * 3));

    const loudId = idOf(echo.events, loud.localPort);
    const quietId = idOf(echo.events, quiet.localPort);
    expect(echo.events.filter((e) => e.type === 'data.burst').length).toBeGreaterThan(1);
    const lab = reduceAll(initialState(), echo.events);
    const totals = labTotals(lab);
    const each = (bytes: number, reads: number) => ({
      bytesIn: bytes,
      bytesOut: bytes,
      reads,
      echoes: reads,
    });
    expect(totals[loudId]).toEqual(each(sent, lab.clients[loudId]!.reads));
    expect(totals[quietId]).toEqual(each(said, 3));

    const rows = buildRows(echo.events);
    expect(rowTotals(rows)).toEqual(totals);
    expect(mermaidTotals(toMermaid(echo.events, lab, { kit: en }))).toEqual(totals);

    // The whole flood is one row, which says it was summed up by the server.
    const summaries = rows.filter((r): r is Extract<Row, { kind: 'burst' }> => r.kind === 'burst');
    expect(summaries.map((r) => r.client)).toEqual([loudId]);
    expect(rowText(summaries[0]!, en)).toMatch(
      new RegExp(
        `^[\\d,]+ reads · ${en.bytes(sent).replace(/[().]/g, '\\$&')} received.* · summed up by the server$`,
      ),
    );
    const quietRows = rows.filter((r) => 'client' in r && r.client === quietId);
    expect(quietRows.map((r) => r.kind)).toEqual([
      'connect',
      'accept',
      ...['read', 'echo', 'read', 'echo', 'read', 'echo'],
    ]);
  });
});
