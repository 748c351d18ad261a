// What a web client shows is exactly what crossed the wire: a message the server reads in
// several recv() calls comes back whole, and control characters are shown, not dropped.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { shown, startLab, until, type Lab, closeLabAfter } from './helpers.ts';

describe('bytes in a web client', () => {
  let lab: Lab;
  let page: Page;

  beforeAll(async () => {
    // A tiny recv() so one message takes several reads, as a 3000-byte one would at 1024.
    lab = await startLab({ recvSize: 16 });
    page = await lab.open();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await shown(page.getByRole('article').getByText('Being served', { exact: true }));
  });

  closeLabAfter(() => lab);

  it('a message read in several recv() calls comes back whole', async () => {
    const text = 'ñandú '.repeat(10).trim();
    const bytes = Buffer.byteLength(text);
    const card = page.getByRole('article');
    await card.getByRole('textbox', { name: 'Message' }).fill(text);
    await card.getByRole('button', { name: 'Send', exact: true }).click();

    await until(
      () =>
        lab.events.filter((e) => e.type === 'data.echoed').reduce((n, e) => n + e.bytes, 0) ===
        bytes,
    );
    const reads = lab.events.filter((e) => e.type === 'data.read');
    expect(reads.length).toBe(Math.ceil(bytes / 16));
    const exchanges = card.getByRole('list', { name: 'Messages and echoes' });
    await expect.poll(() => exchanges.getByText(text, { exact: true }).count()).toBe(2);
    expect(await exchanges.getByText(/so far/).count()).toBe(0);
  });

  it('shows control characters as escapes, in what was sent and what came back', async () => {
    const card = page.getByRole('article');
    await card.getByRole('textbox', { name: 'Message' }).fill('a\tb');
    await card.getByRole('button', { name: 'Send', exact: true }).click();
    const exchanges = card.getByRole('list', { name: 'Messages and echoes' });
    await expect.poll(() => exchanges.getByText('a\\tb', { exact: true }).count()).toBe(2);
  });
});
