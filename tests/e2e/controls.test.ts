// The teacher's controls in a real Chromium, acting on the real server: concurrent mode,
// disconnecting one client, clearing the diagram and bot clients; and in classroom mode
// only the page with the teacher's token has them.

import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPage } from '../support/browser.ts';
import { SteppedPause } from '../support/stepped-pause.ts';
import { RawClient } from '../support/tcp.ts';
import { shown, snap, startLab, until, type Lab, closeLabAfter } from './helpers.ts';

describe('teacher controls', () => {
  let lab: Lab;
  const pauses = new SteppedPause();
  let page: Page;
  const raws: RawClient[] = [];
  const connect = async (): Promise<RawClient> => {
    const raw = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(raw);
    return raw;
  };
  const controls = (): Locator => page.getByRole('region', { name: 'Teacher controls' });
  const diagram = (): Locator => page.getByRole('img', { name: 'Sequence diagram' });

  beforeAll(async () => {
    lab = await startLab({ namePrograms: false, botPause: pauses.pause });
    page = await lab.open();
    await shown(page.getByRole('status').getByText('Live', { exact: true }));
    await page.getByRole('tab', { name: 'Controls' }).click();
    await shown(controls());
  });

  closeLabAfter(() => lab, raws);

  it('switches to concurrent mode, so the clients waiting are served at once', async () => {
    const first = await connect();
    const second = await connect();
    const third = await connect();
    second.send('me next');
    third.send('and me');
    await until(() => lab.app.hub.lab.queue.length === 2);

    // The radio follows the server's settings, so it turns on once the server took the mode.
    await controls().getByRole('radio', { name: 'Concurrent' }).click();
    await until(() => lab.app.echo.settings.mode === 'concurrent');
    await shown(page.getByText('Concurrent', { exact: true }).first());
    // The loop takes the new mode at its next accept(), when the first client leaves.
    first.send('desconectar');
    await first.waitEnded();
    // Both waiting clients get their echo while both stay connected: served together.
    expect((await second.receive(7)).toString()).toBe('me next');
    expect((await third.receive(6)).toString()).toBe('and me');
    expect(second.ended || third.ended).toBe(false);
    await page.getByRole('tab', { name: 'Code', exact: true }).click();
    await shown(page.getByText('Concurrent mode: the threaded version of the same loop.'));
    await snap(page, 'concurrent-code');
    await page.getByRole('tab', { name: 'Controls' }).click();

    await controls().getByRole('radio', { name: 'Iterative' }).click();
    await until(() => lab.app.echo.settings.mode === 'iterative');
  });

  it('disconnects one client, which the diagram and the log put down to the teacher', async () => {
    const [, second] = raws as [RawClient, RawClient, RawClient];
    const label = `127.0.0.1:${second.localPort}`;
    await controls()
      .getByRole('button', { name: `Disconnect ${label}`, exact: true })
      .click();
    await second.waitEnded();
    await until(() => lab.events.some((e) => e.type === 'client.closed' && e.reason === 'kicked'));
    await shown(diagram().getByText(/disconnected by the teacher/));
    await page.getByRole('tab', { name: 'Log' }).click();
    await shown(page.getByText(`The teacher disconnected ${label}`, { exact: false }));
    await page.getByRole('tab', { name: 'Controls' }).click();
  });

  it('changes backlog and recv size', async () => {
    await controls().getByRole('combobox', { name: 'Backlog' }).selectOption('3');
    await controls().getByRole('combobox', { name: 'recv() size' }).selectOption('16');
    await until(() => lab.app.echo.settings.backlog === 3 && lab.app.echo.settings.recvSize === 16);
    await shown(page.getByRole('banner').getByText('listen(3)'));
    await controls().getByRole('combobox', { name: 'recv() size' }).selectOption('1024');
    await controls().getByRole('combobox', { name: 'Backlog' }).selectOption('5');
    await until(
      () => lab.app.echo.settings.backlog === 5 && lab.app.echo.settings.recvSize === 1024,
    );
  });

  it('clears the diagram for the page', async () => {
    await until(() => lab.events.some((e) => e.type === 'data.echoed'));
    await shown(diagram().locator('[data-kind="echo"]'));
    await controls().getByRole('button', { name: 'Clear diagram' }).click();
    await until(() => lab.events.some((e) => e.type === 'diagram.cleared'));
    await expect
      .poll(() => diagram().locator('[data-kind="echo"], [data-kind="read"]').count())
      .toBe(0);
  });

  it('adds 3 bot clients that are served one after another, in order', async () => {
    for (const raw of raws) raw.socket.destroy();
    await until(() => lab.app.hub.lab.served.length === 0 && lab.app.hub.lab.queue.length === 0);
    // The server checks every command; its reason shows when it refuses one.
    await controls().getByRole('spinbutton', { name: 'Clients' }).fill('60');
    await controls().getByRole('button', { name: 'Add clients' }).click();
    await shown(controls().getByRole('alert').getByText('The server refused: count is 1 to 50'));

    await controls().getByRole('spinbutton', { name: 'Clients' }).fill('3');
    await controls().getByRole('spinbutton', { name: 'Messages each' }).fill('2');
    // The bots' pauses are held until released below, so the first bot is still served
    // while the others wait, however slow the machine.
    await controls().getByRole('spinbutton', { name: 'Pace' }).fill('800');
    await controls().getByRole('button', { name: 'Add clients' }).click();
    await until(
      () => Object.values(lab.app.hub.lab.clients).filter((c) => c.kind === 'bot').length === 3,
    );
    await shown(controls().getByText('3 bots connected'));
    expect(await controls().getByRole('alert').count()).toBe(0);
    const queue = page.getByRole('region', { name: 'Accept queue' });
    await shown(queue.getByRole('list', { name: /^Being served/ }).getByText('bot 1'));
    const waiting = queue.getByRole('list', { name: /^Waiting/ });
    await shown(waiting.getByText('bot 3'));
    expect(await waiting.getByText(/^bot \d$/).allTextContents()).toEqual(['bot 2', 'bot 3']);
    await snap(page, 'bots-queue');
    const bots = (): number[] =>
      lab.events.flatMap((e) => (e.type === 'client.identified' && e.kind === 'bot' ? [e.id] : []));
    // Each bot pauses the pace the page asked for after each echo; let them all go on.
    await until(() => {
      pauses.release();
      return (
        lab.events.filter((e) => e.type === 'client.closed' && bots().includes(e.id)).length === 3
      );
    }, 15_000);
    expect(pauses.asked).toEqual([800, 800, 800, 800, 800, 800]);
    const accepted = lab.events.flatMap((e) =>
      e.type === 'client.accepted' && bots().includes(e.id) ? [e.id] : [],
    );
    expect(accepted).toEqual(bots());
    await page.getByRole('tab', { name: 'Log' }).click();
    const log = page.getByRole('list', { name: 'Events, newest first' });
    // The first may be accepted before the server knows it for a bot: the log says so.
    const order = await log.getByText(/^accept\(\) → (bot \d|127\.0\.0\.1:\d+)$/).allTextContents();
    expect(order.reverse()).toEqual([
      expect.stringMatching(/^accept\(\) → (bot 1|127\.0\.0\.1:\d+)$/),
      'accept() → bot 2',
      'accept() → bot 3',
    ]);
    const known = await log.getByText(/ is bot \d: a bot$/).allTextContents();
    expect(known.reverse().map((line) => /bot \d/.exec(line)?.[0])).toEqual([
      'bot 1',
      'bot 2',
      'bot 3',
    ]);
  });
});

describe('classroom mode', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await startLab({ namePrograms: false, lan: true, token: 'profe-token-123' });
  });

  closeLabAfter(() => lab);

  it('shows no controls to a page without the token, and all of them with it', async () => {
    const student = await lab.open();
    await shown(student.getByRole('status').getByText('Live', { exact: true }));
    await shown(student.getByText('The teacher controls the server from their page.'));
    expect(await student.getByRole('switch', { name: 'Step mode' }).count()).toBe(0);
    expect(await student.getByRole('button', { name: 'Next step' }).count()).toBe(0);
    expect(await student.getByRole('tab', { name: 'Controls' }).count()).toBe(0);
    // The rest of the teaching layer is theirs too.
    await student.getByRole('tab', { name: 'Code', exact: true }).click();
    await shown(student.getByRole('region', { name: 'Server code' }));
    await snap(student, 'viewer');

    const opened = await openPage(lab.browser, `${lab.url}?token=profe-token-123`);
    lab.pages.push(opened);
    const teacher = opened.page;
    await shown(teacher.getByRole('switch', { name: 'Step mode' }));
    await shown(teacher.getByRole('tab', { name: 'Controls' }));
    expect(await teacher.getByText('The teacher controls the server').count()).toBe(0);
  });
});
