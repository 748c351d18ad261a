import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import { DEFAULTS, type ControlCommand, type ControlResult } from '../shared/protocol.ts';
import { eventually, startApp } from './support/app.ts';
import { closeOpenedAfterEach } from './support/opened.ts';
import { connectViewer, type ConnectResult, httpGet, pageUrl, pause } from './support/probes.ts';
import { RawClient } from './support/tcp.ts';

const TOKEN = 'teacher-token-123';

const { opened, track } = closeOpenedAfterEach();

describe('classroom mode', () => {
  let app: Application;
  // Loopback even in --lan mode: the test must not listen on the machine's other interfaces.
  beforeAll(async () => {
    app = await startApp({ lan: true, token: TOKEN, namePrograms: false });
  });
  afterAll(() => app.close());

  /** Sends a command as a page would; `command` is unchecked on purpose. */
  const control = (page: ConnectResult['socket'], command: unknown): Promise<ControlResult> =>
    page.timeout(3_000).emitWithAck('control', command as ControlCommand);

  async function servedRaw(): Promise<{ client: RawClient; id: number }> {
    const client = await RawClient.connect(app.addresses.echoPort);
    opened.push({ close: () => client.socket.destroy() });
    const port = client.localPort;
    client.send('hello');
    await client.receive(5);
    await eventually(() => Object.values(app.hub.lab.clients).some((c) => c.port === port));
    const view = Object.values(app.hub.lab.clients).find((c) => c.port === port)!;
    return { client, id: view.id };
  }

  it('makes a page without the token a viewer whose commands change nothing', async () => {
    const { client, id } = await servedRaw();
    for (const auth of [
      undefined,
      { token: 'wrong-token-000' },
      { token: [TOKEN] },
      { token: { toString: TOKEN } },
    ]) {
      const page = await connectViewer(pageUrl(app), auth ? { auth } : {});
      track(page.socket);
      expect(page.snapshot?.role).toBe('viewer');
      // The token never travels to a viewer.
      expect(JSON.stringify(page.snapshot)).not.toContain(TOKEN);
      const seq = app.hub.lab.seq;
      for (const command of [
        { type: 'configure', settings: { mode: 'concurrent' } },
        { type: 'configure', settings: { stepping: true } },
        { type: 'disconnect', id },
        { type: 'step' },
        { type: 'clear' },
        { type: 'bots', count: 3, messages: 2, intervalMs: 50 },
        { type: 'stopBots' },
      ]) {
        expect(await control(page.socket, command), command.type).toMatchObject({ ok: false });
      }
      await pause(100);
      expect(app.echo.settings.mode).toBe('iterative');
      expect(app.hub.recent(5).filter((e) => e.seq > seq)).toEqual([]);
      expect(app.hub.recent(20).some((e) => e.type === 'config.changed')).toBe(false);
    }
    // The client the viewers tried to kick is still served.
    client.send('still');
    expect((await client.receive(10)).toString()).toBe('hellostill');
    const api = await httpGet(app.addresses.webPort, '/api/state', {
      Host: `127.0.0.1:${app.addresses.webPort}`,
    });
    expect(api.body).not.toContain(TOKEN);
    client.send(DEFAULTS.disconnectWord);
    await client.waitEnded();
  });

  it('makes a page with the token the teacher, whose commands work', async () => {
    const { client, id } = await servedRaw();
    const page = await connectViewer(pageUrl(app), { auth: { token: TOKEN } });
    track(page.socket);
    expect(page.snapshot?.role).toBe('teacher');
    const events: string[] = [];
    page.socket.on('events', (batch) => events.push(...batch.map((e) => e.type)));
    expect(
      await control(page.socket, { type: 'configure', settings: { mode: 'concurrent' } }),
    ).toEqual({
      ok: true,
    });
    await eventually(() => events.includes('config.changed'));
    expect(app.echo.settings.mode).toBe('concurrent');
    expect(await control(page.socket, { type: 'disconnect', id })).toEqual({ ok: true });
    await eventually(() => app.hub.lab.clients[id]?.phase === 'closed');
    expect(app.hub.lab.clients[id]).toMatchObject({ closedBy: 'server', reason: 'kicked' });
    await client.waitEnded();
    expect(
      await control(page.socket, { type: 'configure', settings: { mode: 'iterative' } }),
    ).toEqual({
      ok: true,
    });
  });

  it('on loopback without --lan, a page without a token is the teacher', async () => {
    const local = await startApp();
    try {
      const page = await connectViewer(pageUrl(local));
      track(page.socket);
      expect(page.snapshot?.role).toBe('teacher');
      expect(await control(page.socket, { type: 'configure', settings: { backlog: 2 } })).toEqual({
        ok: true,
      });
      expect(local.echo.settings.backlog).toBe(2);
    } finally {
      for (const thing of opened.splice(0)) thing.close();
      await local.close();
    }
  });
});
