// Classroom mode: the teacher's address carries the token, and that page is projected. Once
// read, the token leaves the address bar for the tab's sessionStorage: a reload is still
// the teacher's page, a new tab on the plain address is a student's.

import { beforeAll, describe, expect, it } from 'vitest';
import { closeLabAfter, shown, startLab, type Lab } from './helpers.ts';

const TOKEN = 'profe-token-456';

describe('the teacher token in the address bar', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await startLab({ namePrograms: false, lan: true, token: TOKEN, host: '127.0.0.1' });
  });

  closeLabAfter(() => lab);

  it('leaves the address once read, and the tab stays the teacher’s', async () => {
    const page = await lab.open();
    await page.goto(`${lab.url}?lang=en&token=${TOKEN}&x=a%20b#log`);
    await shown(page.getByRole('switch', { name: 'Step mode' }));
    const cleaned = new URL(page.url());
    expect(cleaned.search).toBe('?lang=en&x=a%20b');
    expect(cleaned.hash).toBe('#log');
    expect(page.url()).not.toContain(TOKEN);

    await page.reload();
    await shown(page.getByRole('switch', { name: 'Step mode' }));
    await shown(page.getByRole('tab', { name: 'Controls' }));
    expect(page.url()).not.toContain(TOKEN);

    const student = await page.context().newPage();
    await student.goto(lab.url);
    await shown(student.getByText('The teacher controls the server from their page.'));
    expect(await student.getByRole('switch', { name: 'Step mode' }).count()).toBe(0);
    expect(await student.getByRole('tab', { name: 'Controls' }).count()).toBe(0);
    await student.close();
  });
});
