// The timeline: the view pauses while the real server keeps running, steps back to an
// earlier state of the queue, plays it back, and comes back to live; the keyboard does the
// same, except while someone types; "?" lists every shortcut in a modal dialog.

import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/tcp.ts';
import { shown, snap, startLab, until, type Lab, closeLabAfter } from './helpers.ts';

describe('the timeline', () => {
  let lab: Lab;
  let page: Page;
  const raws: RawClient[] = [];
  const queue = (): Locator => page.getByRole('region', { name: 'Accept queue' });
  const waiting = (): Locator => queue().getByRole('list', { name: /^Waiting/ });
  const served = (): Locator => queue().getByRole('list', { name: /^Being served/ });
  const diagram = (): Locator => page.getByRole('img', { name: 'Sequence diagram' });
  const bar = (): Locator => page.getByRole('region', { name: 'Timeline' });
  const button = (name: string): Locator => bar().getByRole('button', { name, exact: true });
  const label = (raw: RawClient): string => `127.0.0.1:${raw.localPort}`;
  const connect = async (): Promise<RawClient> => {
    const raw = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(raw);
    await until(() =>
      lab.events.some((e) => e.type === 'client.connected' && e.client.port === raw.localPort),
    );
    return raw;
  };

  /** A key pressed with focus on nothing in particular, as a teacher at the projector would. */
  const press = async (key: string): Promise<void> => {
    // A string, since this file is typed for Node and the code runs in the page.
    await page.evaluate('document.activeElement?.blur()');
    await page.keyboard.press(key);
  };

  beforeAll(async () => {
    lab = await startLab({ namePrograms: false });
    page = await lab.open();
    await shown(page.getByRole('status').getByText('Live', { exact: true }));
  });

  closeLabAfter(() => lab, raws);

  it('pauses the view while the server runs on, until "Live"', async () => {
    const first = await connect();
    first.send('uno\n');
    await first.receive(4);
    const second = await connect();
    await shown(waiting().getByText(label(second)));
    await expect.poll(() => button('Live').getAttribute('aria-pressed')).toBe('true');

    await button('Pause').click();
    await shown(button('Play'));
    expect(await button('Live').getAttribute('aria-pressed')).toBe('false');

    // Real traffic while paused: the server serves it, the page records it, shows none of it.
    const third = await connect();
    first.send('dos\n');
    await first.receive(8);
    await until(() => lab.events.some((e) => e.type === 'data.echoed' && e.bytes === 4 && e.t > 0));
    await shown(bar().getByText(/^[3-9] newer$/));
    expect(await waiting().getByText(label(third)).count()).toBe(0);
    expect(
      await diagram()
        .getByText(/dos\\n/)
        .count(),
    ).toBe(0);
    await snap(page, 'timeline-paused');

    await button('Live').click();
    await shown(waiting().getByText(label(third)));
    await shown(diagram().getByText(/dos\\n/));
    await shown(button('Pause'));
  });

  it('steps back to an earlier queue and forward again, with buttons and keys', async () => {
    const [first, second] = raws as [RawClient, RawClient];
    first.send('desconectar');
    await first.waitEnded();
    await shown(served().getByText(label(second)));

    // Space pauses, the left arrow goes back: before accept(), the client waits again.
    await press(' ');
    await shown(button('Play'));
    for (let i = 0; i < 3 && (await waiting().getByText(label(second)).count()) === 0; i++) {
      await press('ArrowLeft');
    }
    await shown(waiting().getByText(label(second)));
    expect(await served().getByText(label(second)).count()).toBe(0);

    await button('Step back').click();
    await button('Step forward').click();
    await press('ArrowRight');
    await shown(served().getByText(label(second)));

    // The slider says where the view stands, in words too.
    const slider = bar().getByRole('slider', { name: 'Event shown' });
    expect(await slider.getAttribute('aria-valuetext')).toMatch(
      /^event \d+ of \d+, at \d+:\d\d\.\d{3}$/,
    );

    // Home: the oldest event kept, the server just listening, nobody in the queue yet.
    await press('Home');
    await shown(diagram().getByText(/^server listening on/));
    expect(await queue().getByText(label(second)).count()).toBe(0);
    await press('End');
    await shown(button('Pause'));
    await shown(served().getByText(label(second)));
  });

  it('plays back from an earlier event at the chosen speed, then goes live', async () => {
    const second = raws[1] as RawClient;
    await button('Pause').click();
    await button('Step back').click();
    await button('Step back').click();
    await shown(waiting().getByText(label(second)));
    await bar().getByRole('combobox', { name: 'Speed' }).selectOption('4');
    await button('Play').click();
    await shown(served().getByText(label(second)));
    await expect.poll(() => button('Live').getAttribute('aria-pressed')).toBe('true');
  });

  it('leaves keys alone while someone types, and lists every shortcut on "?"', async () => {
    const name = page.getByRole('textbox', { name: 'Name (optional)' });
    await name.fill('Eva');
    await name.press(' ');
    await name.press('ArrowLeft');
    await name.press('?');
    expect(await button('Pause').count()).toBe(1);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await name.inputValue()).toBe('Eva? ');

    await press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await shown(help);
    for (const text of [
      'Pause or resume',
      'Step back one event',
      'Back to live',
      'Switch language',
    ]) {
      await shown(help.getByText(text));
    }
    // Focus stays in the dialog however far one tabs.
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate("document.activeElement?.closest('dialog') !== null")).toBe(true);
    }
    await snap(page, 'timeline-help');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    expect(await button('Pause').count()).toBe(1);
  });
});
