// Lanes in a real Chromium: clients keep their columns while others come and go, and no
// arrow's label is drawn over another client's lifeline.

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/tcp.ts';
import { closeLabAfter, shown, snap, startLab, until, type Lab } from './helpers.ts';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

// Plain JavaScript strings run in the page (the tests have no DOM types).

/** Each client lane header's centre, by client id. */
const LANE_XS = `(() => {
  const out = {};
  for (const g of document.querySelectorAll('.sd-lane[data-client]')) {
    const box = g.querySelector('.sd-lane-box').getBBox();
    out[g.dataset.client] = box.x + box.width / 2;
  }
  return out;
})()`;

/** The labels of client arrows, and every client's lifeline pieces, in the body's pixels. */
const DRAWN = `(() => {
  const box = (e) => { const b = e.getBBox(); return { x: b.x, y: b.y, width: b.width, height: b.height }; };
  const labels = [...document.querySelectorAll('.sd-body .sd-row[data-client]')].map((row) => ({
    client: row.dataset.client,
    text: row.querySelector('.sd-label').textContent,
    box: box(row.querySelector('.sd-label')),
  }));
  const lives = [...document.querySelectorAll('.sd-body .sd-life[data-client]')].map((g) => ({
    client: g.dataset.client,
    box: box(g.firstElementChild),
  }));
  return { labels, lives };
})()`;

/** Each client lifeline's centre, by client id. */
const LIFE_XS = `(() => {
  const out = {};
  for (const g of document.querySelectorAll('.sd-body .sd-life[data-client]')) {
    const box = g.firstElementChild.getBBox();
    out[g.dataset.client] = box.x + box.width / 2;
  }
  return out;
})()`;

const lifeXs = async (page: Page): Promise<Record<string, number>> =>
  await page.evaluate<Record<string, number>>(LIFE_XS);

const laneXs = async (page: Page): Promise<Record<string, number>> =>
  await page.evaluate<Record<string, number>>(LANE_XS);

interface Drawn {
  labels: { client: string; text: string; box: Box }[];
  lives: { client: string; box: Box }[];
}

const drawn = async (page: Page): Promise<Drawn> => await page.evaluate<Drawn>(DRAWN);

/** Each lane header's texts that reach past its box: "name: text", in the header's pixels. */
const SPILLS = `(() => {
  const out = [];
  for (const g of document.querySelectorAll('.sd-lane')) {
    const box = g.querySelector('.sd-lane-box').getBBox();
    for (const t of g.querySelectorAll('text')) {
      const b = t.getBBox();
      if (b.x < box.x || b.x + b.width > box.x + box.width) out.push(g.dataset.lane + ': ' + t.textContent);
    }
  }
  return out;
})()`;

const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + Math.max(b.width, 1) &&
  b.x < a.x + a.width &&
  a.y < b.y + Math.max(b.height, 1) &&
  b.y < a.y + a.height;

describe('lanes in the browser', () => {
  let lab: Lab;
  let page: Page;
  const raws: RawClient[] = [];
  const connect = async (): Promise<RawClient> => {
    const raw = await RawClient.connect(lab.app.addresses.echoPort);
    raws.push(raw);
    return raw;
  };
  /** The client's id, once the server has told of its connection. */
  const idOf = async (raw: RawClient): Promise<number> => {
    let id: number | undefined;
    await until(() => {
      const e = lab.events.find(
        (x) => x.type === 'client.connected' && x.client.port === raw.localPort,
      );
      id = e?.type === 'client.connected' ? e.client.id : undefined;
      return id !== undefined;
    });
    return id as number;
  };

  beforeAll(async () => {
    lab = await startLab({ namePrograms: false, mode: 'concurrent' });
    page = await lab.open();
    await shown(page.getByRole('status').getByText('Live', { exact: true }));
  });

  closeLabAfter(() => lab, raws);

  it('keeps the living in their columns; a newcomer takes a closed one', async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    const [ida, idb, idc] = [await idOf(a), await idOf(b), await idOf(c)];
    const lanes = () => page.locator('.sd-lane[data-client]');
    await shown(page.locator(`.sd-lane[data-client="${idc}"]`));
    const before = await laneXs(page);
    expect(await lanes().count()).toBe(3);

    a.send('desconectar\n');
    await shown(page.locator(`.sd-row[data-kind="close"][data-client="${ida}"]`));
    const d = await connect();
    const idd = await idOf(d);
    await shown(page.locator(`.sd-life[data-client="${idd}"]`));
    const after = await laneXs(page);
    expect(after[idb]).toBe(before[idb]);
    expect(after[idc]).toBe(before[idc]);
    // The newcomer's lifeline runs in the column the closed client left.
    expect((await lifeXs(page))[idd]).toBe(before[ida]);
  });

  it("keeps each lane's name and caption inside its box, at projector size too", async () => {
    // Four clients narrow the lanes of a 1280-px page; their captions are the longest words.
    await connect();
    await until(() => lab.app.hub.lab.served.length === 4);
    await shown(page.locator('.sd-lane[data-client]').nth(3));
    expect(await page.evaluate<string[]>(SPILLS)).toEqual([]);
    const projector = page.getByRole('switch', { name: 'Projector mode' });
    await projector.click();
    expect(await page.locator('html').getAttribute('class')).toContain('projector');
    await expect.poll(() => page.evaluate<string[]>(SPILLS)).toEqual([]);
    await projector.click();
  });

  it('draws no label over another client lifeline', async () => {
    // The last client, its lane farthest from the server, says something long; so do all.
    const long = 'una frase bastante larga para cruzar otras columnas';
    for (const raw of raws.slice(1)) raw.send(`${long} ${raw.localPort}\n`);
    await until(() => lab.events.filter((e) => e.type === 'data.echoed').length >= 3);
    await shown(page.locator('.sd-row[data-kind="echo"]').nth(2));
    await snap(page, 'lanes-labels');
    const { labels, lives } = await drawn(page);
    expect(labels.length).toBeGreaterThan(5);
    for (const label of labels) {
      for (const life of lives) {
        if (life.client === label.client) continue;
        expect(
          overlaps(label.box, life.box),
          `"${label.text}" (client ${label.client}) covers client ${life.client}'s lifeline`,
        ).toBe(false);
      }
    }
  });
});
