import { afterEach, describe, expect, it } from 'vitest';
import { problems, shown, startLab, type Lab } from './helpers.ts';

let lab: Lab;
afterEach(async () => {
  if (!lab) return;
  expect(problems(lab)).toEqual([]);
  await lab.close();
});

describe('a limit hit from the page', () => {
  it('tells a page refused by --max-viewers why, in the header', async () => {
    lab = await startLab({ namePrograms: false, limits: { maxViewers: 1 } });
    const first = await lab.open({ locale: 'en-US' });
    await shown(first.getByRole('status').filter({ hasText: 'Live' }));
    // The refused page's clock is the test's, so its wait before asking again is not ours.
    const second = await lab.open({ locale: 'en-US' }, (context) => context.clock.install());
    await shown(second.getByText(/too many pages watching \(limit 1\)/));
    // Once there is room it asks again by itself and goes live: its clock is moved on past
    // the wait until it does (the server may take a moment to let the first page go).
    await first.close();
    const live = second.getByRole('status').filter({ hasText: 'Live' });
    await expect
      .poll(
        async () => {
          await second.clock.fastForward(5_000);
          return live.isVisible();
        },
        { timeout: 15_000, interval: 250 },
      )
      .toBe(true);
  });

  it('tells a web client refused by the per-page limit why, on its card', async () => {
    lab = await startLab({ namePrograms: false, limits: { maxWebClientsPerPage: 1 } });
    const page = await lab.open({ locale: 'en-US' });
    const connect = page.getByRole('button', { name: 'Connect', exact: true });
    await connect.click();
    await shown(page.getByText(/place 1 of 5|Being served|Served/i));
    await connect.click();
    await shown(page.getByText(/too many web clients on this page \(limit 1\)/));
  });
});
