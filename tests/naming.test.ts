import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import type { ControlCommand, ControlResult } from '../shared/protocol.ts';
import { eventually, startApp } from './support/app.ts';
import { closeOpenedAfterEach } from './support/opened.ts';
import { connectViewer, pageUrl, type ConnectResult } from './support/probes.ts';

const TOKEN = 'teacher-token-321';
const { opened, track } = closeOpenedAfterEach();

describe('a page names its own clients', () => {
  let app: Application;
  beforeAll(async () => {
    app = await startApp({ lan: true, token: TOKEN, namePrograms: false });
  });
  afterAll(() => app.close());

  const send = (page: ConnectResult['socket'], command: unknown): Promise<ControlResult> =>
    page.timeout(3_000).emitWithAck('control', command as ControlCommand);

  /** A raw client from `local` (any 127.x address is this machine on Linux); its lab id. */
  async function rawFrom(local: string): Promise<number> {
    const socket = net.connect({
      host: '127.0.0.1',
      port: app.addresses.echoPort,
      localAddress: local,
    });
    opened.push({ close: () => socket.destroy() });
    await new Promise((resolve) => socket.once('connect', resolve));
    const port = socket.localPort;
    await eventually(() => Object.values(app.hub.lab.clients).some((c) => c.port === port));
    return Object.values(app.hub.lab.clients).find((c) => c.port === port)!.id;
  }

  async function page(auth?: Record<string, unknown>) {
    const viewer = await connectViewer(pageUrl(app), auth ? { auth } : {});
    track(viewer.socket);
    return viewer;
  }

  it('tells each page its own address', async () => {
    const student = await page();
    expect(student.snapshot?.yourAddress).toBe('127.0.0.1');
  });

  it('lets a student name a client from their address, escaped, and no one else’s', async () => {
    const student = await page();
    const mine = await rawFrom('127.0.0.1');
    const theirs = await rawFrom('127.0.0.2');

    expect(
      await send(student.socket, {
        type: 'name',
        id: mine,
        name: '  Ana\u202E  la   de atrás que escribe mucho  ',
      }),
    ).toEqual({ ok: true });
    await eventually(() => app.hub.lab.clients[mine]?.label.startsWith('Ana\\u{202E}') ?? false);
    expect(Array.from(app.hub.lab.clients[mine]!.label).length).toBeLessThanOrEqual(24 + 8);

    const refused = await send(student.socket, { type: 'name', id: theirs, name: 'Beto' });
    expect(refused).toEqual({
      ok: false,
      error: 'you can only name clients from your own address',
    });
    for (const [command, error] of [
      [{ type: 'name', id: mine, name: '   ' }, /at least one letter/],
      [{ type: 'name', id: mine }, /needs a "name"/],
      [{ type: 'name', id: '1', name: 'x' }, /needs a client id/],
      [{ type: 'name', id: 99_999, name: 'x' }, /no open client/],
    ] as const) {
      expect(await send(student.socket, command)).toMatchObject({
        ok: false,
        error: expect.stringMatching(error),
      });
    }
    // Every other command is still the teacher's alone.
    expect(await send(student.socket, { type: 'hideName', id: mine, hidden: true })).toEqual({
      ok: false,
      error: 'only the teacher can do that',
    });

    const teacher = await page({ token: TOKEN });
    expect(await send(teacher.socket, { type: 'name', id: theirs, name: 'Beto' })).toEqual({
      ok: true,
    });
    await eventually(() => app.hub.lab.clients[theirs]?.label === 'Beto');
  });

  it('keeps a name the teacher hid hidden, whatever it is renamed to', async () => {
    const student = await page();
    const teacher = await page({ token: TOKEN });
    const mine = await rawFrom('127.0.0.1');
    expect(await send(teacher.socket, { type: 'hideName', id: mine, hidden: true })).toEqual({
      ok: true,
    });
    expect(await send(student.socket, { type: 'name', id: mine, name: 'otra cosa' })).toEqual({
      ok: true,
    });
    await eventually(() => app.hub.lab.clients[mine]?.label === 'otra cosa');
    expect(app.hub.lab.moderation.names).toContain(mine);
  });

  it('takes one name per client every two seconds, so a loop cannot fill the log', async () => {
    const student = await page();
    const [a, b] = [await rawFrom('127.0.0.1'), await rawFrom('127.0.0.1')];
    const seq = app.hub.lab.seq;
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(await send(student.socket, { type: 'name', id: a, name: `n${i}` }));
    expect(answers[0]).toEqual({ ok: true });
    for (const answer of answers.slice(1)) {
      expect(answer).toEqual({ ok: false, error: 'wait a moment before naming it again' });
    }
    expect(await send(student.socket, { type: 'name', id: b, name: 'otro' })).toEqual({ ok: true });
    await eventually(() => app.hub.lab.clients[b]?.label === 'otro');
    const names = app.hub.recent(50).filter((e) => e.seq > seq && e.type === 'client.named');
    expect(names).toHaveLength(2);
  });
});
