// The whole lesson of ../shared/LESSON.md, steps 3–14 and 16 in order, as a class sees it on
// a 1280×720 projector in Spanish: at every step the diagram is the largest thing on screen,
// the accept queue and the code line the server is on are in sight with it, and what the
// page counts is what the server counted (/api/state). Other work changes the page's words,
// so this asserts on roles, structure and numbers more than on phrases. Screenshots of each
// step are kept in test-results/lesson/ (gitignored) for a person to look at.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabState } from '../../shared/lab.ts';
import { RawClient } from '../support/tcp.ts';
import { problems, settled, shown, startLab, until, type Lab } from './helpers.ts';

const SHOTS = path.resolve('test-results/lesson');
const VIEW = { width: 1280, height: 720 } as const;

/**
 * Run in the page (the tests have no DOM types): the diagram's share of the screen, whether
 * the accept queue and the marked code line are wholly on screen (the line inside its code
 * box too), and how far the page overflows the window.
 */
const MEASURE = `(() => {
  const w = innerWidth;
  const h = innerHeight;
  const box = (selector) => document.querySelector(selector)?.getBoundingClientRect() ?? null;
  const inside = (r) =>
    !!r && r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= h + 0.5 && r.right <= w + 0.5;
  const d = box('[role="img"].sd-scroll');
  const code = box('.code');
  const line = box('.code-line[aria-current="step"]');
  return {
    diagramShare: d ? (d.width * d.height) / (w * h) : 0,
    queueInView: inside(box('.queue-panel')),
    lineInView: inside(line) && !!code && line.top >= code.top - 1 && line.bottom <= code.bottom + 1,
    overflowX: document.documentElement.scrollWidth - w,
    overflowY: document.documentElement.scrollHeight - h,
  };
})()`;

interface Measured {
  diagramShare: number;
  queueInView: boolean;
  lineInView: boolean;
  overflowX: number;
  overflowY: number;
}

