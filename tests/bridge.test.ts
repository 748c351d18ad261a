import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import { reduceAll } from '../shared/lab.ts';
import { HISTORY_LIMIT } from '../shared/protocol.ts';
import { bridgeClient, eventually, startApp, watch } from './support/app.ts';
import { RawClient } from './support/tcp.ts';

let app: Application;
const cleanup: (() => void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) fn();
  await app?.close();
});

async function raw(): Promise<RawClient> {
  const client = await RawClient.connect(app.addresses.echoPort);
  cleanup.push(() => client.socket.destroy());
  return client;
}

describe('the event stream', () => {
  it('gives a page a snapshot, then every event once, in order', async () => {
    app = await startApp({ namePrograms: false });
    const viewer = await watch(app);
    cleanup.push(() => viewer.socket.close());
    expect(viewer.snapshots[0]?.state.config?.port).toBe(app.addresses.echoPort);
    const client = await raw();
    client.send('hola');
    await client.receive(4);
    client.send('desconectar');
    await eventually(() => viewer.events.some((e) => e.type === 'client.closed'));
    const seqs = viewer.events.map((e) => e.seq);
    const first = viewer.snapshots[0]!.seq;
    expect(seqs).toEqual(seqs.map((_, i) => first + 1 + i));
    expect(viewer.events.map((e) => e.type)).toEqual([
      'client.connected',
      'client.accepted',
      'data.read',
      'data.echoed',
      'client.word',
      'client.closed',
    ]);
  });

  it('gives a late page the state and history of what came before', async () => {
    app = await startApp();
    const client = await raw();
    client.send('before you came');
    await client.receive(15);
    await eventually(() => app.hub.lab.totals.echoes === 1);
    const late = await watch(app);
    cleanup.push(() => late.socket.close());
    const [snapshot] = late.snapshots;
    expect(snapshot!.state.served).toHaveLength(1);
    expect(snapshot!.history.map((e) => e.type)).toContain('data.echoed');
    expect(snapshot!.history.at(-1)?.seq).toBe(snapshot!.seq);
    const read = snapshot!.history.find((e) => e.type === 'data.read');
    expect(read).toMatchObject({ preview: 'before you came', bytes: 15 });
  });

  it('gives the state before the history, so the history replays to the present', async () => {
    app = await startApp({ namePrograms: false });
    const client = await raw();
    // Paced under one client's share of the event budget (20 reads in 100 ms), so every
    // read and echo is its own event.
    for (let i = 1; i <= 400; i++) {
      client.send('x');
      await client.receive(i);
      await new Promise((r) => setTimeout(r, 6));
    }
    await eventually(() => app.hub.lab.totals.echoes === 400);
    const viewer = await watch(app);
    cleanup.push(() => viewer.socket.close());
    const { base, history, state } = viewer.snapshots[0]!;
    expect(history.length).toBe(HISTORY_LIMIT);
    expect(base.totals.reads).toBeGreaterThan(0);
    expect(reduceAll(base, history)).toEqual(state);
  });

  it('answers a resync with a fresh snapshot', async () => {
    app = await startApp();
    const viewer = await watch(app);
    cleanup.push(() => viewer.socket.close());
    viewer.socket.emit('resync');
    await eventually(() => viewer.snapshots.length === 2);
  });

  it('serves the state over HTTP', async () => {
    app = await startApp();
    const client = await raw();
    client.send('x');
    await client.receive(1);
    const base = `http://127.0.0.1:${app.addresses.webPort}`;
    const body = (await (await fetch(`${base}/api/state`)).json()) as {
      config: { port: number };
      state: { served: number[] };
      events: unknown[];
    };
    expect(body.config.port).toBe(app.addresses.echoPort);
    expect(body.state.served).toHaveLength(1);
    expect(body.events.length).toBeGreaterThan(2);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const home = await fetch(`${base}/`);
    expect(home.headers.get('x-powered-by')).toBeNull();
    expect(home.headers.get('content-security-policy')).toContain("connect-src 'self'");
  });
});

describe('the byte bridge', () => {
  it('is a real TCP client: named, echoed byte for byte, closed with a FIN', async () => {
    app = await startApp();
    const web = await bridgeClient(app, '?name=Ana');
    const hello = await web.hello;
    expect(hello).toMatchObject({ type: 'hello', label: 'Ana', maxMessage: 200 });
    // It comes in as any loopback client does, then is known for what it is.
    const recent = app.hub.recent(10);
    const connected = recent.find((e) => e.type === 'client.connected');
    const identified = recent.find((e) => e.type === 'client.identified');
    expect(connected).toMatchObject({ client: { id: hello.id, kind: 'raw' } });
    expect(identified).toMatchObject({ id: hello.id, kind: 'web', label: 'Ana' });
    expect(identified?.seq).toBeGreaterThan(connected?.seq ?? Infinity);
    expect(app.hub.lab.clients[hello.id]).toMatchObject({ kind: 'web', label: 'Ana' });
    const bytes = Buffer.from([0x68, 0x00, 0xff, 0xc3, 0x28, 0x0a]);
    web.ws.send(bytes);
    expect((await web.receive(bytes.length)).equals(bytes)).toBe(true);
    web.ws.close();
    await eventually(() => app.hub.lab.clients[hello.id]?.phase === 'closed');
    expect(app.hub.lab.clients[hello.id]).toMatchObject({ closedBy: 'client', reason: 'fin' });
  });

  it('closes the WebSocket when the server closes the connection', async () => {
    app = await startApp();
    const web = await bridgeClient(app);
    await web.hello;
    web.ws.send(Buffer.from('desconectar'));
    expect(await web.closed).toMatchObject({ code: 1000 });
    expect(web.received().length).toBe(0);
  });

  it('waits in the queue behind a raw client like anyone else', async () => {
    app = await startApp();
    const first = await raw();
    const web = await bridgeClient(app);
    const { id } = await web.hello;
    web.ws.send(Buffer.from('me too'));
    await eventually(() => app.hub.lab.queue.includes(id));
    await new Promise((r) => setTimeout(r, 100));
    expect(web.received().length).toBe(0);
    first.send('desconectar');
    expect((await web.receive(6)).toString()).toBe('me too');
    web.ws.close();
  });

  it('reaches only the echo server, whatever the request asks', async () => {
    app = await startApp();
    const web = await bridgeClient(app, '?host=10.0.0.1&port=22&target=example.org:80');
    const { id } = await web.hello;
    expect(app.hub.lab.clients[id]?.kind).toBe('web');
    web.ws.send(Buffer.from('ping'));
    expect((await web.receive(4)).toString()).toBe('ping');
    web.ws.close();
  });
});
