// A flood as a class sees it: the diagram's summary row, the accept queue's client and
// /api/state give the same byte count, and it is what the client sent and what the
// Mermaid file the page saves says.

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LabState } from '../../shared/lab.ts';
import { en } from '../support/diagram-events.ts';
import { flood } from '../support/flood.ts';
import { idOf, RawClient } from '../support/tcp.ts';
import { mermaidTotals } from '../support/traffic-totals.ts';
import { formatBytes } from '../../web/src/i18n/format.ts';
import {
  closeLabAfter,
  downloadedText,
  shown,
  snap,
  startLab,
  until,
  type Lab,
} from './helpers.ts';

describe('a flood on the page', () => {
  let lab: Lab;
  let page: Page;
  const raws: RawClient[] = [];

  beforeAll(async () => {
    lab = await startLab({ namePrograms: false });
    page = await lab.open();
    await shown(page.getByRole('status').getByText('Live', { exact: true }));
  });

  closeLabAfter(() => lab, raws);

  it('says in its summary row the byte count the queue panel and the server say', async () => {
    const raw = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(raw);
    const sent = await flood(raw, 1500);
    const id = idOf(lab.events, raw.localPort);
    // The flood's last summary goes out when the server's window ends, after its last echo.
    const counted = (): number =>
      lab.events.reduce(
        (n, e) =>
          n +
          (e.type === 'data.echoed' && e.id === id
            ? e.bytes
            : e.type === 'data.burst' && e.id === id
              ? e.bytesOut
              : 0),
        0,
      );
    await until(() => counted() === sent);
    expect(lab.events.some((e) => e.type === 'data.burst' && e.id === id)).toBe(true);

    const api = (await (await fetch(`${lab.url}api/state`)).json()) as { state: LabState };
    expect(api.state.clients[id]).toMatchObject({ bytesIn: sent, bytesOut: sent });

    const io = `read ${formatBytes(sent, 'en')} · echoed ${formatBytes(sent, 'en')}`;
    const queue = page.getByRole('region', { name: 'Accept queue' });
    await shown(queue.getByText(io, { exact: true }));
    const row = page.locator(`.sd [data-kind="burst"][data-client="${id}"]`);
    // The span is the server's, first read to last: about the 1.5 s flooded, longer on a
    // loaded machine.
    const bytes = en.bytes(sent).replace(/[.()]/g, '\\$&');
    await expect
      .poll(() => row.locator('.sd-label').textContent())
      .toMatch(
        new RegExp(`${bytes} received and echoed in \\d+\\.\\d s · summed up by the server$`),
      );
    const text = (await row.locator('.sd-label').textContent()) ?? '';
    expect(text).toMatch(/^127\.0\.0\.1:\d+ · [\d,]+ reads · .* · summed up by the server$/);
    expect(await row.count()).toBe(1);
    // Its title says the same, and no other count (the log's words are of one summary).
    const title = (await row.locator('title').textContent()) ?? '';
    expect(title).toContain(text.slice(text.indexOf(' · ') + 3));
    expect(title).not.toMatch(/sums [\d,]+ reads/);
    await snap(page, 'flood');

    // The Mermaid file the page saves counts the same.
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Mermaid/ }).click(),
    ]);
    const totals = mermaidTotals(await downloadedText(download));
    const { reads } = api.state.clients[id]!;
    expect(totals).toEqual({ [id]: { reads, echoes: reads, bytesIn: sent, bytesOut: sent } });
  });
});
