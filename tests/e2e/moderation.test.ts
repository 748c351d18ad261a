// The teacher hides an insult and an insulting name in a real Chromium: the projection
// (the teacher's own page) shows the placeholders, and so does a student's page.

import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { bridgeClient } from '../support/app.ts';
import { openPage } from '../support/browser.ts';
import { problems, shown, snap, startLab, until, type Lab } from './helpers.ts';

const TOKEN = 'profe-token-789';

describe('moderation', () => {
  let lab: Lab;
  afterAll(async () => {
    expect(problems(lab)).toEqual([]);
    await lab.close();
  });

  it('hides a message and a name on every page, counts kept', async () => {
    lab = await startLab({ namePrograms: false, lan: true, token: TOKEN });
    const opened = await openPage(lab.browser, `${lab.url}?token=${TOKEN}`, { locale: 'es-ES' });
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
    await controls.getByRole('button', { name: 'Ocultar el nombre de Tonto' }).click();
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
      return readFile(await download.path(), 'utf8');
    };
    const safe = await exportJson(false);
    expect(safe).not.toMatch(/tonto/i);
    expect(safe).toContain('"bytes":10');
    const whole = await exportJson(true);
    expect(whole).toContain('eres tonto');
    expect(whole).toContain('"label":"Tonto"');

    // Shown again: the teacher changes their mind.
    await controls
      .getByRole('button', { name: `Volver a mostrar el nombre de cliente ${id}` })
      .click();
    await shown(diagramOf(student, 'Sequence diagram').getByText('Tonto', { exact: true }));
    rude.ws.close();
  });
});
