// A real Chromium for the end-to-end tests, with no system browser needed: the binary
// comes from the @sparticuz/chromium package (a devDependency, so CI gets it from the lock
// file), or from CHROMIUM_PATH when a developer prefers their own.

import { mkdir, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type BrowserServer,
  type ConsoleMessage,
  type Page,
} from 'playwright-core';

/**
 * @sparticuz's own `chromium.args` are tuned for AWS Lambda (--single-process and friends),
 * which breaks several pages in one browser; these are enough for a headless test run.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const LOCK = path.join(tmpdir(), 'echo-lab-chromium.lock');

/**
 * The first call unpacks the browser into the temp directory. Test files run in parallel
 * workers, and a second worker would see a half-written binary, so unpacking is serialized
 * with a lock directory (mkdir is atomic).
 */
async function sparticuzPath(): Promise<string> {
  const { default: sparticuz } = await import('@sparticuz/chromium');
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await sparticuz.executablePath();
  } finally {
    await rmdir(LOCK).catch(() => undefined);
  }
}

const executablePath = async (): Promise<string> =>
  process.env.CHROMIUM_PATH || (await sparticuzPath());

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: await executablePath(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** A browser other processes attach to with `chromium.connect(server.wsEndpoint())`. */
export async function launchBrowserServer(): Promise<BrowserServer> {
  return chromium.launchServer({
    executablePath: await executablePath(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** What went wrong in a page: console errors and uncaught exceptions, as text. */
export type PageProblems = string[];

/** Opens a page in a fresh context and records every console error and page error. */
export async function openPage(
  browser: Browser,
  url: string,
  options: BrowserContextOptions = {},
  /** Runs before the page loads, e.g. to install a clock the test moves on. */
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<{ page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 720 },
    ...options,
  });
  await prepare?.(context);
  const page = await context.newPage();
  const problems: PageProblems = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error: Error) => problems.push(`page: ${error.stack ?? error.message}`));
  await page.goto(url);
  return { page, problems };
}
