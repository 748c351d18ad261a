// The teaching layer in a real Chromium: step mode holds a real client's echo until the
// teacher takes every step while the code panel follows, and the event log explains what
// happened, in English and, after switching the language, in Spanish.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/tcp.ts';
import { settled, shown, snap, startLab, until, type Lab, closeLabAfter } from './helpers.ts';

const raws: RawClient[] = [];
const connect = async (lab: Lab): Promise<RawClient> => {
  const raw = await RawClient.connect(lab.app.addresses.echoPort);
  raws.push(raw);
  return raw;
};

afterAll(() => {
  for (const raw of raws.splice(0)) raw.socket.destroy();
});

describe('step mode from the page', () => {
  let lab: Lab;
  let page: Page;
  const current = (): Locator =>
    page.getByRole('region', { name: 'Server code' }).locator('[aria-current="step"]');
  const paused = (step: string): boolean =>
    lab.events.some((e) => e.type === 'server.paused' && e.step === step);

  beforeAll(async () => {
    lab = await startLab({ namePrograms: false });
    page = await lab.open();
    await shown(page.getByRole('status').getByText('Live', { exact: true }));
  });

  closeLabAfter(() => lab);

  it("holds a raw client's echo until accept, recv and send have each been stepped", async () => {
    const toggle = page.getByRole('switch', { name: 'Step mode' });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    // Turning step mode on opens the code, where the server's line is marked.
    await shown(page.getByRole('region', { name: 'Server code' }));
    const next = page.getByRole('button', { name: 'Next step' });

    const raw = await connect(lab);
    raw.send('hola paso a paso');
    await until(() => paused('accept'));
    await expect.poll(() => current().textContent()).toContain('.accept()');
    await shown(page.getByText(/^Next: accept\(\) takes 127\.0\.0\.1:\d+ from the queue$/));

    await next.click();
    await until(() => paused('recv'));
    await expect.poll(() => current().textContent()).toContain('.recv(1024)');
    expect(lab.events.some((e) => e.type === 'data.read')).toBe(false);

    await next.click();
    await until(() => paused('send'));
    await expect.poll(() => current().textContent()).toContain('.sendall(');
    await snap(page, 'step-mode');
    await new Promise((r) => setTimeout(r, 200));
    expect(raw.received.length).toBe(0);

    await next.click();
    expect((await raw.receive(16)).toString()).toBe('hola paso a paso');
    // Back in recv, waiting for the client this time: nothing left to step.
    await expect.poll(() => current().textContent()).toContain('.recv(1024)');
    await shown(page.getByText(/^Blocked in recv\(\): waiting for 127\.0\.0\.1:\d+ to send$/));
    expect(await next.isDisabled()).toBe(true);

    // The keyboard: "s" turns step mode off again.
    await page.locator('body').press('s');
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    raw.send('desconectar');
    await raw.waitEnded();
  });

  it('slows the server down with a per-action delay', async () => {
    await page.getByRole('combobox', { name: 'Slow motion' }).selectOption('250');
    await until(() => lab.app.echo.settings.delayMs === 250);
    await page.getByRole('combobox', { name: 'Slow motion' }).selectOption('0');
    await until(() => lab.app.echo.settings.delayMs === 0);
  });
});

