// The teacher's moderation on real sockets: hiding a message or a name goes through the
// event stream, a blocked address is refused by the echo server (raw TCP) and by the byte
// bridge (web forms), and nobody but the teacher may do any of it.

import net from 'node:net';
import { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import {
  BridgeClose,
  type ControlCommand,
  type ControlResult,
  type LabEvent,
} from '../shared/protocol.ts';
import { bridgeClient, eventually, startApp } from './support/app.ts';
import { closeOpenedAfterEach } from './support/opened.ts';
import { connectViewer, pageUrl, pause, type ConnectResult } from './support/probes.ts';
import { RawClient } from './support/tcp.ts';

const TOKEN = 'teacher-token-456';
/** Another loopback address: this machine, but not the one its own pages and dials use. */
const OTHER = '127.0.0.2';

const { opened, track } = closeOpenedAfterEach();

let app: Application;
let teacher: ConnectResult['socket'];
beforeAll(async () => {
  // Hundreds of commands in a row: more than a page may send by default, on purpose here.
  app = await startApp({
    lan: true,
    token: TOKEN,
    namePrograms: false,
    limits: { commandsPerSecond: 1000 },
  });
  const page = await connectViewer(pageUrl(app), { auth: { token: TOKEN } });
  teacher = page.socket;
  // Every test's clients are served at once, whatever earlier tests left open.
  await control(teacher, { type: 'configure', settings: { mode: 'concurrent' } });
});
afterEach(async () => {
  // A failed test must not leave its addresses blocked for the next.
  for (const address of app.hub.lab.moderation.blocked) {
    await control(teacher, { type: 'unblock', address });
  }
});
afterAll(async () => {
  teacher.close();
  await app.close();
});

const control = (page: ConnectResult['socket'], command: unknown): Promise<ControlResult> =>
  page.timeout(3_000).emitWithAck('control', command as ControlCommand);

/** A raw client bound to `localAddress`, collecting what it receives. */
function rawFrom(localAddress: string): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const port = app.addresses.echoPort;
    const socket = net.connect({ host: '127.0.0.1', port, localAddress, allowHalfOpen: true });
    opened.push({ close: () => socket.destroy() });
    socket.once('error', reject);
    // RawClient.connect cannot bind a local address; its constructor is private to that.
    const Client = RawClient as unknown as new (s: net.Socket) => RawClient;
    socket.once('connect', () => resolve(new Client(socket)));
  });
}

const since = (seq: number): LabEvent[] => app.hub.recent(600).filter((e) => e.seq > seq);

async function served(client: RawClient, text: string): Promise<number> {
  client.send(text);
  await client.receive(text.length);
  const port = client.localPort;
  // Known to the hub, its echo included: events cross from the echo thread in batches.
  const view = () => Object.values(app.hub.lab.clients).find((c) => c.port === port);
  await eventually(() => (view()?.echoes ?? 0) > 0);
  return view()!.id;
}

