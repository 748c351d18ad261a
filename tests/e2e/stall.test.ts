// A real client stalls the real iterative server, seen in a real Chromium: the step bar says
// sendall() is blocked on whom, with the bytes unsent and a clock that counts, and the
// teacher's Disconnect there lets the next client in; then recv() waits on a silent one.

import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/tcp.ts';
import { closeLabAfter, shown, snap, startLab, until, WAIT_MS, type Lab } from './helpers.ts';

describe('a client that stalls the server', () => {
  let lab: Lab;
  let page: Page;
  const raws: RawClient[] = [];
  const connect = async (): Promise<RawClient> => {
    const raw = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(raw);
    return raw;
  };
  const notice = (): Locator => page.getByRole('status', { name: 'The server is stuck' });

  beforeAll(async () => {
    lab = await startLab({ namePrograms: false });
    // The page's clock runs on its own, and the tests move it on where the page waits.
    page = await lab.open({}, (context) => context.clock.install());
    await shown(page.getByRole('status').getByText('Live', { exact: true }));
  });

  closeLabAfter(() => lab, raws);

  it('shows sendall() blocked with its unsent bytes, and Disconnect serves the next', async () => {
    const stuck = await connect();
    const next = await connect();
    next.send('my turn');
    stuck.socket.pause();
    stuck.socket.write(Buffer.alloc(8 * 1024 * 1024, 0x61));
    const label = `127.0.0.1:${stuck.localPort}`;

    const line = notice().getByText(`sendall(): «${label}» is not reading`, { exact: false });
    await shown(line);
    expect(await line.textContent()).toMatch(/ — \d+\.\d MiB unsent, for \d+ s$/);
    await shown(notice().getByText('1 waits in the queue'));
    // The code says so too: the server is blocked on its sendall() line, not merely there.
    const current = page.locator('.code-line[aria-current="step"]');
    await expect.poll(() => current.textContent()).toMatch(/sendall\(data\).*blocked here/);
    // The clock counts on the page with no new event from the server.
    const seconds = async (): Promise<number> =>
      Number((await line.textContent())?.match(/for (\d+) s$/)?.[1]);
    const before = await seconds();
    await page.clock.fastForward(1_600);
    await expect.poll(seconds, { timeout: WAIT_MS }).toBeGreaterThan(before);
    await snap(page, 'stall-sendall');

    // The same in Spanish, where the teacher clicks Desconectar.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
    const stuckEs = page.getByRole('status', { name: 'El servidor está atascado' });
    const lineEs = stuckEs.getByText(`sendall(): «${label}» no lee`, { exact: false });
    await shown(lineEs);
    expect(await lineEs.textContent()).toMatch(/ — \d+,\d MiB sin enviar, desde hace \d+ s$/);
    await shown(stuckEs.getByText('1 espera en la cola'));
    expect(next.received.length).toBe(0);
    await stuckEs.getByRole('button', { name: `Desconectar a ${label}`, exact: true }).click();
    expect((await next.receive(7)).toString()).toBe('my turn');
    await until(() => lab.events.some((e) => e.type === 'client.closed' && e.reason === 'kicked'));
    await lineEs.waitFor({ state: 'detached' });
    await page.getByRole('combobox', { name: 'Idioma' }).selectOption('en');
  });

  it('then shows recv() waiting on the silent client, and since when', async () => {
    const [, next] = raws as [RawClient, RawClient];
    const label = `127.0.0.1:${next.localPort}`;
    const line = notice().getByText(`recv(): waiting for «${label}» for`, { exact: false });
    // Served, and waited on in recv(), before the page's clock skips the five seconds.
    await until(() => {
      const { step, stepClient, clients } = lab.app.hub.lab;
      return step === 'recv' && stepClient !== null && clients[stepClient]?.label === label;
    });
    await page.clock.fastForward(5_000);
    await shown(line);
    expect(await line.textContent()).toMatch(/for [5-9] s$/);
  });
});
