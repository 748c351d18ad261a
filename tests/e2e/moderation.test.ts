// The teacher hides an insult and an insulting name in a real Chromium: the projection
// (the teacher's own page) shows the placeholders, and so does a student's page.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { bridgeClient } from '../support/app.ts';
import { openPage } from '../support/browser.ts';
import { downloadedText, problems, shown, snap, startLab, until, type Lab } from './helpers.ts';

const TOKEN = 'profe-token-789';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Serious and critical axe-core violations (the page was opened without its CSP for it). */
async function audit(page: Page): Promise<string[]> {
  if ((await page.evaluate('typeof window.axe')) === 'undefined') {
    await page.addScriptTag({ content: await readFile(AXE, 'utf8') });
  }
  const violations = await page.evaluate<
    { id: string; impact: string; nodes: { target: string[] }[] }[]
  >('axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)');
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

describe('moderation', () => {
  let lab: Lab;
  afterAll(async () => {
    expect(problems(lab)).toEqual([]);
    await lab.close();
  });

  it('hides a message and a name on every page, counts kept', async () => {
    lab = await startLab({ namePrograms: false, lan: true, token: TOKEN });
    const opened = await openPage(lab.browser, `${lab.url}?token=${TOKEN}`, {
      locale: 'es-ES',
      bypassCSP: true,
    });
    lab.pages.push(opened);
    const teacher = opened.page;
    const student = await lab.open({ locale: 'en-US' });
    const diagramOf = (page: Page, name: string) => page.getByRole('img', { name });
    const projected = diagramOf(teacher, 'Diagrama de secuencia');

    // A web form named with an insult, from a page (here a plain WebSocket), typing one.
    const rude = await bridgeClient(lab.app, '?name=Tonto');
    const { id } = await rude.hello;
    rude.ws.send(Buffer.from('eres tonto'));
    await rude.receive(10);
    await shown(projected.getByText(/eres tonto/));
    await shown(diagramOf(student, 'Sequence diagram').getByText(/eres tonto/));

    // The message, from its line in the log; the name, from the list of clients.
    await teacher.getByRole('tab', { name: 'Registro' }).click();
    const line = teacher.locator('.log-entry', { hasText: 'eres tonto' });
    await line.getByRole('button', { name: 'Ocultar este mensaje de la proyección' }).click();
    await teacher.getByRole('tab', { name: 'Controles' }).click();
    const controls = teacher.getByRole('region', { name: 'Controles del docente' });
    await controls.getByRole('button', { name: 'Ocultar nombre: Tonto' }).click();
    await until(() => lab.app.hub.lab.moderation.names.includes(id));

    await shown(projected.getByText('recv → 10 B · (mensaje oculto por el docente)'));
    await shown(projected.getByText(`cliente ${id}`));
    await shown(controls.getByText(`cliente ${id}`));
    const studentDiagram = diagramOf(student, 'Sequence diagram');
    await shown(studentDiagram.getByText('recv → 10 B · (message hidden by the teacher)'));
    await shown(studentDiagram.getByText(`client ${id}`));
    await student.getByRole('tab', { name: 'Log' }).click();
    await shown(student.getByText(/the teacher hid the name of client/));
    await snap(teacher, 'moderation-teacher');
    // The teacher's new controls, a blocked address listed, pass axe-core like the rest.
    await lab.app.echo.block('10.9.8.7');
    await shown(controls.getByRole('button', { name: 'Desbloquear 10.9.8.7' }));
    expect(await audit(teacher)).toEqual([]);
    await controls.getByRole('button', { name: 'Desbloquear 10.9.8.7' }).click();
    await shown(controls.getByText('Ninguna dirección bloqueada.'));
    await teacher.getByRole('tab', { name: 'Registro' }).click();
    expect(await audit(teacher)).toEqual([]);
    await teacher.getByRole('tab', { name: 'Controles' }).click();
    // Nowhere on either page, titles included; the data behind them keeps it all.
    for (const page of [teacher, student]) {
      expect(await page.locator('body').textContent()).not.toMatch(/tonto/i);
    }
    expect(lab.app.hub.lab.clients[id]).toMatchObject({ label: 'Tonto', bytesIn: 10 });

    // The session file leaves it out too, unless the teacher asks for it.
    const exportJson = async (includeHidden: boolean): Promise<string> => {
      await teacher.getByRole('button', { name: 'Exportar', exact: true }).click();
      if (includeHidden) await teacher.getByLabel('Incluir lo oculto por el docente').check();
      const [download] = await Promise.all([
        teacher.waitForEvent('download'),
        teacher.getByRole('button', { name: 'Sesión (JSON)' }).click(),
      ]);
      return downloadedText(download);
    };
    const safe = await exportJson(false);
    expect(safe).not.toMatch(/tonto/i);
    expect(safe).toContain('"bytes":10');
    const whole = await exportJson(true);
    expect(whole).toContain('eres tonto');
    expect(whole).toContain('"label":"Tonto"');

    // Shown again: the teacher changes their mind.
    await controls.getByRole('button', { name: `Mostrar nombre: cliente ${id}` }).click();
    await shown(diagramOf(student, 'Sequence diagram').getByText('Tonto', { exact: true }));
    rude.ws.close();
  });
});
