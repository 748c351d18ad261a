// The page in a real Chromium. Event-to-screen: a raw TCP client writes `lat:<Date.now()>:n`
// and an observer in the page notes when that text enters the DOM, and the next animation
// frame after it (when it is painted); both clocks are this machine's Date.now(). Then 10
// connections echo flat out while the page counts its frames, heap and DOM size.

import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { ensurePageBuilt, PAGE_DIR } from '../server/http/page-build.ts';
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
import { MiB, ms, num, sleep, spread } from './stats.ts';

/** The server's event count: the page is sent every event, so this is what it had to draw. */
async function serverSeq(url: string): Promise<number> {
  const res = await fetch(`${url}/healthz`);
  return ((await res.json()) as { seq: number }).seq;
}

/** Event-to-screen: issue 16 asks for no fixed wait on an idle stream (it was 50 / 150 ms). */
const TARGETS = { p50: 20, p99: 50, fps: 55, heapMiB: 150 } as const;
const FLAT_OUT_CONNECTIONS = 10;

// Plain JavaScript strings, not functions: tsx would wrap functions with helpers (__name)
// that do not exist in the page.
const OBSERVE = `(() => {
  const seen = (window.__benchSeen = {});
  const stamp = /lat:(\\d{13}):(\\d+)/g;
  const scan = (text) => {
    if (!text || !text.includes('lat:')) return;
    for (const m of text.matchAll(stamp)) {
      if (seen[m[2]]) continue;
      const hit = { n: Number(m[2]), sent: Number(m[1]), dom: Date.now(), frame: 0 };
      seen[m[2]] = hit;
      requestAnimationFrame(() => { hit.frame = Date.now(); });
    }
  };
  window.__benchObserver = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') scan(r.target.data);
      else for (const node of r.addedNodes) scan(node.textContent);
    }
  });
  window.__benchObserver.observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;

const SEEN = `(window.__benchObserver.disconnect(), Object.values(window.__benchSeen))`;

/** Counts animation frames for `seconds`, noting the longest and the most DOM elements. */
const countFrames = (seconds: number): string => `new Promise((resolve) => {
  let frames = 0, longest = 0, last = performance.now(), elements = 0;
  const start = last;
  const tick = (now) => {
    longest = Math.max(longest, now - last);
    last = now;
    if (frames % 15 === 0) elements = Math.max(elements, document.getElementsByTagName('*').length);
    if (now - start >= ${seconds * 1000}) return resolve({ frames, ms: now - start, longest, elements });
    frames++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})`;

const ELEMENTS = `document.getElementsByTagName('*').length`;

interface Frames {
  frames: number;
  ms: number;
  longest: number;
  /** The most DOM elements seen while counting. */
  elements: number;
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

const fps = (f: Frames): number => (f.frames * 1000) / f.ms;

export async function measurePage(ctx: Context): Promise<Section> {
  const name = 'The page in Chromium';
  const skip = (reason: string): Section => ({
    name,
    rows: [
      notMeasured(
        'Event-to-screen latency (p50 / p99)',
        `≤ ${TARGETS.p50} / ≤ ${TARGETS.p99} ms`,
        reason,
      ),
      notMeasured('Frames per second, 10 connections flat out', '≥ 55 fps', reason),
    ],
    data: { skipped: reason },
  });
  // As npm start would, so the page measured is the page of these sources.
  const unbuilt = await ensurePageBuilt().then(
    () => null,
    (err: Error) => `the page does not build: ${err.message.split('\n')[0]}`,
  );
  if (unbuilt) return skip(unbuilt);
  if (
    !(await access(path.join(PAGE_DIR, 'index.html')).then(
      () => true,
      () => false,
    ))
  ) {
    return skip('the page is not built (npm run build)');
  }
  let browser: Browser | undefined;
  const lab = await startServer(ServerKind.lab, 'concurrent');
  try {
    // The tests' launcher: it serializes unpacking the binary with test workers running.
    const { launchBrowser, openPage } = await import('../tests/support/browser.ts');
    browser = await launchBrowser().catch((err: Error) => {
      throw new Error(`no browser: ${err.message.split('\n')[0]}`);
    });
    const { page, problems } = await openPage(browser, pageUrl(lab));
    await page.waitForLoadState('load');
    await sleep(1_000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    const idle = await page.evaluate<Frames>(countFrames(2));
    const url = pageUrl(lab);
    const latency = await eventToScreen(ctx, page, cdp, url, lab.ready.echoPort);
    const steady = await steadyLoad(ctx, cdp, url, lab.ready.echoPort);
    const load = await flatOut(ctx, page, cdp, url, lab.ready.echoPort);
    const data = { idleFps: fps(idle), latency, steady, load, pageErrors: problems };
    return { name, rows: rows(data), data };
  } catch (err) {
    return skip((err as Error).message.split('\n')[0] ?? 'error');
  } finally {
    await browser?.close().catch(() => undefined);
    await stopAll([lab]);
  }
}

/** Main-thread seconds (CDP's TaskDuration) the page spent per event, in microseconds. */
const cpuPerEvent = (
  before: Record<string, number>,
  after: Record<string, number>,
  events: number,
): number => (((after.TaskDuration ?? 0) - (before.TaskDuration ?? 0)) * 1e6) / Math.max(1, events);

async function eventToScreen(ctx: Context, page: Page, cdp: CDPSession, url: string, port: number) {
  await page.evaluate(OBSERVE);
  const seqBefore = await serverSeq(url);
  const before = await metrics(cdp);
  // 200, not 60: of 60 samples the p99 is the slowest one, and on this shared machine one
  // slow frame decided it.
  const count = ctx.quick ? 20 : 200;
  // 10 writes a second over 4 connections: each client writes every 400 ms, slower than
  // the page's burst rule (a pause over 250 ms ends a burst), so every write gets its arrow.
  await ctx.load.request({ type: 'tokens', port, conns: 4, count, intervalMs: 100 });
  await sleep(500);
  const after = await metrics(cdp);
  const events = (await serverSeq(url)) - seqBefore;
  const seen = await page.evaluate<
    {
      n: number;
      sent: number;
      dom: number;
      frame: number;
    }[]
  >(SEEN);
  return {
    sent: count,
    seen: seen.length,
    dom: spread(seen.map((s) => s.dom - s.sent)),
    screen: spread(seen.map((s) => (s.frame || s.dom) - s.sent)),
    events,
    cpuPerEventUs: cpuPerEvent(before, after, events),
  };
}

/**
 * Hundreds of events a second, each drawn (slower than the server's flood rule), with the
 * page's window of kept events full: what the page spends on one more event.
 */
export async function steadyLoad(ctx: Context, cdp: CDPSession, url: string, port: number) {
  const seconds = ctx.quick ? 2 : 4;
  const intervalMs = 5;
  const count = Math.round(((seconds + 3) * 1000) / intervalMs);
  const load = ctx.load.request({ type: 'tokens', port, conns: 8, count, intervalMs });
  load.catch(() => undefined);
  // By then the window holds its 600 events, as it does through most of a lesson.
  await sleep(2_000);
  const seqBefore = await serverSeq(url);
  const before = await metrics(cdp);
  await sleep(seconds * 1000);
  const after = await metrics(cdp);
  const events = (await serverSeq(url)) - seqBefore;
  await load;
  return {
    eventsPerSecond: events / seconds,
    cpuPerEventUs: cpuPerEvent(before, after, events),
    scriptShare: ((after.ScriptDuration ?? 0) - (before.ScriptDuration ?? 0)) / seconds,
  };
}

async function flatOut(ctx: Context, page: Page, cdp: CDPSession, url: string, port: number) {
  const seconds = ctx.quick ? 3 : 5;
  const load = ctx.load.request({
    type: 'pingpong',
    port,
    conns: FLAT_OUT_CONNECTIONS,
    size: 64,
    seconds: seconds + 2,
  });
  // Awaited below; this only keeps a failure while the page is busy from going unhandled.
  load.catch(() => undefined);
  await sleep(1_000);
  const elementsBefore = await page.evaluate<number>(ELEMENTS);
  const seqBefore = await serverSeq(url);
  const before = await metrics(cdp);
  const frames = await page.evaluate<Frames>(countFrames(seconds));
  const after = await metrics(cdp);
  const events = (await serverSeq(url)) - seqBefore;
  const elementsAfter = await page.evaluate<number>(ELEMENTS);
  const echoed = await load;
  const busy = (key: string): number => ((after[key] ?? 0) - (before[key] ?? 0)) / seconds;
  return {
    fps: fps(frames),
    longestFrameMs: frames.longest,
    heapBytes: after.JSHeapUsedSize ?? Number.NaN,
    elementsBefore,
    elementsAfter,
    elementsMax: frames.elements,
    nodes: after.Nodes ?? Number.NaN,
    // Seconds of main-thread work per second of wall time, by kind (CDP's counters).
    scriptShare: busy('ScriptDuration'),
    layoutShare: busy('LayoutDuration'),
    styleShare: busy('RecalcStyleDuration'),
    taskShare: busy('TaskDuration'),
    echoesPerSecond: (echoed.roundTrips * 1000) / echoed.elapsedMs,
    eventsPerSecond: events / seconds,
    cpuPerEventUs: cpuPerEvent(before, after, events),
  };
}

function rows(d: {
  idleFps: number;
  latency: Awaited<ReturnType<typeof eventToScreen>>;
  steady: Awaited<ReturnType<typeof steadyLoad>>;
  load: Awaited<ReturnType<typeof flatOut>>;
  pageErrors: string[];
}): Row[] {
  const { latency: l, steady, load } = d;
  const seenAll = l.seen === l.sent;
  // Bounded: thousands of events later the DOM is no bigger than a screenful of rows made it.
  const peak = Math.max(load.elementsMax, load.elementsAfter);
  const bounded = peak - load.elementsBefore <= Math.max(200, load.elementsBefore * 0.1);
  const heapMiB = load.heapBytes / MiB;
  return [
    l.seen === 0
      ? notMeasured(
          'Event-to-screen latency (p50 / p99)',
          `≤ ${TARGETS.p50} / ≤ ${TARGETS.p99} ms`,
          'the sent text never appeared on the page',
        )
      : {
          figure: 'Event-to-screen latency, light load (p50 / p99)',
          measured:
            `${ms(l.screen.p50)} / ${ms(l.screen.p99)} (${l.seen} of ${l.sent} seen; ` +
            `in the DOM after ${ms(l.dom.p50)} / ${ms(l.dom.p99)})`,
          target: `≤ ${TARGETS.p50} / ≤ ${TARGETS.p99} ms, all seen`,
          pass: seenAll && l.screen.p50 <= TARGETS.p50 && l.screen.p99 <= TARGETS.p99,
        },
    {
      figure: `Frames per second, ${FLAT_OUT_CONNECTIONS} connections flat out`,
      measured:
        `${num(load.fps, 1)} fps (idle ${num(d.idleFps, 1)}; longest frame ${ms(load.longestFrameMs)}; ` +
        `main thread: script ${num(load.scriptShare * 100)}%, layout ${num(load.layoutShare * 100)}%, ` +
        `style ${num(load.styleShare * 100)}%; ${num(load.echoesPerSecond)} echoes/s)`,
      target: `≥ ${TARGETS.fps} fps`,
      pass: load.fps >= TARGETS.fps,
    },
    {
      figure: 'Page CPU per event (main thread: steady drawn traffic / light load / flat out)',
      measured:
        `${num(steady.cpuPerEventUs)} µs at ${num(steady.eventsPerSecond)} events/s ` +
        `(script ${num(steady.scriptShare * 100)}%) / ${num(l.cpuPerEventUs)} µs ` +
        `(${num(l.events)} events) / ${num(load.cpuPerEventUs)} µs ` +
        `(${num(load.eventsPerSecond)} events/s)`,
      target: 'lower is better (informative)',
      pass: null,
    },
    {
      figure: 'JS heap used, flat out',
      measured: `${num(heapMiB, 1)} MiB`,
      target: `< ${TARGETS.heapMiB} MiB`,
      pass: heapMiB < TARGETS.heapMiB,
    },
    {
      figure: 'DOM elements, 1 s into the load → end of it',
      measured:
        `${num(load.elementsBefore)} → ${num(load.elementsAfter)}, at most ${num(peak)} ` +
        `(${num(load.nodes)} DOM nodes in all at the end)`,
      target: 'bounded (peak ≤ start + 10%)',
      pass: bounded,
    },
    {
      figure: 'Page errors during the run',
      measured: d.pageErrors.length === 0 ? 'none' : d.pageErrors.slice(0, 3).join('; '),
      target: 'none',
      pass: d.pageErrors.length === 0,
    },
  ];
}
