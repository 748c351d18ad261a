// A student's own page in classroom mode, on a phone (360×740, where the web card is the
// only client there is) and on a laptop: their clients are found at once and marked "tú",
// they can name a raw client of theirs (tests/naming.test.ts: and nobody else's).

import net from 'node:net';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/tcp.ts';
import { closeLabAfter, shown, startLab, type Lab } from './helpers.ts';

const TOKEN = 'teacher-token-654';
const PHONE = { width: 360, height: 740 };

async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png` });
}

/** The page scrolls only up and down: nothing is cut off at the right edge. */
const sideways = (page: Page): Promise<number> =>
  page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

describe('the student’s page', () => {
  let lab: Lab;
  const raws: RawClient[] = [];
  let other: net.Socket;
  beforeAll(async () => {
    lab = await startLab({ namePrograms: false, lan: true, token: TOKEN });
  });
  closeLabAfter(() => lab, raws);

  it('on a phone: connects a web card, types, and sees its echo, all in reach', async () => {
    const page = await lab.open({
      locale: 'es-CL',
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
    });
    const connect = page.getByRole('button', { name: 'Conectar' });
    await shown(page.getByRole('status').getByText('En vivo', { exact: true }));
    // The card is what a phone is for: it comes first, in the first screen.
    const box = await connect.boundingBox();
    expect((box?.y ?? Infinity) + (box?.height ?? 0)).toBeLessThan(PHONE.height);
    await shot(page, 'student-phone-empty');
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await page.getByPlaceholder('Nombre (opcional)').fill('Teléfono de Ana');
    await connect.click();
    const card = page.getByRole('article', { name: /Teléfono de Ana/ });
    await shown(card);
    await card.getByLabel('Mensaje').fill('hola desde el teléfono');
    await card.getByRole('button', { name: 'Enviar' }).click();
    await shown(card.getByRole('list').getByText('hola desde el teléfono').nth(1));
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'student-phone-card');
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    // Under the queue the code has a screenful of its own, not the one line it had when the
    // stacked column gave it a share of no height.
    const codeHeight = await page.evaluate<number>(
      `document.querySelector('.code').getBoundingClientRect().height`,
    );
    expect(codeHeight).toBeGreaterThan(200);
  });

  it('marks the student’s own clients "tú" (not another address’s) and names a raw one', async () => {
    const mine = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(mine);
    other = net.connect({
      host: '127.0.0.1',
      port: lab.app.addresses.echoPort,
      localAddress: '127.0.0.2',
    });
    await new Promise((resolve) => other.once('connect', resolve));
    raws.push({ socket: other } as RawClient);
    const page = await lab.open({ locale: 'es-CL', viewport: { width: 1366, height: 768 } });
    const yours = page.getByRole('region', { name: /Tus clientes TCP/ });
    const label = `127.0.0.1:${mine.localPort}`;
    await shown(yours.getByText(label));
    await shown(yours.getByText('tú', { exact: true }));
    // The one from 127.0.0.2 is not theirs; the phone's web card (same address) is.
    await expect.poll(() => yours.getByRole('listitem').count()).toBe(1);
    const chips = page.locator('.chip.is-yours');
    await expect.poll(() => chips.count()).toBe(2);
    await shown(chips.getByText('Teléfono de Ana'));
    expect(await chips.getByText('127.0.0.2', { exact: false }).count()).toBe(0);
    await shown(page.locator('.chip').getByText(/^127\.0\.0\.2:/));
    await shot(page, 'student-laptop-yours');

    await yours.getByLabel(`Nombre para ${label}`).fill('nc de Ana');
    await yours.getByRole('button', { name: 'Nombrar' }).click();
    await shown(yours.getByText('nc de Ana'));
    await shown(page.locator('.chip.is-yours').getByText('nc de Ana'));
    await shot(page, 'student-laptop-named');
  });
});
