// Shared by the end-to-end tests: the real app, a real Chromium, and a record of every
// event the echo server emitted so a test can check what did (or did not) cross the wire.

import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Download,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, expect, inject } from 'vitest';
import type { AppOptions, Application } from '../../server/app.ts';
import type { LabEvent } from '../../shared/protocol.ts';
import { startApp } from '../support/app.ts';
import type { RawClient } from '../support/tcp.ts';
import { launchBrowser, openPage, type PageProblems } from '../support/browser.ts';

/** Long enough for a loaded CI machine; a passing step takes milliseconds. */
export const WAIT_MS = 8_000;

export interface Lab {
  app: Application;
  browser: Browser;
  url: string;
  events: LabEvent[];
  pages: { page: Page; problems: PageProblems }[];
  open(
    options?: BrowserContextOptions,
    prepare?: (context: BrowserContext) => Promise<void>,
  ): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The run's shared Chromium (tests/support/browser-broker.ts), attached to over a WebSocket;
 * closing what this returns detaches and closes this lab's contexts only. Without the broker
 * (another config), a browser of the lab's own.
 */
async function attachBrowser(): Promise<Browser> {
  const broker = inject('browserBroker');
  if (!broker) return launchBrowser();
  const answer = await fetch(broker);
  const text = await answer.text();
  if (!answer.ok) throw new Error(`the shared browser did not start: ${text}`);
  return chromium.connect(text);
}

export async function startLab(options: Partial<AppOptions> = {}): Promise<Lab> {
  const [app, browser] = await Promise.all([startApp(options), attachBrowser()]);
  const events: LabEvent[] = [];
  const unsubscribe = app.echo.events.subscribe((e) => events.push(e));
  const url = `http://127.0.0.1:${app.addresses.webPort}/`;
  const pages: Lab['pages'] = [];
  return {
    app,
    browser,
    url,
    events,
    pages,
    async open(options, prepare) {
      const opened = await openPage(browser, url, options, prepare);
      pages.push(opened);
      return opened.page;
    },
    async close() {
      unsubscribe();
      await browser.close();
      await app.close();
    },
  };
}

/** Waits until the locator is on screen. */
export const shown = (locator: Locator, ms = WAIT_MS): Promise<void> =>
  locator.filter({ visible: true }).first().waitFor({ state: 'visible', timeout: ms });

/**
 * Run in the page (the tests have no DOM types): after the next frame, so that what React
 * has rendered is laid out, waits until every finite CSS animation and transition running
 * then has ended.
 */
const SETTLED = `(async () => {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const running = document
    .getAnimations()
    .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
  await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
})()`;

/**
 * Waits until the page's entrance animations (an arrow sliding in, a chip growing) are
 * over, so that what is measured, audited or shot is where and how it stays. Not a pause
 * of its own: a page at rest answers at the next frame.
 */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(SETTLED);
}

/** Polls until `check` holds. */
export async function until(check: () => boolean, ms = WAIT_MS): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A download's contents as text. Read through a stream: from the shared browser, which runs
 * in another process, `download.path()` is not available.
 */
export async function downloadedText(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Every console error and page error seen so far, across all the lab's pages. */
export const problems = (lab: Lab): string[] => lab.pages.flatMap((p) => p.problems);

/**
 * With E2E_SCREENSHOTS=<dir>, saves the page at projector (1280×720) and laptop (1440×900)
 * sizes so a person can look at them; otherwise does nothing. Never saved in the repo.
 */
export async function snap(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  const size = page.viewportSize();
  for (const [width, height] of [
    [1280, 720],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(700);
    await page.screenshot({ path: `${dir}/${name}-${width}x${height}.png` });
  }
  if (size) await page.setViewportSize(size);
}

/**
 * A describe block's teardown for a lab started in its beforeAll: after each test no page
 * may have logged an error; after all, its raw clients and the lab are closed.
 */
export function closeLabAfter(lab: () => Lab, raws: readonly RawClient[] = []): void {
  afterEach(() => {
    expect(problems(lab())).toEqual([]);
  });
  afterAll(async () => {
    for (const raw of raws) raw.socket.destroy();
    await lab()?.close();
  });
}
