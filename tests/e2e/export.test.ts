// Exports of a real session: Mermaid text, SVG and PNG of the whole diagram, the session
// as JSON, and a replay page that opens from disk with no server and no network, where
// the JSON opens too and the timeline replays it.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/tcp.ts';
import { problems, shown, snap, startLab, until, type Lab } from './helpers.ts';

describe('export and replay', () => {
  let lab: Lab;
  let page: Page;
  let dir: string;
  let serverOpen = true;
  const raws: RawClient[] = [];
  const files = new Map<string, string>();
  const label = (raw: RawClient): string => `127.0.0.1:${raw.localPort}`;

  /** Chooses an entry of the Export menu and keeps the file it downloads. */
  async function exportAs(entry: RegExp, key: string): Promise<string> {
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: entry }).click(),
    ]);
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    files.set(key, file);
    return file;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'echo-lab-export-'));
    lab = await startLab({ namePrograms: false });
    page = await lab.open();
    await shown(page.getByRole('status').getByText('Live', { exact: true }));
    const first = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(first);
    // Spaced out, so the diagram draws each message (not one summary) and outgrows the view.
    for (let i = 1; i <= 9; i++) {
      first.send(`m0${i} hola mundo\n`);
      await first.receive(15 * i);
      await new Promise((r) => setTimeout(r, 300));
    }
    raws.push(await RawClient.connect(lab.app.addresses.echoPort));
    await until(() => lab.events.filter((e) => e.type === 'client.connected').length === 2);
    await shown(page.getByRole('img', { name: 'Sequence diagram' }).getByText(label(raws[1]!)));
  });

  afterAll(async () => {
    for (const raw of raws) raw.socket.destroy();
    await lab?.browser.close();
    if (serverOpen) await lab?.app.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(problems(lab)).toEqual([]);
  });

  it('Mermaid: a sequenceDiagram with the participants and exact byte counts', async () => {
    const text = await readFile(await exportAs(/^Mermaid/, 'mermaid'), 'utf8');
    expect(text).toContain('\nsequenceDiagram\n');
    expect(text).toMatch(/participant S as server 127\.0\.0\.1#58;\d+/);
    for (const raw of raws) {
      expect(text).toContain(`as ${label(raw).replace(':', '#58;')}`);
    }
    expect(text).toContain('->>S: recv → 15 B · #34;m01 hola mundo\\n#34;');
    expect(text).toContain('S-->>C1: sendall 15 B');
  });

  it('SVG and PNG: the whole session, well-formed', async () => {
    const svg = await readFile(await exportAs(/^SVG/, 'svg'), 'utf8');
    const parsed = await page.evaluate(`(() => {
      const doc = new DOMParser().parseFromString(${JSON.stringify(svg)}, 'image/svg+xml');
      return {
        root: doc.documentElement.nodeName,
        errors: doc.getElementsByTagName('parsererror').length,
        rows: doc.querySelectorAll('[data-seq]').length,
        classes: doc.querySelectorAll('[class]').length,
      };
    })()`);
    expect(parsed).toEqual({ root: 'svg', errors: 0, rows: expect.any(Number), classes: 0 });
    expect((parsed as { rows: number }).rows).toBeGreaterThan(20);
    // Rows long scrolled out of the page's view are in the file too.
    expect(svg).toContain('m01 hola mundo');
    expect(svg).toContain('m09 hola mundo');

    const png = await readFile(await exportAs(/^PNG/, 'png'));
    // With E2E_SCREENSHOTS, keep the images for a person to look at, like the screenshots.
    const shots = process.env.E2E_SCREENSHOTS;
    if (shots) {
      await writeFile(path.join(shots, 'export-diagram.png'), png);
      await writeFile(path.join(shots, 'export-diagram.svg'), svg);
    }
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBeGreaterThan(500);
    expect(png.readUInt32BE(20)).toBeGreaterThan(1000);
  });

  it('JSON: opens on the live page as a saved session, and back to live', async () => {
    const file = await exportAs(/^Session \(JSON\)/, 'json');
    const saved = JSON.parse(await readFile(file, 'utf8')) as {
      format: string;
      events: { seq: number; type: string }[];
    };
    expect(saved.format).toBe('echo-lab-session');
    // Every event of the run, from the server's start (which the test's own record missed).
    expect(saved.events[0]!.type).toBe('server.started');
    expect(saved.events.map((e) => e.seq).slice(1)).toEqual(lab.events.map((e) => e.seq));

    await page.getByLabel('Open session', { exact: true }).setInputFiles(file);
    await shown(page.getByRole('status').getByText('Saved session', { exact: true }));
    const queue = page.getByRole('region', { name: 'Accept queue' });
    await shown(queue.getByRole('list', { name: /^Waiting/ }).getByText(label(raws[1]!)));
    expect(await page.getByRole('button', { name: 'Connect', exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Back to live', exact: true }).click();
    await shown(page.getByRole('status').getByText('Live', { exact: true }));
  });

  it('a bad file gets a clear message and the page carries on', async () => {
    const bad = path.join(dir, 'notes.json');
    await writeFile(bad, '{"format":"other"}');
    await page.getByLabel('Open session', { exact: true }).setInputFiles(bad);
    const alert = page.getByRole('alert');
    await shown(alert.getByText('That file is not an Echo Lab session.'));
    await shown(page.getByRole('status').getByText('Live', { exact: true }));
    await alert.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await alert.waitFor({ state: 'detached' });
  });

  it('HTML: replays from disk with no server and no network, and opens the JSON', async () => {
    const file = await exportAs(/^HTML \(replay\)/, 'html');
    // The live page goes first, so its reconnection attempts do not count as its errors.
    await page.context().close();
    await lab.app.close();
    serverOpen = false;

    const context = await lab.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const replay = await context.newPage();
    const seen: string[] = [];
    const errors: string[] = [];
    replay.on('request', (request) => seen.push(request.url()));
    replay.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    replay.on('pageerror', (e) => errors.push(e.message));
    await replay.goto(`file://${file}`);

    await shown(replay.getByRole('status').getByText('Saved session', { exact: true }));
    const diagram = replay.getByRole('img', { name: 'Sequence diagram' });
    await shown(diagram.getByText(/m09 hola mundo\\n/));
    await shown(diagram.getByText(label(raws[1]!)));
    await snap(replay, 'export-replay');

    // The timeline replays it: the oldest event, then play to the end.
    const bar = replay.getByRole('region', { name: 'Timeline' });
    await replay.keyboard.press('Home');
    await shown(diagram.getByText(/^server listening on/));
    expect(await diagram.getByText(/m09 hola mundo/).count()).toBe(0);
    await bar.getByRole('combobox', { name: 'Speed' }).selectOption('4');
    await bar.getByRole('button', { name: 'Play', exact: true }).click();
    await shown(diagram.getByText(/m09 hola mundo\\n/), 15_000);

    // A saved JSON opens here too, with no server anywhere.
    await replay.getByLabel('Open session', { exact: true }).setInputFiles(files.get('json')!);
    await shown(diagram.getByText(label(raws[0]!)));

    expect(seen.filter((url) => !/^(file|data|blob):/.test(url))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
