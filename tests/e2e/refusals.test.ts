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
    const second = await lab.open({ locale: 'en-US' });
    await shown(second.getByText(/too many pages watching \(limit 1\)/));
    // Once there is room it asks again by itself and goes live.
    await first.close();
    await shown(second.getByRole('status').filter({ hasText: 'Live' }), 15_000);
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
