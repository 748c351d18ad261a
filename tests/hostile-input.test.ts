import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import { bridgeClient, eventually, startApp, watch } from './support/app.ts';
import { expectStillServing, type Watcher } from './support/health.ts';
import { closeOpenedAfterEach } from './support/opened.ts';
import { HandTypedSocketIo, httpGet, pause } from './support/probes.ts';
import { RawClient } from './support/tcp.ts';

const { opened, track } = closeOpenedAfterEach();

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
