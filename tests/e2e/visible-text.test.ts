// What is shown is what was sent, in a real Chromium: a raw client's bidi override and
// zero-width space reach the diagram, the log, a web client's card and the Mermaid and SVG
// exports as escapes, never as characters that reorder or vanish.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/tcp.ts';
import { closeLabAfter, shown, startLab, until, type Lab } from './helpers.ts';

const RAW = /[\u202E\u200B]/;
const FILE = 'gnp\u202Eexe.png\n';
const LOOK_ALIKE = 'desco\u200Bnectar\n';

describe('bidi and zero-width characters on the page', () => {
  let lab: Lab;
  let page: Page;
  let dir: string;
  const raws: RawClient[] = [];

  async function exportAs(entry: RegExp): Promise<string> {
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: entry }).click(),
    ]);
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    return readFile(file, 'utf8');
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'echo-lab-visible-'));
    lab = await startLab({ namePrograms: false, mode: 'concurrent' });
    page = await lab.open();
    await shown(page.getByRole('status').getByText('Live', { exact: true }));
    const raw = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(raw);
    for (const [i, text] of [FILE, LOOK_ALIKE].entries()) {
      raw.send(text);
      await raw.receive(Buffer.byteLength(FILE) + (i ? Buffer.byteLength(text) : 0));
      // Apart, so the diagram draws each read rather than one summary.
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  closeLabAfter(() => lab, raws);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the diagram and the log show the escapes, and the look-alike as a plain read', async () => {
    const diagram = page.getByRole('img', { name: 'Sequence diagram' });
    await shown(diagram.getByText('"gnp\\u{202E}exe.png\\n"', { exact: false }));
    await shown(diagram.getByText('"desco\\u{200B}nectar\\n"', { exact: false }));
    expect(await diagram.getByText(/disconnect word/).count()).toBe(0);
    expect(lab.events.some((e) => e.type === 'client.word' || e.type === 'client.closed')).toBe(
      false,
    );
    await page.getByRole('tab', { name: 'Log' }).click();
    const log = page.getByRole('list', { name: 'Events, newest first' });
    await shown(log.getByText('gnp\\u{202E}exe.png', { exact: false }));
    await shown(log.getByText('desco\\u{200B}nectar', { exact: false }));
    expect(String(await page.evaluate('document.body.textContent'))).not.toMatch(RAW);
  });

  it("a web client's card shows its name and its messages escaped", async () => {
    await page.getByRole('textbox', { name: 'Name (optional)' }).fill('Ana\u202Egnp');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const card = page.getByRole('article');
    await shown(card.getByText('Ana\\u{202E}gnp', { exact: true }));
    await card.getByRole('textbox', { name: 'Message' }).fill('desco\u200Bnectar');
    await card.getByRole('button', { name: 'Send', exact: true }).click();
    const exchanges = card.getByRole('list', { name: 'Messages and echoes' });
    const escaped = exchanges.getByText('desco\\u{200B}nectar', { exact: true });
    await until(() => lab.events.filter((e) => e.type === 'data.echoed').length >= 3);
    await expect.poll(() => escaped.count()).toBe(2);
    expect(String(await page.evaluate('document.body.textContent'))).not.toMatch(RAW);
  });

  it('the Mermaid and SVG exports carry the escapes, not the characters', async () => {
    const mermaid = await exportAs(/^Mermaid/);
    expect(mermaid).toContain('#34;gnp\\u#123;202E#125;exe.png\\n#34;');
    expect(mermaid).toContain('#34;desco\\u#123;200B#125;nectar\\n#34;');
    expect(mermaid).not.toMatch(RAW);
    const svg = await exportAs(/^SVG/);
    expect(svg).toContain('gnp\\u{202E}exe.png\\n');
    expect(svg).toContain('desco\\u{200B}nectar\\n');
    expect(svg).not.toMatch(RAW);
  });
});