describe('a whole lesson on a 1280×720 projector, in Spanish', () => {
  let lab: Lab;
  let page: Page;
  let dir: string;
  const raws: RawClient[] = [];
  const measured: Record<string, Measured> = {};

  const queue = (): Locator => page.locator('.queue-panel');
  const waiting = (): Locator => queue().locator('.slot.is-taken');
  const served = (): Locator => queue().locator('.area--served .chip');
  const retrying = (): Locator => queue().locator('.area--retrying');
  const diagram = (): Locator => page.getByRole('img', { name: /diagrama/i });
  const codeLine = (): Locator => page.locator('.code-line[aria-current="step"]');
  const next = (): Locator => page.getByRole('button', { name: /siguiente paso/i });
  const stepSwitch = (): Locator => page.getByRole('switch', { name: /paso a paso/i });
  const label = (raw: RawClient): string => `127.0.0.1:${raw.localPort}`;
  const idOf = (raw: RawClient): number => {
    const e = lab.events.find(
      (x) => x.type === 'client.connected' && x.client.port === raw.localPort,
    );
    if (e?.type !== 'client.connected') throw new Error(`no client on port ${raw.localPort}`);
    return e.client.id;
  };

  async function connect(text?: string): Promise<RawClient> {
    const raw = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(raw);
    await until(() =>
      lab.events.some((e) => e.type === 'client.connected' && e.client.port === raw.localPort),
    );
    if (text !== undefined) raw.send(text);
    return raw;
  }

  async function apiState(): Promise<LabState> {
    const res = await fetch(`${lab.url}api/state`);
    return ((await res.json()) as { state: LabState }).state;
  }

  /** Every whole number in a text, in order ("1.024" is one in Spanish). */
  const numbers = (text: string | null): number[] =>
    (text ?? '').match(/\d[\d.]*/g)?.map((n) => Number(n.replace(/\./g, ''))) ?? [];

  /** What the back row must see at every step, measured and asserted; then a screenshot. */
  async function lookAt(step: string, minShare = 0.45): Promise<void> {
    await settled(page);
    const m = await page.evaluate<Measured>(MEASURE);
    measured[step] = m;
    await page.screenshot({ path: path.join(SHOTS, `${step}.png`) });
    expect(m.diagramShare, `${step}: the diagram's share of the screen`).toBeGreaterThanOrEqual(
      minShare,
    );
    expect(m.queueInView, `${step}: the whole accept queue on screen`).toBe(true);
    expect(m.lineInView, `${step}: the code line the server is on, on screen`).toBe(true);
    expect(m.overflowX, `${step}: nothing wider than the screen`).toBeLessThanOrEqual(0);
    expect(m.overflowY, `${step}: nothing taller than the screen`).toBeLessThanOrEqual(0);
  }

  /**
   * The same in projector mode, then back: all in sight still, the queue's clients not
   * scrolled away inside it, and the timeline bar on one row (a second is the diagram's).
   */
  async function lookAtProjected(step: string): Promise<void> {
    const projector = page.getByRole('switch', { name: 'Modo proyector' });
    await projector.click();
    try {
      await expect.poll(() => page.locator('html').getAttribute('class')).toContain('projector');
      // Larger type makes a taller header (three rows with a stall notice): the diagram
      // keeps about 0.47 of the screen, 0.43 then, still the largest thing on it.
      await lookAt(step, 0.42);
      const fits = await page.evaluate<{ queue: boolean; timelineOneRow: boolean }>(`(() => {
        const q = document.querySelector('.queue-panel');
        const bar = document.querySelector('.timeline');
        const tallest = Math.max(...[...bar.children].map((e) => e.getBoundingClientRect().height));
        return {
          queue: !!q && q.scrollHeight <= q.clientHeight + 1,
          timelineOneRow: bar.clientHeight < 2 * tallest,
        };
      })()`);
      expect(fits, `${step}: in projector mode`).toEqual({ queue: true, timelineOneRow: true });
    } finally {
      await projector.click();
    }
    await expect.poll(() => page.locator('html').getAttribute('class')).not.toContain('projector');
  }

  /** The queue panel's numbers are the server's. */
  async function countsMatch(): Promise<LabState> {
    const shownNow = async () => ({
      totals: numbers(await queue().locator('.panel-note').textContent()),
      waiting: await waiting().count(),
      served: await served().count(),
      retrying: numbers(await retrying().locator('h3 .count').textContent())[0],
    });
    const expected = (s: LabState) => ({
      totals: [s.totals.connections, s.totals.reads],
      waiting: s.queue.length,
      served: s.served.length,
      retrying: s.retrying.length,
    });
    // The page follows the server a few milliseconds behind: wait until they agree.
    const end = Date.now() + 8_000;
    for (;;) {
      const state = await apiState();
      const seen = await shownNow();
      if (JSON.stringify(seen) === JSON.stringify(expected(state))) return state;
      if (Date.now() > end) expect(seen).toEqual(expected(state));
      await page.waitForTimeout(100);
    }
  }

  const codeSays = async (call: RegExp): Promise<void> => {
    await expect
      .poll(async () => (await codeLine().textContent()) ?? '', { timeout: 8_000 })
      .toMatch(call);
  };

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    dir = await mkdtemp(path.join(tmpdir(), 'echo-lab-lesson-'));
    lab = await startLab({ namePrograms: false });
    page = await lab.open({ viewport: VIEW, locale: 'es-CL' });
    await shown(page.getByRole('status').getByText('En vivo', { exact: true }));
  });

  afterAll(async () => {
    await writeFile(path.join(SHOTS, 'measured.json'), JSON.stringify(measured, null, 2));
    for (const raw of raws) raw.socket.destroy();
    await lab?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('3. the server waits: accept() marked, five free places of listen(5)', async () => {
    await codeSays(/accept\(\)/);
    await expect.poll(() => queue().locator('.slot:not(.is-taken)').count()).toBe(5);
    expect(await waiting().count()).toBe(0);
    await lookAt('03-empty');
  });

  it('4. step mode on before anyone connects; the queue stays in sight', async () => {
    await stepSwitch().click();
    await expect.poll(() => stepSwitch().getAttribute('aria-checked')).toBe('true');
    await until(() => lab.app.echo.settings.stepping);
    await lookAt('04-step-mode');
  });

  it('5. one client, step by step: it waits in place 1, Next step accepts it', async () => {
    const first = await connect();
    await shown(diagram().getByText(label(first)));
    await expect.poll(() => waiting().count()).toBe(1);
    await expect(waiting().first().textContent()).resolves.toContain(label(first));
    await expect.poll(() => next().isEnabled(), { timeout: 8_000 }).toBe(true);
    await lookAt('05a-waiting-in-place-1');
    await next().click();
    await expect.poll(() => served().count()).toBe(1);
    expect(await waiting().count()).toBe(0);
    await codeSays(/recv\(/);
    await lookAt('05b-accepted');
  });

  it('6. "hola" waits until Next step: recv (4 B), then sendall', async () => {
    const [first] = raws as [RawClient];
    first.send('hola');
    await expect.poll(() => next().isEnabled(), { timeout: 8_000 }).toBe(true);
    expect(first.received.length).toBe(0);
    // The bytes wait, visibly: on the served client, as many as the server holds unread.
    await shown(served().getByText('4 B sin leer'));
    await shown(served().locator('.chip-preview', { hasText: 'hola' }));
    await lookAt('06a-hola-waits');
    await lookAtProjected('06a-hola-waits-projector');
    await next().click();
    await expect.poll(() => served().locator('.chip-pending').count()).toBe(0);
    await shown(diagram().getByText(/4 B/));
    await shown(diagram().getByText(/hola/));
    await codeSays(/sendall\(/);
    await lookAt('06b-recv');
    await next().click();
    expect((await first.receive(4)).toString()).toBe('hola');
    await codeSays(/recv\(/);
    await countsMatch();
    await lookAt('06c-sendall');
  });

  it('7. step mode off: a few lines flow, echoed at once', async () => {
    await stepSwitch().click();
    await until(() => !lab.app.echo.settings.stepping);
    const [first] = raws as [RawClient];
    for (const line of ['uno\n', 'dos\n', 'tres\n']) first.send(line);
    await first.receive(4 + 4 + 4 + 5);
    await shown(diagram().getByText(/tres/));
    await countsMatch();
    await lookAt('07-flowing');
  });

  it('8. three more clients wait, each showing its unread bytes; the diagram only their connects', async () => {
    const sent = ['soy python', 'hola desde nc\n', 'tercero!'];
    const more: RawClient[] = [];
    for (const text of sent) more.push(await connect(text));
    await expect.poll(() => waiting().count()).toBe(3);
    for (const [i, raw] of more.entries()) {
      const chip = waiting().nth(i);
      await expect.poll(() => chip.textContent()).toContain(label(raw));
      // Its count, exact, as the server holds it.
      await expect
        .poll(async () => numbers(await chip.locator('.chip-pending').textContent())[0])
        .toBe(Buffer.byteLength(sent[i]!));
    }
    const state = await countsMatch();
    for (const raw of more) expect(state.clients[idOf(raw)]?.bytesIn).toBe(0);
    // No read of theirs is drawn: their lanes have their connect and nothing else.
    expect(
      lab.events.some((e) => e.type === 'data.read' && more.some((r) => idOf(r) === e.id)),
    ).toBe(false);
    await lookAt('08-queue-with-unread-bytes');
    await lookAtProjected('08-queue-with-unread-bytes-projector');
  });

  it('9. "desconectar": the close, then the next client is taken and its held bytes echoed', async () => {
    const [first, second] = raws as [RawClient, RawClient];
    first.send('desconectar\n');
    await first.waitEnded();
    expect((await second.receive(10)).toString()).toBe('soy python');
    await shown(diagram().getByText(/desconectar/));
    await expect.poll(() => served().first().textContent()).toContain(label(second));
    await expect.poll(() => waiting().count()).toBe(2);
    await countsMatch();
    await codeSays(/recv\(/);
    await lookAt('09-next-client-served');
  });

  it('10. seven connect at once: the places fill and the rest retry, with the reason shown', async () => {
    await Promise.all(Array.from({ length: 7 }, () => connect()));
    const state = await countsMatch();
    expect(state.queue.length).toBe(5);
    expect(state.retrying.length).toBe(4);
    await shown(retrying().locator('.hint'));
    await shown(retrying().locator('.chip').first());
    await lookAt('10-retrying');
    // The same crowd in projector mode, the size the room sees.
    await lookAtProjected('10-retrying-projector');
  });

  it('11. concurrent mode serves everyone; the page does not move; the timeline goes back and forth', async () => {
    await page.getByRole('tab', { name: /controles/i }).click();
    const before = await diagram().boundingBox();
    await page.getByRole('radio', { name: /concurrente/i }).click();
    await until(() => lab.app.echo.settings.mode === 'concurrent');
    await shown(page.locator('.top').getByText(/concurrente/i));
    // The header says the new mode without growing: the diagram stays where it was.
    expect(await diagram().boundingBox()).toEqual(before);
    await page.getByRole('tab', { name: /código/i }).click();
    const [, second] = raws as [RawClient, RawClient];
    // The loop takes the new mode at its next accept(): when the served client leaves.
    second.send('desconectar\n');
    await second.waitEnded();
    await until(() => lab.app.hub.lab.queue.length === 0 && lab.app.hub.lab.retrying.length === 0);
    const state = await countsMatch();
    expect(state.served.length).toBe(2 + 7);
    await lookAt('11a-concurrent');

    const bar = page.getByRole('region', { name: /línea de tiempo/i });
    const where = (): Promise<string | null> =>
      bar.getByRole('slider').getAttribute('aria-valuetext');
    const live = await where();
    await bar.getByRole('button', { name: /paso atrás/i }).click();
    await bar.getByRole('button', { name: /paso atrás/i }).click();
    const back = await where();
    expect(back).not.toBe(live);
    await bar.getByRole('button', { name: /paso adelante/i }).click();
    expect(await where()).not.toBe(back);
    await lookAt('11b-timeline-back');
    await bar.getByRole('button', { name: /en vivo/i }).click();
  });

  it('12. 3000 bytes: three reads of 1024, 1024 and 952', async () => {
    const sender = raws[2]!;
    const id = idOf(sender);
    sender.send(Buffer.alloc(3000, 0x61));
    await sender.receive(Buffer.byteLength('hola desde nc\n') + 3000);
    const reads = (): number[] =>
      lab.events.flatMap((e) =>
        e.type === 'data.read' && e.id === id && e.bytes > 100 ? [e.bytes] : [],
      );
    // The events reach the hub a moment after the echo reaches the client.
    await until(() => reads().length >= 3);
    expect(reads()).toEqual([1024, 1024, 952]);
    await shown(diagram().getByText(/952 B/));
    await countsMatch();
    await lookAt('12-three-reads');
  });

  it('13. a flood stays readable and exact, and another student still shows', async () => {
    const flooder = raws[3]!;
    let flooding = true;
    const chunk = Buffer.alloc(1024, 0x62);
    flooder.socket.on('data', () => flooding && flooder.socket.write(chunk));
    flooder.socket.write(chunk);
    await page.waitForTimeout(800);
    const other = raws[4]!;
    other.send('sigo aquí\n');
    await other.receive(Buffer.byteLength('sigo aquí\n'));
    await page.waitForTimeout(700);
    flooding = false;
    await shown(diagram().getByText(/sigo aquí/));
    await page.waitForTimeout(1_500);
    const state = await countsMatch();
    expect(state.totals.reads).toBeGreaterThan(100);
    await lookAt('13-flood');
    await lookAtProjected('13-flood-projector');
  });

  it('14. a reset and a client that vanishes: the page says who left and how', async () => {
    // Back to iterative, so the server waits in recv() on the silent one as the homework does.
    await page.getByRole('tab', { name: /controles/i }).click();
    await page.getByRole('radio', { name: /iterativo/i }).click();
    await until(() => lab.app.echo.settings.mode === 'iterative');
    await page.getByRole('tab', { name: /código/i }).click();
    const resetter = raws[5]!;
    const id = idOf(resetter);
    resetter.socket.resetAndDestroy();
    await until(() => lab.app.hub.lab.clients[id]?.reason === 'reset');
    await expect
      .poll(() =>
        diagram()
          .locator('text', { hasText: /RST|reset|reinici/i })
          .count(),
      )
      .toBeGreaterThan(0);
    await lookAt('14a-reset');

    // Everyone else leaves, then a client is served and goes silent (no FIN, no RST).
    for (const raw of raws.slice(2)) if (!raw.closed) raw.socket.end();
    await until(() => lab.app.hub.lab.served.length === 0 && lab.app.hub.lab.queue.length === 0);
    const silent = await connect();
    const after = await connect('me toca\n');
    await until(() => lab.app.hub.lab.served.includes(idOf(silent)));
    await codeSays(/recv\(/);
    const stuck = page.getByRole('status').filter({ hasText: label(silent) });
    await shown(stuck.first(), 12_000);
    await lookAt('14b-silent-client');
    await lookAtProjected('14b-silent-client-projector');
    await stuck
      .getByRole('button', { name: new RegExp(`desconectar.*${label(silent)}`, 'i') })
      .click();
    expect((await after.receive(8)).toString()).toBe('me toca\n');
    await countsMatch();
    await lookAt('14c-disconnected');
  });

  it('16. after class: HTML replay, Mermaid and PNG; the replay opens with no server', async () => {
    const exportAs = async (entry: RegExp): Promise<string> => {
      await page.getByRole('button', { name: /^exportar/i }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: entry }).click(),
      ]);
      const file = path.join(dir, download.suggestedFilename());
      await download.saveAs(file);
      return file;
    };
    const mermaid = await exportAs(/mermaid/i);
    const png = await exportAs(/png/i);
    const html = await exportAs(/html/i);
    expect(await readFile(mermaid, 'utf8')).toMatch(/^sequenceDiagram$/m);
    expect((await readFile(png)).subarray(1, 4).toString()).toBe('PNG');

    const replay = await page.context().newPage();
    await replay.setViewportSize(VIEW);
    await replay.goto(`file://${html}`);
    await shown(replay.getByRole('img', { name: /diagrama/i }));
    await expect.poll(() => replay.locator('.sd-row').count()).toBeGreaterThan(0);
    // Its times are clocks since the start, whole: m:ss,mmm.
    const times = await replay.locator('text.sd-time').allTextContents();
    expect(times.filter((t) => /^\d+:\d\d,\d{3}$/.test(t)).length).toBeGreaterThan(0);
    await settled(replay);
    await replay.screenshot({ path: path.join(SHOTS, '16-html-replay.png') });
    const overflow = await replay.evaluate<number>(
      'document.documentElement.scrollWidth - innerWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await replay.close();

    // The session as JSON, opened on the live page: the timeline bar keeps its one row.
    const json = await exportAs(/json/i);
    const bar = page.getByRole('region', { name: /línea de tiempo/i });
    const before = await bar.boundingBox();
    await page.getByLabel(/abrir sesión/i, { exact: true }).setInputFiles(json);
    await shown(page.getByRole('status').getByText(/sesión guardada/i));
    await lookAt('16b-saved-session-open');
    expect((await bar.boundingBox())?.height).toBeCloseTo(before?.height ?? 0, 0);
    expect(problems(lab)).toEqual([]);
  });
});
