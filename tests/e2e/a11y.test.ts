// axe-core on the live page in the states a class sees: empty; raw and web clients queued
// and served; paused; in Spanish; dark; projector mode; the export menu and the keyboard
// help open. No violation may be serious or critical.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/tcp.ts';
import { settled, shown, snap, startLab, type Lab, closeLabAfter } from './helpers.ts';

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe('accessibility (axe-core)', () => {
  let lab: Lab;
  let axe: string;
  const raws: RawClient[] = [];

  /** The page's CSP allows only its own scripts; axe comes in through a CSP-free context. */
  const open = async (options: BrowserContextOptions = {}): Promise<Page> => {
    const page = await lab.open({ bypassCSP: true, ...options });
    await shown(page.getByRole('img', { name: /Sequence diagram|Diagrama de secuencia/ }));
    return page;
  };

  /** Serious and critical violations, one line each, with the elements at fault. */
  async function audit(page: Page): Promise<string[]> {
    if ((await page.evaluate('typeof window.axe')) === 'undefined') {
      await page.addScriptTag({ content: axe });
    }
    // Let entrance animations finish, so colours are checked as they end up.
    await settled(page);
    const violations = await page.evaluate<Violation[]>(
      'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)',
    );
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
      );
  }

  beforeAll(async () => {
    axe = await readFile(AXE, 'utf8');
    lab = await startLab({ namePrograms: false });
  });

  closeLabAfter(() => lab, raws);

  it('the empty page', async () => {
    const page = await open();
    expect(await audit(page)).toEqual([]);
    await page.context().close();
  });

  it('with raw and web clients served and queued, live and paused', async () => {
    const page = await open();
    const served = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(served);
    served.send('hola\n');
    await served.receive(5);
    raws.push(await RawClient.connect(lab.app.addresses.echoPort));
    await page.getByRole('textbox', { name: 'Name (optional)' }).fill('Ana');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const card = page.getByRole('article', { name: 'Ana' });
    await shown(card.getByText(/Waiting: place 2/));
    await card.getByRole('textbox', { name: 'Message' }).fill('¿me oyes?');
    await card.getByRole('button', { name: 'Send', exact: true }).click();
    await snap(page, 'a11y-clients');
    expect(await audit(page)).toEqual([]);

    await page
      .getByRole('region', { name: 'Timeline' })
      .getByRole('button', { name: 'Pause', exact: true })
      .click();
    await page.getByRole('button', { name: 'Step back', exact: true }).click();
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await snap(page, 'a11y-paused-export');
    expect(await audit(page)).toEqual([]);
    // For a person to look at: the same, large, as the back row sees it.
    await page.keyboard.press('Escape');
    await page.getByRole('switch', { name: 'Projector mode' }).click();
    await snap(page, 'a11y-clients-projector');
    await page.context().close();
  });

  it('in Spanish', async () => {
    const page = await open({ locale: 'es-ES' });
    await shown(page.getByRole('region', { name: 'Cola de espera' }));
    await snap(page, 'a11y-spanish');
    expect(await audit(page)).toEqual([]);
    await page.context().close();
  });

  it('dark, by the system and by choice, and in projector mode', async () => {
    const page = await open({ colorScheme: 'dark' });
    const found: string[] = [];
    const check = async (state: string): Promise<void> => {
      await snap(page, `a11y-${state}`);
      found.push(...(await audit(page)).map((line) => `${state}: ${line}`));
    };
    await check('dark-system');

    // The theme button goes system → light → dark; a chosen theme beats the system's.
    const theme = page.getByRole('button', { name: /^Theme:/ });
    await theme.click();
    await theme.click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await check('dark-chosen');

    await page.getByRole('switch', { name: 'Projector mode' }).click();
    expect(await page.locator('html').getAttribute('class')).toContain('projector');
    await check('dark-projector');

    await theme.click();
    await check('light-projector');
    expect(found).toEqual([]);
    await page.context().close();
  });

  it('honours reduced motion: no arrow slides in, no chip grows in', async () => {
    const page = await open({ reducedMotion: 'reduce' });
    // A new client: its arrow and its chip would animate in, were motion welcome.
    const raw = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(raw);
    const label = `127.0.0.1:${raw.localPort}`;
    // A narrow lane's header may cut the address, never the port.
    await shown(page.getByRole('img', { name: 'Sequence diagram' }).getByText(`:${raw.localPort}`));
    await shown(page.getByRole('region', { name: 'Accept queue' }).getByText(label));
    const animations = await page.evaluate<string[]>(
      `[...document.querySelectorAll('.sd-new, .chip')].map((el) => getComputedStyle(el).animationName)`,
    );
    expect(animations.length).toBeGreaterThan(0);
    expect(new Set(animations)).toEqual(new Set(['none']));
    await page.context().close();
  });

  it('with the keyboard help open', async () => {
    const page = await open();
    await page.keyboard.press('?');
    await shown(page.getByRole('dialog', { name: 'Keyboard shortcuts' }));
    expect(await audit(page)).toEqual([]);
    await page.context().close();
  });
});
