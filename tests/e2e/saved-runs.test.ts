// The lessons the server saved, from the teacher's page: listed, opened a part at a time
// in the replay (whose export menu then works as for any session), and back to live.
// A student's page in classroom mode has no such list, and the server refuses it anyway.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../shared/protocol.ts';
import { RawClient } from '../support/tcp.ts';
import { closeLabAfter, shown, snap, startLab, type Lab } from './helpers.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'echo-lab-e2e-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const recording = { dir, maxRunBytes: 1 << 20, keepRuns: 5 };

describe('saved lessons on the teacher’s page', () => {
  let lab: Lab;
  const raws: RawClient[] = [];
  beforeAll(async () => {
    lab = await startLab({ namePrograms: false, recording });
  });
  closeLabAfter(() => lab, raws);

  it('lists this run, opens its part in the replay, and goes back to live', async () => {
    const client = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(client);
    client.send('guardado en disco');
    await client.receive(17);
    const page = await lab.open({ locale: 'es-CL' });
    const diagram = page.getByRole('img', { name: 'Diagrama de secuencia' });
    await shown(diagram.getByText(/guardado en disco/));

    await page.getByRole('button', { name: 'Clases guardadas' }).click();
    const panel = page.getByRole('region', { name: 'Clases guardadas en este computador' });
    await shown(panel.getByText(dir, { exact: false }));
    await panel.getByRole('button', { name: /ahora/ }).click();
    await snap(page, 'saved-runs-list');
    await panel.getByRole('button', { name: /^Parte 1:/ }).click();
    await shown(page.getByRole('button', { name: 'Ver en vivo' }));
    await expect.poll(() => panel.isHidden()).toBe(true);
    // The replay shows what was saved; the raw client was still open when it was read.
    await shown(page.getByRole('status').getByText('Sesión guardada', { exact: true }));
    await shown(diagram.getByText(/guardado en disco/));
    await snap(page, 'saved-runs-replay');
    // The export menu works on it as on any session.
    await page.getByRole('button', { name: 'Exportar', exact: true }).click();
    await shown(page.getByRole('button', { name: 'Sesión (JSON)' }));
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Ver en vivo' }).click();
    client.send(DEFAULTS.disconnectWord);
    await client.waitEnded();
  });
});

describe('saved lessons in classroom mode', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ namePrograms: false, recording, lan: true, token: 'teacher-token-789' });
  });
  closeLabAfter(() => lab);

  it('are not offered to a student, and are there for the teacher', async () => {
    const student = await lab.open();
    await shown(student.getByRole('button', { name: 'Export', exact: true }));
    expect(await student.getByRole('button', { name: 'Saved lessons' }).count()).toBe(0);
    const refused = await fetch(`${lab.url}api/sessions`);
    expect(refused.status).toBe(403);

    const teacher = await lab.open();
    await teacher.goto(`${lab.url}?token=teacher-token-789`);
    await teacher.getByRole('button', { name: 'Saved lessons' }).click();
    // Two runs: the one before, and this one, being written now.
    const panel = teacher.getByRole('region', { name: 'Lessons saved on this computer' });
    await shown(panel.getByRole('button', { name: /now/ }));
    await expect.poll(() => panel.locator('.saved-run').count()).toBe(2);
  });
});