describe('blocking an address', () => {
  it('disconnects its raw clients and refuses them with one line, others still served', async () => {
    const first = await rawFrom(OTHER);
    const id = await served(first, 'hola');
    const local = await RawClient.connect(app.addresses.echoPort);
    opened.push({ close: () => local.socket.destroy() });

    expect(await control(teacher, { type: 'block', address: OTHER })).toEqual({ ok: true });
    await first.waitEnded();
    await eventually(() => app.hub.lab.clients[id]?.reason === 'kicked');
    expect(app.hub.lab.moderation.blocked).toEqual([OTHER]);

    // The student reconnects at once: one line saying why, then closed.
    const seq = app.hub.lab.seq;
    const again = await rawFrom(OTHER);
    await again.waitEnded();
    expect(again.received.toString()).toBe(
      'echo-lab: your address is blocked by the teacher for this session\r\n',
    );
    await eventually(() => since(seq).some((e) => e.type === 'client.refused'));
    expect(since(seq).find((e) => e.type === 'client.refused')).toMatchObject({
      address: OTHER,
      cause: 'blocked',
    });
    const entered = since(seq).filter((e) => e.type === 'client.connected');
    expect(entered.filter((e) => e.client.address === OTHER)).toEqual([]);

    // 127.0.0.1 is another address: still served.
    local.send('still here');
    expect((await local.receive(10)).toString()).toBe('still here');

    expect(await control(teacher, { type: 'unblock', address: OTHER })).toEqual({ ok: true });
    const back = await rawFrom(OTHER);
    await served(back, 'back');
    expect(app.hub.lab.moderation.blocked).toEqual([]);
    expect(await control(teacher, { type: 'unblock', address: OTHER })).toMatchObject({
      ok: false,
    });
  });

  it("blocks this machine's raw clients only, never its own web forms and bots", async () => {
    expect(await control(teacher, { type: 'block', address: '127.0.0.1' })).toEqual({ ok: true });
    const raw = await rawFrom('127.0.0.1');
    await raw.waitEnded();
    expect(raw.received.toString()).toMatch(/^echo-lab: your address is blocked/);

    // Each waits to be known before it may come in, then comes in by its name.
    const web = await bridgeClient(app, '?name=Projector');
    track({ close: () => web.ws.close() });
    const { id } = await web.hello;
    expect(app.hub.lab.clients[id]).toMatchObject({ kind: 'web', label: 'Projector' });
    web.ws.send('hola');
    expect((await web.receive(4)).toString()).toBe('hola');
    const bots = { type: 'bots', count: 1, messages: 1, intervalMs: 50 };
    expect(await control(teacher, bots)).toEqual({ ok: true });
    const bot = () => Object.values(app.hub.lab.clients).findLast((c) => c.kind === 'bot');
    await eventually(() => bot()?.reason === 'word');
    expect(bot()?.echoes).toBe(1);
  });

  it('sums up a blocked client retrying in a loop, every refusal counted', async () => {
    expect(await control(teacher, { type: 'block', address: OTHER })).toEqual({ ok: true });
    const refusedBefore = app.hub.lab.totals.refused;
    const seq = app.hub.lab.seq;
    const TRIES = 200;
    for (let i = 0; i < TRIES; i++) {
      const again = await rawFrom(OTHER);
      await again.waitEnded();
      expect(again.received.toString()).toMatch(/^echo-lab: your address is blocked/);
    }
    // The first at once, the rest within a period (1 s), each event with its count.
    await eventually(() => app.hub.lab.totals.refused === refusedBefore + TRIES, 3_000);
    const reports = since(seq).filter((e) => e.type === 'client.refused');
    expect(reports.length).toBeLessThanOrEqual(4);
    expect(reports[0]).toMatchObject({ address: OTHER, cause: 'blocked' });
    expect(reports[0]).not.toHaveProperty('count');
    expect(reports.reduce((n, e) => n + (e.count ?? 1), 0)).toBe(TRIES);
  });

  it('refuses web forms from a blocked page address, and closes those open', async () => {
    const fromOther = (query: string) =>
      new Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }>(
        (resolve, reject) => {
          const ws = new WebSocket(`ws://127.0.0.1:${app.addresses.webPort}/tcp${query}`, {
            localAddress: OTHER,
          });
          track({ close: () => ws.terminate() });
          const closed = new Promise<{ code: number; reason: string }>((done) =>
            ws.on('close', (code, reason) => done({ code, reason: reason.toString() })),
          );
          ws.once('open', () => resolve({ ws, closed })).once('error', reject);
        },
      );
    const open = await fromOther('?name=Ana');
    await eventually(() =>
      Object.values(app.hub.lab.clients).some((c) => c.label === 'Ana' && c.phase !== 'closed'),
    );
    const ana = Object.values(app.hub.lab.clients).find((c) => c.label === 'Ana')!;
    // A web form carries its page's address, so the teacher can block it from the client.
    expect(ana).toMatchObject({ kind: 'web', address: OTHER });

    expect(await control(teacher, { type: 'block', address: ana.address })).toEqual({ ok: true });
    await open.closed;
    await eventually(() => app.hub.lab.clients[ana.id]?.phase === 'closed');

    const refused = await fromOther('?name=Ana');
    expect(await refused.closed).toEqual({
      code: BridgeClose.blocked,
      reason: 'your address is blocked by the teacher for this session',
    });
    // A page on this machine's own address keeps its web forms.
    const mine = await bridgeClient(app, '?name=Teacher');
    track({ close: () => mine.ws.close() });
    await mine.hello;
    expect(await control(teacher, { type: 'unblock', address: OTHER })).toEqual({ ok: true });
  });

  it('refuses a bad address and keeps the list bounded', async () => {
    for (const address of ['', 'not an ip', 42, 'x'.repeat(100), null]) {
      expect(await control(teacher, { type: 'block', address })).toMatchObject({ ok: false });
    }
    const results: ControlResult[] = [];
    for (let i = 0; i < 257; i++) {
      results.push(await control(teacher, { type: 'block', address: `10.0.${i >> 8}.${i & 255}` }));
    }
    expect(results.slice(0, 256).every((r) => r.ok)).toBe(true);
    expect(results[256]).toEqual({ ok: false, error: 'at most 256 blocked addresses' });
    await eventually(() => app.hub.lab.moderation.blocked.length === 256);
    for (let i = 0; i < 256; i++) {
      await control(teacher, { type: 'unblock', address: `10.0.${i >> 8}.${i & 255}` });
    }
    await eventually(() => app.hub.lab.moderation.blocked.length === 0);
  });
});