describe('explanations and language', () => {
  let lab: Lab;
  let page: Page;
  const log = (): Locator => page.getByRole('list', { name: /^(Events|Eventos)/ });

  beforeAll(async () => {
    // listen(1): one served, one waiting, and the third retries.
    lab = await startLab({ namePrograms: false, backlog: 1 });
    page = await lab.open();
    await shown(page.getByRole('status').getByText('Live', { exact: true }));
  });

  closeLabAfter(() => lab);

  it('explains a 3000-byte message read in three pieces, and a retrying client', async () => {
    const first = await connect(lab);
    first.send('m'.repeat(3000));
    await first.receive(3000);
    await connect(lab);
    const third = await connect(lab);
    await until(() =>
      lab.events.some((e) => e.type === 'client.connected' && e.phase === 'retrying'),
    );

    await page.getByRole('tab', { name: 'Log' }).click();
    await shown(log().getByText('recv(1024) returns at most 1,024 bytes', { exact: false }));
    await shown(log().getByText(/3 reads in a row, 3,000 bytes in all/));
    await shown(log().getByText(`127.0.0.1:${third.localPort}: SYN ignored · retrying`));
    await shown(log().getByText(/the kernel ignores this SYN/));
    await shown(log().getByText(/no echo yet/));
    await snap(page, 'log');

    // The diagram's arrows carry the same explanations, in their titles.
    const diagram = page.getByRole('img', { name: 'Sequence diagram' });
    const reads = diagram.locator('g[data-kind="read"] > title');
    expect(await reads.first().textContent()).toMatch(/recv\(1024\) returns at most 1,024 bytes/);
  });

  it('speaks Spanish after "Language" is switched, down to the explanations', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('es');
    await shown(page.getByRole('combobox', { name: 'Idioma' }));
    await shown(page.getByRole('tab', { name: 'Registro' }));
    await shown(log().getByText(/3 lecturas seguidas, 3000 bytes en total/));
    await shown(log().getByText(/el kernel ignora este SYN/));
    await page.getByRole('tab', { name: 'Código', exact: true }).click();
    await shown(page.getByRole('region', { name: 'Código del servidor' }));
    await shown(page.getByRole('switch', { name: 'Paso a paso' }));
    await shown(page.getByRole('button', { name: 'Siguiente paso' }));
    // "l" switches back.
    await page.locator('body').press('l');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('has no serious or critical axe-core violation in the code, log and controls tabs', async () => {
    // The page's CSP allows only its own scripts; axe comes in through a CSP-free context.
    const audited = await lab.open({ bypassCSP: true, colorScheme: 'dark' });
    await shown(audited.getByRole('status').getByText('Live', { exact: true }));
    const axe = await readFile(
      createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
      'utf8',
    );
    await audited.addScriptTag({ content: axe });
    for (const tab of ['Code', 'Log', 'Controls']) {
      await audited.getByRole('tab', { name: tab, exact: true }).click();
      // Colours are checked as they end up, after the entrance animations.
      await settled(audited);
      const found = await audited.evaluate<{ id: string; impact: string | null }[]>(
        'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)',
      );
      const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${tab}: ${v.id}`)).toEqual([]);
    }
    await audited.context().close();
  });
});

describe('step mode turned on before anyone connects, in Spanish', () => {
  let lab: Lab;
  let page: Page;

  beforeAll(async () => {
    lab = await startLab({ namePrograms: false });
    page = await lab.open({ locale: 'es-CL', viewport: { width: 1280, height: 720 } });
    await shown(page.getByRole('status').getByText('En vivo', { exact: true }));
  });

  closeLabAfter(() => lab);

  it('enables Siguiente paso as soon as the first client waits, however many follow', async () => {
    const toggle = page.getByRole('switch', { name: 'Paso a paso' });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    const next = page.getByRole('button', { name: 'Siguiente paso' });
    expect(await next.isDisabled()).toBe(true);

    const first = await connect(lab);
    await connect(lab);
    await connect(lab);
    await until(() => lab.events.filter((e) => e.type === 'client.connected').length === 3);
    const port = first.localPort;
    await shown(page.getByText(`Siguiente: accept() saca a 127.0.0.1:${port} de la cola`));
    await expect.poll(() => next.isEnabled()).toBe(true);
    await snap(page, 'step-mode-before-anyone');

    await next.click();
    await until(() => lab.events.some((e) => e.type === 'client.accepted'));
    first.send('hola');
    await shown(page.getByText(`Siguiente: recv() lee lo que envió 127.0.0.1:${port}`));
    await expect.poll(() => next.isEnabled()).toBe(true);

    // A web card joins the queue behind them; its count is in the singular.
    await page.getByRole('button', { name: 'Conectar', exact: true }).click();
    await shown(page.getByText('1 abierto', { exact: true }));
  });
});
