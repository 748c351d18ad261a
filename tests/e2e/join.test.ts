// Classroom mode's join screen: the teacher's page shows the students' address, its QR code
// (which must decode to exactly that address), the nc command and who is connected; every
// page names the server by that same address; a student's page says how to be the teacher.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/tcp.ts';
import { closeLabAfter, shown, snap, startLab, type Lab } from './helpers.ts';

const TOKEN = 'profe-join-789';

/**
 * Draws the page's QR image into a canvas and decodes its pixels with jsQR. The page's
 * side is a string: this project's Node types have no DOM.
 */
async function decodeQr(page: Page, selector: string): Promise<string | null> {
  const size = 240;
  const pixels = (await page.evaluate(`(async () => {
    const img = document.querySelector(${JSON.stringify(selector)});
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = ${size};
    canvas.height = ${size};
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0, ${size}, ${size});
    return [...context.getImageData(0, 0, ${size}, ${size}).data];
  })()`)) as number[];
  return jsQR(Uint8ClampedArray.from(pixels), size, size)?.data ?? null;
}

/** axe-core's serious and critical violations on the page, one line each. */
async function axeProblems(page: Page): Promise<string[]> {
  const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.addScriptTag({ content: await readFile(axe, 'utf8') });
  const violations = (await page.evaluate(
    'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)',
  )) as { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

describe('the join screen', () => {
  let lab: Lab;
  const raws: RawClient[] = [];

  beforeAll(async () => {
    // Every interface, as --lan listens: pages name the server by the students' first host.
    lab = await startLab({ namePrograms: false, lan: true, token: TOKEN, host: '0.0.0.0' });
  });

  closeLabAfter(() => lab, raws);

  it("shows the students' address, a QR code of it, and who is connected", async () => {
    const { webPort, echoPort, studentHosts } = lab.app.addresses;
    const host = studentHosts![0]!;
    const address = `http://${host.includes(':') ? `[${host}]` : host}:${webPort}/`;
    // Without the CSP, so axe-core can be added to the page.
    const teacher = await lab.open({ locale: 'es-CL', bypassCSP: true });
    await teacher.goto(`${lab.url}?token=${TOKEN}`);
    await shown(teacher.getByRole('button', { name: 'Unirse' }));

    await teacher.keyboard.press('j');
    const dialog = teacher.getByRole('dialog', { name: 'Únete a la clase' });
    await shown(dialog);
    await expect.poll(() => dialog.locator('.join-url').textContent()).toBe(address);
    expect(await dialog.locator('.join-nc').textContent()).toBe(`nc ${host} ${echoPort}`);
    expect(await decodeQr(teacher, '.join-qr')).toBe(address);

    // A student's page and a raw client are counted, as the server and the queue count them.
    const pages = dialog.locator('[data-count="pages"]');
    const clients = dialog.locator('[data-count="clients"]');
    expect(await pages.textContent()).toBe('0');
    await lab.open({ locale: 'es-CL' });
    raws.push(await RawClient.connect(echoPort));
    await expect.poll(() => pages.textContent(), { timeout: 8_000 }).toBe('1');
    await expect.poll(() => clients.textContent(), { timeout: 8_000 }).toBe('1');
    await snap(teacher, 'join-es');
    expect(await axeProblems(teacher)).toEqual([]);

    await dialog.getByRole('button', { name: 'Cerrar' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
  }, 45_000);

  it('names the server by that address, and each client alike, on every page', async () => {
    const { echoPort, studentHosts } = lab.app.addresses;
    const host = studentHosts![0]!;
    const [teacher, student] = lab.pages.map((p) => p.page) as [Page, Page];

    // The student's page: no join screen, how to become the teacher, the same address.
    await shown(student.getByText('Vista de estudiante'));
    expect(await student.getByRole('button', { name: 'Unirse' }).count()).toBe(0);
    await student.keyboard.press('j');
    expect(await student.getByRole('dialog').count()).toBe(0);
    // One address and one label for each client on every page.
    await student.getByRole('textbox', { name: 'Nombre (opcional)' }).fill('Ana');
    await student.getByRole('button', { name: 'Conectar', exact: true }).click();
    const lanes = (page: Page) => page.locator('.sd-header [data-client] .sd-lane-name');
    await expect.poll(() => lanes(teacher).count()).toBe(2);
    await expect.poll(() => lanes(student).count()).toBe(2);
    for (const page of [teacher, student]) {
      expect(await page.locator('.try .command').textContent()).toBe(`nc ${host} ${echoPort}`);
      const server = page.locator('.sd-header .sd-lane-server .sd-lane-caption');
      expect(await server.textContent()).toBe(`${host}:${echoPort}`);
    }
    expect(await lanes(student).allTextContents()).toEqual(await lanes(teacher).allTextContents());
  }, 45_000);
});

describe('outside classroom mode', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await startLab({ namePrograms: false });
  });

  closeLabAfter(() => lab);

  it('has no join screen and no student note: the only page is the teacher’s', async () => {
    const page = await lab.open();
    await shown(page.getByRole('switch', { name: 'Step mode' }));
    expect(await page.getByRole('button', { name: 'Join' }).count()).toBe(0);
    expect(await page.getByText('Student view').count()).toBe(0);
    expect((await page.request.get(new URL('/api/join', lab.url).href)).status()).toBe(404);
  });
});
