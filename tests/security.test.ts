import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import { DEFAULTS, type ControlCommand, type ControlResult } from '../shared/protocol.ts';
import { bridgeClient, eventually, startApp, watch } from './support/app.ts';
import { expectStillServing, type Watcher } from './support/health.ts';
import {
  HandTypedSocketIo,
  connectViewer,
  type ConnectResult,
  httpGet,
  pageUrl,
  pause,
  tryUpgrade,
} from './support/probes.ts';
import { RawClient } from './support/tcp.ts';

const EVIL = 'http://evil.example';
const TOKEN = 'teacher-token-123';

/** Sockets and clients a test opened; closed after it whatever happened. */
const opened: { close(): void }[] = [];
const track = <T extends { close(): void }>(thing: T): T => (opened.push(thing), thing);
afterEach(() => {
  for (const thing of opened.splice(0)) thing.close();
});

const sioPath = '/socket.io/?EIO=4&transport=websocket';
const pollPath = '/socket.io/?EIO=4&transport=polling';

describe('Origin and Host checks', () => {
  let app: Application;
  let port: number;
  let self: string;
  beforeAll(async () => {
    app = await startApp();
    port = app.addresses.webPort;
    self = `127.0.0.1:${port}`;
  });
  afterAll(() => app.close());

  it('refuses a foreign Origin on socket.io, with either transport', async () => {
    for (const transports of [['websocket'], ['polling']] as const) {
      const { socket, error, snapshot } = await connectViewer(pageUrl(app), {
        extraHeaders: { Origin: EVIL },
        transports: [...transports],
      });
      track(socket);
      expect(snapshot).toBeNull();
      expect(error).not.toBeNull();
      expect(socket.connected).toBe(false);
    }
    // What the server answers, seen without a client library in between.
    const upgrade = await tryUpgrade(`ws://${self}${sioPath}`, { Origin: EVIL });
    expect(upgrade.opened).toBe(false);
    if (!upgrade.opened) expect(upgrade.body).toContain('foreign Origin');
    const poll = await httpGet(port, pollPath, { Host: self, Origin: EVIL });
    expect(poll.status).toBe(403);
    expect(poll.body).toContain('foreign Origin');
  });

  it('refuses a foreign Origin on the byte bridge with 403, before any TCP connection', async () => {
    const before = app.hub.lab.totals.connections;
    const result = await tryUpgrade(`ws://${self}/tcp`, { Origin: EVIL });
    expect(result).toMatchObject({ opened: false, status: 403 });
    await pause(100);
    expect(app.hub.lab.totals.connections).toBe(before);
  });

  it('refuses a foreign Origin on /api/state with 403', async () => {
    const answer = await httpGet(port, '/api/state', { Host: self, Origin: EVIL });
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain('"state"');
  });

  it('refuses the Origin "null" that sandboxed frames and file: pages send', async () => {
    expect((await httpGet(port, '/api/state', { Host: self, Origin: 'null' })).status).toBe(403);
    expect(await tryUpgrade(`ws://${self}/tcp`, { Origin: 'null' })).toMatchObject({
      opened: false,
      status: 403,
    });
  });

  it('refuses an Origin that only starts like ours', async () => {
    for (const origin of [
      `http://127.0.0.1:${port}.evil.example`,
      `http://127.0.0.1:${port + 1}`,
    ]) {
      expect((await httpGet(port, '/api/state', { Host: self, Origin: origin })).status).toBe(403);
    }
  });

  it('accepts our own Origin on all three endpoints', async () => {
    for (const host of [self, `localhost:${port}`]) {
      const origin = `http://${host}`;
      expect((await httpGet(port, '/api/state', { Host: host, Origin: origin })).status).toBe(200);
      const bridge = await tryUpgrade(`ws://${host}/tcp`, { Origin: origin });
      expect(bridge.opened).toBe(true);
      if (bridge.opened) bridge.ws.close();
      const page = await connectViewer(`http://${host}`, { extraHeaders: { Origin: origin } });
      track(page.socket);
      expect(page.error).toBeNull();
      expect(page.snapshot?.state.config?.port).toBe(app.addresses.echoPort);
    }
    await eventually(() => app.hub.lab.served.length === 0 && app.hub.lab.queue.length === 0);
  });

  it('refuses a Host that is not ours (DNS rebinding) on HTTP and both WebSocket paths', async () => {
    const before = app.hub.lab.totals.connections;
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.nip.example:${port}`]) {
      for (const path of ['/', '/api/state', '/healthz', pollPath]) {
        const answer = await httpGet(port, path, { Host: host });
        expect(answer.status, `${host}${path}`).toBe(403);
        expect(answer.body).not.toContain(String(app.addresses.echoPort));
      }
      // The attacker's page has its own Origin, and it matches the (rebound) Host.
      const variants: Record<string, string>[] = [
        { Host: host },
        { Host: host, Origin: `http://${host}` },
      ];
      for (const headers of variants) {
        const bridge = await tryUpgrade(`ws://${self}/tcp`, headers);
        expect(bridge).toMatchObject({ opened: false, status: 403 });
        const sio = await tryUpgrade(`ws://${self}${sioPath}`, headers);
        expect(sio.opened).toBe(false);
      }
    }
    expect(app.hub.lab.totals.connections).toBe(before);
  });

  it('sends security headers and no X-Powered-By', async () => {
    for (const [path, headers] of [
      ['/', { Host: self }],
      ['/api/state', { Host: self }],
      ['/api/nope', { Host: self }],
      ['/api/state', { Host: 'evil.example' }],
    ] as const) {
      const answer = await httpGet(port, path, headers);
      expect(answer.headers['x-powered-by'], path).toBeUndefined();
      const csp = answer.headers['content-security-policy'] ?? '';
      expect(csp, path).toContain("connect-src 'self'");
      // The page is served over plain HTTP on a classroom network: upgrading would break it.
      expect(csp, path).not.toContain('upgrade-insecure-requests');
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});

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

/** A real TLS ClientHello, as a browser typing https:// at the echo port would send. */
async function clientHello(): Promise<Buffer> {
  const catcher = net.createServer();
  await new Promise<void>((resolve) => catcher.listen(0, '127.0.0.1', resolve));
  const { port } = catcher.address() as net.AddressInfo;
  const first = new Promise<Buffer>((resolve) =>
    catcher.once('connection', (s) => s.once('data', (d: Buffer) => (resolve(d), s.destroy()))),
  );
  const client = tls.connect({ host: '127.0.0.1', port, servername: 'echo-lab.test' });
  client.on('error', () => {});
  const hello = await first;
  client.destroy();
  await new Promise((resolve) => catcher.close(resolve));
  return hello;
}

describe('garbage and hostile input', () => {
  let app: Application;
  let viewer: Watcher;
  beforeAll(async () => {
    app = await startApp();
    viewer = await watch(app);
  });
  afterAll(async () => {
    viewer.socket.close();
    await app.close();
  });
  afterEach(async () => {
    for (const thing of opened.splice(0)) thing.close();
    await expectStillServing(app, viewer);
  });

  const sio = async (join = true): Promise<HandTypedSocketIo> => {
    const s = track(await HandTypedSocketIo.open(app.addresses.webPort));
    if (join) await s.join();
    return s;
  };

  const MALFORMED: [string, string | Buffer][] = [
    ['an engine.io message that is no socket.io packet', '4garbage'],
    ['a truncated event', '42['],
    ['an event that is not an array', '42{"control":1}'],
    ['an event whose name is an object', '42[{"toString":1},"x"]'],
    ['a reserved event name', '42["disconnect","now"]'],
    ['an unknown engine.io packet type', '9hello'],
    ['an empty frame', ''],
    ['binary junk', randomBytes(512)],
    ['an attachment count out of range', '4599-["control",{"_placeholder":true,"num":0}]'],
    [
      'a placeholder pointing at a method (CVE-2022-2421)',
      '451-["control",{"_placeholder":true,"num":"splice"}]',
    ],
    ['a CONNECT to an unknown namespace', '40/admin,'],
    ['an engine.io close packet', '1'],
  ];

  for (const [what, frame] of MALFORMED) {
    it(`survives ${what} on socket.io`, async () => {
      for (const join of [false, true]) {
        const s = await sio(join);
        s.send(frame);
        if (typeof frame === 'string' && frame.startsWith('451-')) s.send(Buffer.from('world'));
        // Whether the server drops such a client or ignores the packet, it must stay up.
        await s.closesWithin(300);
        s.close();
      }
    });
  }

  it('ignores a socket.io event named "error" and keeps the connection working', async () => {
    const s = await sio();
    s.send('42["error","boom"]');
    s.send('42["error"]');
    s.send('42["error",{"message":"boom","stack":"x"}]');
    await pause(100);
    expect(s.closed).toBe(false);
    s.send('421["control",{"type":"nope"}]');
    expect(await s.ack(1)).toMatchObject({ ok: false });
  });

  it('lets no "__proto__" or "constructor" key reach Object.prototype or the settings', async () => {
    const s = await sio();
    // As the issue lists them (no ack), then again with acks to read the server's answer.
    s.send('42["control",{"__proto__":{"polluted":1}}]');
    s.send(
      '42["control",{"type":"configure","settings":{"__proto__":{"mode":"concurrent"},"constructor":{"prototype":{"polluted":1}}}}]',
    );
    s.send('421["control",{"__proto__":{"polluted":1}}]');
    expect(await s.ack(1)).toMatchObject({ ok: false });
    s.send(
      '422["control",{"type":"configure","settings":{"__proto__":{"mode":"concurrent"},"constructor":{"prototype":{"polluted":1}}}}]',
    );
    await s.ack(2);
    s.send('423["control",{"type":"disconnect","id":{"__proto__":{"valueOf":1}}}]');
    expect(await s.ack(3)).toMatchObject({ ok: false });
    s.send('424["control",{"type":"__proto__","settings":{}}]');
    expect(await s.ack(4)).toMatchObject({ ok: false });
    s.send(
      '425["control",{"type":"bots","count":{"__proto__":{"valueOf":3}},"messages":1,"intervalMs":50}]',
    );
    expect(await s.ack(5)).toMatchObject({ ok: false });
    expect(app.echo.settings.mode).toBe('iterative');
    expect(app.echo.settings.stepping).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(app.hub.lab.config?.mode).toBe('iterative');
  });

  it('answers unknown events with nothing and throttles a flood of resyncs', async () => {
    const s = await sio();
    const snapshotsBefore = s.texts.filter((t) => t.startsWith('42["snapshot"')).length;
    for (const frame of ['42["nope",{}]', '42["snapshot",{}]', '42["events",[]]', '425["nope"]']) {
      s.send(frame);
    }
    for (let i = 0; i < 200; i++) s.send('42["resync"]');
    await pause(400);
    expect(s.closed).toBe(false);
    const snapshots = s.texts.filter((t) => t.startsWith('42["snapshot"')).length - snapshotsBefore;
    expect(snapshots).toBeGreaterThanOrEqual(1);
    expect(snapshots).toBeLessThanOrEqual(3);
  });

  it('closes a socket.io connection whose message exceeds --max-control-message', async () => {
    const s = await sio();
    s.send(`42["control",{"type":"${'x'.repeat(20 * 1024)}"}]`);
    await s.waitClosed();
    expect(s.closeCode).toBe(1009);
  });

  it('closes a byte-bridge WebSocket whose frame exceeds --max-frame with 1009', async () => {
    const web = await bridgeClient(app);
    opened.push({ close: () => web.ws.terminate() });
    const { id } = await web.hello;
    web.ws.send(randomBytes(64 * 1024 + 1));
    expect((await web.closed).code).toBe(1009);
    await eventually(() => app.hub.lab.clients[id]?.phase === 'closed');
  });

  it('closes a byte-bridge connection that sends invalid WebSocket frames', async () => {
    const frames = [
      Buffer.from([0x83, 0x80, 1, 2, 3, 4]), // reserved opcode 3
      Buffer.from([0x82, 0x03, 0x61, 0x62, 0x63]), // unmasked client frame
      Buffer.from([0xf2, 0x80, 1, 2, 3, 4]), // RSV bits set without an extension
      Buffer.from([0x09, 0xfe, 0xff, 0xff, 1, 2, 3, 4]), // fragmented, oversized ping
      randomBytes(256),
    ];
    for (const frame of frames) {
      const socket = net.connect({ host: '127.0.0.1', port: app.addresses.webPort });
      opened.push({ close: () => socket.destroy() });
      let answer = '';
      let ended = false;
      socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
      socket.on('close', () => (ended = true));
      socket.on('error', () => {});
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        [
          'GET /tcp HTTP/1.1',
          `Host: 127.0.0.1:${app.addresses.webPort}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      );
      await eventually(() => answer.includes('\r\n\r\n'));
      expect(answer).toMatch(/^HTTP\/1\.1 101/);
      const connections = app.hub.lab.totals.connections;
      socket.write(frame);
      await eventually(() => ended, 3_000);
      // The TCP client behind it was closed too, so an iterative server is not left stuck.
      await eventually(() => app.hub.lab.served.length === 0 && app.hub.lab.queue.length === 0);
      expect(app.hub.lab.totals.connections).toBeGreaterThanOrEqual(connections);
    }
  });

  it('refuses a WebSocket handshake without a key on the byte bridge', async () => {
    const answer = await httpGet(app.addresses.webPort, '/tcp', {
      Host: `127.0.0.1:${app.addresses.webPort}`,
      Upgrade: 'websocket',
      Connection: 'Upgrade',
      'Sec-WebSocket-Version': '13',
    }).catch(() => ({ status: 0 }));
    expect(answer.status).not.toBe(101);
  });

  it('echoes a text frame on the byte bridge as its UTF-8 bytes', async () => {
    const web = await bridgeClient(app);
    opened.push({ close: () => web.ws.terminate() });
    const { id } = await web.hello;
    const text = 'héllo ✓ 🙂';
    web.ws.send(text);
    const bytes = Buffer.from(text, 'utf8');
    expect((await web.receive(bytes.length)).equals(bytes)).toBe(true);
    web.ws.close();
    await eventually(() => app.hub.lab.clients[id]?.phase === 'closed');
  });

  async function echoesExactly(bytes: Buffer, ms = 5_000): Promise<void> {
    const client = await RawClient.connect(app.addresses.echoPort);
    opened.push({ close: () => client.socket.destroy() });
    client.send(bytes);
    const back = await client.receive(bytes.length, ms);
    expect(back.equals(bytes)).toBe(true);
    client.socket.end();
    await client.waitEnded();
  }

  it('echoes an HTTP request sent to the echo port', async () => {
    await echoesExactly(
      Buffer.from('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: curl/8\r\nAccept: */*\r\n\r\n'),
    );
  });

  it('echoes a TLS ClientHello sent to the echo port', async () => {
    const hello = await clientHello();
    expect(hello[0]).toBe(0x16); // a TLS handshake record
    await echoesExactly(hello);
  });

  it('echoes 1 MiB of random bytes exactly', async () => {
    await echoesExactly(randomBytes(1024 * 1024), 15_000);
  });
});
