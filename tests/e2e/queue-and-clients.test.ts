// The page follows the real server: raw TCP clients and web-form clients, queued and
// served one at a time, exactly as the homework's iterative server does.

import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/tcp.ts';
import { shown, snap, startLab, until, type Lab, closeLabAfter } from './helpers.ts';

describe('the live page with raw and web clients', () => {
  let lab: Lab;
  let page: Page;
  const raws: RawClient[] = [];
  const queue = (): Locator => page.getByRole('region', { name: 'Accept queue' });
  const card = (): Locator => page.getByRole('article', { name: 'Ana' });
  const anaId = (): number => {
    // Like any loopback client it comes in by its address; then it is known by its name.
    const e = lab.events.find((x) => x.type === 'client.identified' && x.label === 'Ana');
    if (e?.type !== 'client.identified') throw new Error('no web client "Ana"');
    return e.id;
  };

  beforeAll(async () => {
    // Raw clients keep their address:port label (no renaming after the program behind them).
    lab = await startLab({ namePrograms: false });
    page = await lab.open();
    await shown(page.getByRole('status').getByText('Live', { exact: true }));
  });

  closeLabAfter(() => lab, raws);

  it('shows a raw TCP client with its address:port and its message', async () => {
    const raw = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(raw);
    raw.send('hola mundo\n');
    expect((await raw.receive(11)).toString()).toBe('hola mundo\n');

    const label = `127.0.0.1:${raw.localPort}`;
    const diagram = page.getByRole('img', { name: 'Sequence diagram' });
    await shown(diagram.getByText(label));
    // The newline is shown, not swallowed.
    await shown(diagram.getByText(/hola mundo\\n/));
    await shown(
      queue()
        .getByRole('list', { name: /^Being served/ })
        .getByText(label),
    );
  });

  it('shows a second raw client waiting in the queue, unanswered', async () => {
    const raw = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(raw);
    raw.send('en la cola\n');
    const waiting = queue().getByRole('list', { name: /^Waiting/ });
    await shown(waiting.getByText(`127.0.0.1:${raw.localPort}`));
    await shown(queue().getByText('1 / 5', { exact: true }));
    expect(raw.received.length).toBe(0);
  });

  it('queues a web client behind them, then serves it and shows its echo', async () => {
    await page.getByRole('textbox', { name: 'Name (optional)' }).fill('Ana');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await shown(card().getByText('Waiting: place 2 of 5'));
    await shown(
      queue()
        .getByRole('list', { name: /^Waiting/ })
        .getByText('Ana'),
    );

    const box = card().getByRole('textbox', { name: 'Message' });
    await box.fill('hola desde la web');
    await card().getByRole('button', { name: 'Send', exact: true }).click();
    await shown(card().getByText('no echo yet'));
    await snap(page, 'queued');

    const [first, second] = raws as [RawClient, RawClient];
    first.send('desconectar');
    await first.waitEnded();
    await shown(card().getByText('Waiting: place 1 of 5'));
    await second.receive(11);
    second.send('desconectar');
    await second.waitEnded();

    await shown(card().getByText('Being served', { exact: true }));
    await shown(
      queue()
        .getByRole('list', { name: /^Being served/ })
        .getByText('Ana'),
    );
    const exchanges = card().getByRole('list', { name: 'Messages and echoes' });
    // Sent and echoed: the same text twice, and no longer waiting for the echo.
    await until(() => lab.events.some((e) => e.type === 'data.echoed' && e.id === anaId()));
    await expect
      .poll(() => exchanges.getByText('hola desde la web', { exact: true }).count())
      .toBe(2);
    expect(await card().getByText('no echo yet').count()).toBe(0);
    await snap(page, 'served');
  });

  it('refuses a message over the limit, shows the counter, and sends nothing', async () => {
    const id = anaId();
    const reads = (): number =>
      lab.events.filter((e) => e.type === 'data.read' && e.id === id).length;
    const before = reads();
    const box = card().getByRole('textbox', { name: 'Message' });

    await box.fill('a'.repeat(201));
    await shown(card().getByText('201 / 200', { exact: true }));
    await shown(
      card()
        .getByRole('alert')
        .getByText(/refuses messages over 200 characters/),
    );
    await card().getByRole('button', { name: 'Send', exact: true }).click();
    await new Promise((r) => setTimeout(r, 400));
    expect(reads()).toBe(before);
    expect(await box.inputValue()).toHaveLength(201);

    // Exactly at the limit it goes.
    await box.fill('b'.repeat(200));
    await shown(card().getByText('200 / 200', { exact: true }));
    expect(await card().getByRole('alert').count()).toBe(0);
    await card().getByRole('button', { name: 'Send', exact: true }).click();
    await until(() =>
      lab.events.some((e) => e.type === 'data.read' && e.id === id && e.bytes === 200),
    );
  });

  it('Disconnect sends the word; the server closes and the card can be removed', async () => {
    const id = anaId();
    await card().getByRole('button', { name: 'Disconnect', exact: true }).click();
    await until(() => lab.events.some((e) => e.type === 'client.word' && e.id === id));
    await shown(card().getByText('Closed by the server (disconnect word)'));
    await card().getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('article').first().waitFor({ state: 'detached' });
  });
});
