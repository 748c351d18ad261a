// The teacher's hands stay free, in Spanish (es-CL) on a 1280×720 projector: after
// Conectar their next key is still a shortcut, Escape hands a text field's keyboard back to
// the page, the bots form keeps what they typed across tabs, a change of settings says what
// changed, and slow motion shows what the server waits to do with a countdown.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialState, reduceAll, type LabState } from '../../shared/lab.ts';
import type { LabEvent } from '../../shared/protocol.ts';
import { RawClient } from '../support/tcp.ts';
import {
  closeLabAfter,
  downloadedText,
  shown,
  snap,
  startLab,
  until,
  type Lab,
} from './helpers.ts';

describe('hands free, in Spanish', () => {
  let lab: Lab;
  let page: Page;
  const raws: RawClient[] = [];
  const tab = (name: string): Locator => page.getByRole('tab', { name, exact: true });
  const stepSwitch = (): Locator => page.getByRole('switch', { name: 'Paso a paso' });
  const clients = (): Locator => page.getByRole('region', { name: 'Clientes web' });

  beforeAll(async () => {
    lab = await startLab({ namePrograms: false });
    page = await lab.open({ locale: 'es-CL', viewport: { width: 1280, height: 720 } });
    await shown(page.getByRole('status').getByText('En vivo', { exact: true }));
  });

  closeLabAfter(() => lab, raws);

  it('keeps the shortcuts working after Conectar', async () => {
    await clients().getByRole('button', { name: 'Conectar', exact: true }).click();
    await until(() => Object.keys(lab.app.hub.lab.clients).length === 1);
    const card = clients().getByRole('article');
    await shown(card.getByText('Atendido', { exact: true }));
    // Focus stayed on the button, not in the card's message box: "s" is step mode.
    await expect
      .poll(() => page.evaluate("document.activeElement?.textContent ?? ''"))
      .toBe('Conectar');
    await page.keyboard.press('s');
    await until(() => lab.app.echo.settings.stepping);
    await expect.poll(() => stepSwitch().getAttribute('aria-checked')).toBe('true');
    expect(await card.getByRole('textbox', { name: 'Mensaje' }).inputValue()).toBe('');
    await page.keyboard.press('s');
    await until(() => !lab.app.echo.settings.stepping);
    // The switch follows the server: the next "s" must start from what the page knows.
    await expect.poll(() => stepSwitch().getAttribute('aria-checked')).toBe('false');
    await snap(page, 'hands-free-after-connect');
  });

  it('lets Escape leave the message box, keeping the draft, so the keys work again', async () => {
    const box = clients().getByRole('article').getByRole('textbox', { name: 'Mensaje' });
    await box.click();
    await page.keyboard.type('hola s');
    expect(lab.app.echo.settings.stepping).toBe(false);
    await page.keyboard.press('Escape');
    expect(await box.inputValue()).toBe('hola s');
    expect(await page.evaluate('document.activeElement === document.body')).toBe(true);
    await page.keyboard.press('s');
    await until(() => lab.app.echo.settings.stepping);
    await expect.poll(() => stepSwitch().getAttribute('aria-checked')).toBe('true');
    await page.keyboard.press('s');
    await until(() => !lab.app.echo.settings.stepping);
    await expect.poll(() => stepSwitch().getAttribute('aria-checked')).toBe('false');
    expect(await box.inputValue()).toBe('hola s');
  });

  it('keeps the bots form as typed when the teacher changes tabs', async () => {
    await tab('Controles').click();
    const form = page.getByRole('group', { name: 'Clientes bot' });
    await form.getByRole('spinbutton', { name: 'Clientes', exact: true }).fill('7');
    await form.getByRole('spinbutton', { name: 'Ritmo (ms entre mensajes)' }).fill('250');
    await tab('Registro').click();
    await tab('Controles').click();
    expect(await form.getByRole('spinbutton', { name: 'Clientes', exact: true }).inputValue()).toBe(
      '7',
    );
    expect(
      await form.getByRole('spinbutton', { name: 'Ritmo (ms entre mensajes)' }).inputValue(),
    ).toBe('250');
  });

  it('says what changed in the settings, on the diagram and in the log', async () => {
    // A client between the last change and this one: a saved session may start there.
    const raw = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(raw);
    await until(() => lab.app.hub.lab.queue.length === 1);
    const settings = page.getByRole('group', { name: 'Servidor' });
    await settings.getByRole('combobox', { name: 'Backlog, listen(n)' }).selectOption('2');
    await until(() => lab.app.echo.settings.backlog === 2);
    const diagram = page.getByRole('img', { name: 'Diagrama de secuencia' });
    await shown(diagram.getByText('ajustes: listen(5) → listen(2)'));
    // The select keeps the focus; Escape hands the keys back to the page.
    await page.keyboard.press('Escape');
    await page.keyboard.press('2');
    await shown(page.getByText('ajustes: listen(5) → listen(2)', { exact: true }));
    await shown(page.getByText(/Ahora pueden esperar como mucho 2 conexiones sin aceptar/));
    await snap(page, 'hands-free-settings-note');
  });

  it('says what changed in a saved session that starts after the server did', async () => {
    await page.getByRole('button', { name: 'Exportar', exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /^Sesión \(JSON\)/ }).click(),
    ]);
    const saved = JSON.parse(await downloadedText(download)) as {
      snapshot: { seq: number; state: LabState };
      events: LabEvent[];
    };
    // Keep the events from the client that connected before the change, as a page that
    // joined then (or a lesson longer than the history) would have them.
    const change = saved.events.findIndex(
      (e) => e.type === 'config.changed' && e.config.backlog === 2,
    );
    const from = saved.events.findLastIndex((e, i) => i < change && e.type === 'client.connected');
    expect(from).toBeGreaterThan(0);
    const state = reduceAll(initialState(), saved.events.slice(0, from));
    const trimmed = {
      ...saved,
      snapshot: { seq: state.seq, state },
      events: saved.events.slice(from),
    };
    const dir = await mkdtemp(path.join(tmpdir(), 'echo-lab-words-'));
    const file = path.join(dir, 'trimmed.json');
    await writeFile(file, JSON.stringify(trimmed));
    await page.getByLabel('Abrir sesión', { exact: true }).setInputFiles(file);
    await shown(page.getByRole('status').getByText('Sesión guardada', { exact: true }));
    await tab('Registro').click();
    const log = page.getByRole('list', { name: 'Eventos, del más reciente al más antiguo' });
    await shown(log.getByText('ajustes: listen(5) → listen(2)', { exact: true }));
    expect(await log.getByText('ajustes: —').count()).toBe(0);
    // The diagram's note says the same.
    const diagram = page.getByRole('img', { name: 'Diagrama de secuencia' });
    await shown(diagram.getByText('ajustes: listen(5) → listen(2)', { exact: true }));
    await snap(page, 'hands-free-replay-log');
    await page.getByRole('button', { name: 'Ver en vivo', exact: true }).click();
    await shown(page.getByRole('status').getByText('En vivo', { exact: true }));
    await rm(dir, { recursive: true, force: true });
  });

  it('shows what slow motion waits to do, counting down', async () => {
    await page.getByRole('combobox', { name: 'Cámara lenta' }).selectOption('2000');
    await until(() => lab.app.echo.settings.delayMs === 2000);
    expect(
      await page
        .getByRole('combobox', { name: 'Cámara lenta' })
        .locator('option')
        .first()
        .textContent(),
    ).toBe('desactivada');
    const raw = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(raw);
    // The web card is served, so the raw client waits in the queue; its card leaves.
    await clients().getByRole('article').getByRole('button', { name: 'Desconectar' }).click();
    const slow = page.locator('.next-text.is-slow');
    await shown(slow);
    expect(await slow.textContent()).toMatch(/^Siguiente: .+ · cámara lenta: en [0-2],\d s$/);
    const first = Number(await slow.getAttribute('data-slow-left'));
    await page.waitForTimeout(400);
    const later = Number(await slow.getAttribute('data-slow-left'));
    expect(later).toBeLessThan(first);
    await snap(page, 'hands-free-slow-motion');
    await page.getByRole('combobox', { name: 'Cámara lenta' }).selectOption('0');
    await until(() => lab.app.echo.settings.delayMs === 0);
  });
});