describe('hiding', () => {
  it('hides a message and a name for every page, late ones too, and shows them again', async () => {
    const client = await RawClient.connect(app.addresses.echoPort);
    opened.push({ close: () => client.socket.destroy() });
    const id = await served(client, 'an insult');
    const read = app.hub
      .recent(600)
      .findLast((e) => e.type === 'data.read' && e.id === id) as LabEvent;
    const echo = app.hub.recent(600).findLast((e) => e.type === 'data.echoed') as LabEvent;

    expect(await control(teacher, { type: 'hideMessage', seq: read.seq, hidden: true })).toEqual({
      ok: true,
    });
    expect(await control(teacher, { type: 'hideName', id, hidden: true })).toEqual({ ok: true });
    // Only reads, words and bursts have a preview to hide; only known clients a name.
    expect(await control(teacher, { type: 'hideMessage', seq: echo.seq, hidden: true })).toEqual({
      ok: false,
      error: `no message ${echo.seq} in the recent events`,
    });
    expect(await control(teacher, { type: 'hideName', id: 99_999, hidden: true })).toMatchObject({
      ok: false,
    });
    await eventually(() => app.hub.lab.moderation.names.includes(id));

    const late = await connectViewer(pageUrl(app));
    track(late.socket);
    expect(late.snapshot?.state.moderation).toMatchObject({
      messages: [read.seq],
      names: [id],
    });
    // The data keeps the truth: the bytes and the preview are still there, marked hidden.
    expect(late.snapshot?.history.find((e) => e.seq === read.seq)).toMatchObject({
      bytes: 9,
      preview: 'an insult',
    });

    await control(teacher, { type: 'hideMessage', seq: read.seq, hidden: false });
    await control(teacher, { type: 'hideName', id, hidden: false });
    await eventually(() => app.hub.lab.moderation.names.length === 0);
    expect(app.hub.lab.moderation.messages).toEqual([]);
  });

  it('refuses every moderation command from a page without the token', async () => {
    const client = await RawClient.connect(app.addresses.echoPort);
    opened.push({ close: () => client.socket.destroy() });
    const id = await served(client, 'hey');
    const read = app.hub.recent(600).findLast((e) => e.type === 'data.read') as LabEvent;
    const student = await connectViewer(pageUrl(app));
    track(student.socket);
    expect(student.snapshot?.role).toBe('viewer');
    const seq = app.hub.lab.seq;
    for (const command of [
      { type: 'hideMessage', seq: read.seq, hidden: true },
      { type: 'hideName', id, hidden: true },
      { type: 'block', address: '127.0.0.1' },
      { type: 'unblock', address: '127.0.0.1' },
    ]) {
      expect(await control(student.socket, command)).toEqual({
        ok: false,
        error: 'only the teacher can do that',
      });
    }
    await pause(100);
    expect(since(seq)).toEqual([]);
    client.send('!');
    expect((await client.receive(4)).toString()).toBe('hey!');
  });
});
