// The page's CPU per event before and after the incremental page (issue 16, point 5): the
// page as it was at BEFORE_INCREMENTAL, the last commit before the one store pattern and
// the per-batch rows, is built from git in a temporary folder and served in place of today's
// through the browser's request routing, so both pages talk to the same server, this
// tree's. Rounds alternate old and new under the same steady drawn traffic (page.ts).

import { execFile, spawn } from 'node:child_process';
import { access, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext } from 'playwright-core';
import { ensurePageBuilt } from '../server/http/page-build.ts';
import { ROOT } from './children.ts';
import { ServerKind } from './ipc.ts';
import {
  notMeasured,
  pageUrl,
  startServer,
  stopAll,
  type Context,
  type Row,
  type Section,
} from './fleet.ts';
import { steadyLoad } from './page.ts';
import { median, num, sleep } from './stats.ts';

/** "Bench: page CPU per event under steady drawn traffic", just before e998520 and 7c73adb. */
const BEFORE_INCREMENTAL = 'fbeb162';

const run = promisify(execFile);

/** Builds the page of `commit` once (kept in the temporary folder), returning its directory. */
async function buildOldPage(commit: string): Promise<string> {
  // Outside the repository, whose type check and lint would take the old sources for its own.
  const dir = path.join(tmpdir(), 'echo-lab-page-before', commit);
  const out = path.join(dir, 'dist');
  const built = await access(path.join(out, 'index.html')).then(
    () => true,
    () => false,
  );
  if (built) return out;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  // Only the page's own sources; the packages are this tree's.
  const tar = path.join(dir, 'src.tar');
  await run('git', ['-C', ROOT, 'archive', '-o', tar, commit, 'web', 'shared']);
  await run('tar', ['-xf', tar, '-C', dir]);
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  await writeFile(
    path.join(dir, 'vite.config.mjs'),
    "import react from '@vitejs/plugin-react';\n" +
      "export default { root: 'web', plugins: [react()], build: { outDir: '../dist', emptyOutDir: true } };\n",
  );
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the page of ${commit} did not build (${code})`);
  return out;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/** Files served from an old build: none means the new page was measured twice. */
let served = 0;

/** Serves the page's files from `dir`; the socket.io and API requests go to the server. */
async function serveFrom(context: BrowserContext, dir: string): Promise<void> {
  await context.route(/^http:\/\/[^/]+\/(assets\/[^?]*|index\.html)?(\?.*)?$/, async (route) => {
    const file = new URL(route.request().url()).pathname.slice(1) || 'index.html';
    const body = await readFile(path.join(dir, file)).catch(() => null);
    if (!body) return route.fallback();
    if (file.startsWith('assets/')) served++;
    await route.fulfill({
      body,
      contentType: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    });
  });
}

interface Round {
  eventsPerSecond: number;
  cpuPerEventUs: number;
  scriptShare: number;
}

const scriptPerEvent = (r: Round): number => (r.scriptShare * 1e6) / r.eventsPerSecond;

export async function measurePageBefore(ctx: Context): Promise<Section> {
  const name = 'Page CPU per event, before and after the incremental page';
  const figure = 'Page main thread per event, steady drawn traffic: before → after';
  const rounds = ctx.quick ? 1 : 3;
  let browser: Browser | undefined;
  const lab = await startServer(ServerKind.lab, 'concurrent');
  try {
    const [old] = await Promise.all([buildOldPage(BEFORE_INCREMENTAL), ensurePageBuilt()]);
    const { launchBrowser, openPage } = await import('../tests/support/browser.ts');
    browser = await launchBrowser();
    const url = pageUrl(lab);
    const measure = async (dir: string | null): Promise<Round> => {
      const { page } = await openPage(
        browser as Browser,
        url,
        {},
        dir ? (c) => serveFrom(c, dir) : undefined,
      );
      await page.waitForLoadState('load');
      await sleep(1_000);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const round = await steadyLoad(ctx, cdp, url, lab.ready.echoPort);
      await page.context().close();
      return round;
    };
    const before: Round[] = [];
    const after: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      // Alternating which goes first, so a noisy spell does not always hit the same page.
      if (r % 2 === 0) {
        before.push(await measure(old));
        after.push(await measure(null));
      } else {
        after.push(await measure(null));
        before.push(await measure(old));
      }
    }
    if (served === 0) throw new Error(`the page of ${BEFORE_INCREMENTAL} was never served`);
    const sum = (list: Round[]) => ({
      eventsPerSecond: median(list.map((r) => r.eventsPerSecond)),
      taskUs: median(list.map((r) => r.cpuPerEventUs)),
      scriptUs: median(list.map(scriptPerEvent)),
    });
    const data = { commit: BEFORE_INCREMENTAL, rounds, before, after };
    const b = sum(before);
    const a = sum(after);
    const row: Row = {
      figure,
      measured:
        `all work ${num(b.taskUs)} → ${num(a.taskUs)} µs (${num(a.taskUs / b.taskUs, 2)}×), ` +
        `script ${num(b.scriptUs)} → ${num(a.scriptUs)} µs (${num(a.scriptUs / b.scriptUs, 2)}×); ` +
        `${num(b.eventsPerSecond)} / ${num(a.eventsPerSecond)} events/s, median of ${rounds}`,
      target: 'lower after (informative)',
      pass: null,
    };
    return { name, rows: [row], data };
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0] ?? 'error';
    return { name, rows: [notMeasured(figure, 'lower after', reason)], data: { error: reason } };
  } finally {
    await browser?.close().catch(() => undefined);
    await stopAll([lab]);
  }
}
