import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import type { Limits } from '../server/limits.ts';
import { DEFAULTS } from '../shared/protocol.ts';
import { bridgeClient, eventually, startApp, watch } from './support/app.ts';
import { connectViewer, pageUrl, pause } from './support/probes.ts';
import { RawClient } from './support/tcp.ts';

let app: Application | undefined;
const cleanup: (() => void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) fn();
  await app?.close();
  app = undefined;
});

async function start(limits: Partial<Limits>, mode: 'iterative' | 'concurrent' = 'iterative') {
  app = await startApp({ limits, mode, namePrograms: false });
  return app;
}

async function raw(a: Application): Promise<RawClient> {
  const client = await RawClient.connect(a.addresses.echoPort);
  cleanup.push(() => client.socket.destroy());
  return client;
}

async function bridge(a: Application, query = '') {
  const web = await bridgeClient(a, query);
  cleanup.push(() => web.ws.terminate());
  return web;
}

describe('--max-clients', () => {
  it('sums up a retry loop against a full server in a few exact events', async () => {
    const a = await start({ maxClients: 1 });
    await raw(a);
    await eventually(() => a.hub.lab.totals.connections === 1);
    const before = a.hub.recent(600).length;
    const tries = 300;
    for (let i = 0; i < tries; i++) {
      const client = await raw(a);
      await client.waitEnded(3_000);
    }
    await eventually(() => a.hub.lab.totals.refused === tries, 3_000);
    const refusals = a.hub.recent(600).filter((e) => e.type === 'client.refused');
    // The first at once, then one a second with its count: never one per try.
    expect(refusals.length).toBeLessThanOrEqual(5);
    expect(a.hub.recent(600).length - before).toBe(refusals.length);
  });

  it('tells the next client why in one line, closes it, and leaves the others alone', async () => {
    const a = await start({ maxClients: 3 });
    const viewer = await watch(a);
    cleanup.push(() => viewer.socket.close());
    const three = [await raw(a), await raw(a), await raw(a)];
    for (const [i, c] of three.entries()) c.send(`client ${i}`);
    await eventually(() => a.hub.lab.totals.connections === 3);

    const fourth = await raw(a);
    // It talks at once, as a client that does not read the refusal would.
    fourth.send('let me in');
    await fourth.waitEnded(3_000);
    const line = fourth.received.toString();
    expect(line).toMatch(/too many clients.*limit 3/);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(line.split('\r\n')).toHaveLength(2);
    await eventually(() => viewer.events.some((e) => e.type === 'client.refused'));
    expect(viewer.events.find((e) => e.type === 'client.refused')).toMatchObject({ limit: 3 });
    expect(a.hub.lab.totals.refused).toBe(1);
    expect(a.hub.lab.totals.connections).toBe(3);

    // The three are served in turn, each echoed exactly.
    for (const [i, c] of three.entries()) {
      const message = `client ${i}`;
      expect((await c.receive(message.length)).toString()).toBe(message);
      c.send(DEFAULTS.disconnectWord);
      await c.waitEnded();
    }
    // Once there is room again, a new client is let in.
    const next = await raw(a);
    next.send('now?');
    expect((await next.receive(4)).toString()).toBe('now?');
  });
});

describe('byte-bridge limits', () => {
  it('closes the WebSocket past --max-web-clients with 4429 and the limit in the reason', async () => {
    const a = await start({ maxWebClientsPerAddress: 2 }, 'concurrent');
    const first = await bridge(a);
    const second = await bridge(a);
    await Promise.all([first.hello, second.hello]);
    const third = await bridge(a);
    const closed = await third.closed;
    expect(closed.code).toBe(4429);
    expect(closed.reason).toMatch(/address.*limit 2/);
    // It never reached the echo server.
    expect(a.hub.lab.totals.connections).toBe(2);
    // The two others still work; when one leaves, a new one fits.
    first.ws.send(Buffer.from('one'));
    expect((await first.receive(3)).toString()).toBe('one');
    first.ws.close();
    await first.closed;
    await pause(50);
    const again = await bridge(a);
    expect((await again.hello).type).toBe('hello');
  });

  it('closes the WebSocket past --max-web-clients-per-page, counting pages apart', async () => {
    const a = await start({ maxWebClientsPerPage: 2 }, 'concurrent');
    // A page's key is the one its snapshot carries.
    const [k1, k2] = await Promise.all(
      [1, 2].map(async () => {
        const viewer = await watch(a);
        cleanup.push(() => viewer.socket.close());
        return viewer.snapshots[0]!.pageKey;
      }),
    );
    const p1 = [await bridge(a, `?page=${k1}`), await bridge(a, `?page=${k1}`)];
    await Promise.all(p1.map((w) => w.hello));
    const over = await bridge(a, `?page=${k1}`);
    const closed = await over.closed;
    expect(closed.code).toBe(4429);
    expect(closed.reason).toMatch(/page.*limit 2/);
    // Another page has its own count.
    const other = await bridge(a, `?page=${k2}`);
    expect((await other.hello).type).toBe('hello');
    expect(a.hub.lab.totals.connections).toBe(3);
  });
});

describe('--max-viewers', () => {
  async function full(): Promise<Application> {
    const a = await start({ maxViewers: 2 });
    for (let i = 0; i < 2; i++) {
      const page = await connectViewer(pageUrl(a));
      cleanup.push(() => page.socket.close());
      expect(page.snapshot).not.toBeNull();
    }
    return a;
  }

  it('refuses the next page, and lets one in when room frees', async () => {
    const a = await full();
    const third = await connectViewer(pageUrl(a));
    cleanup.push(() => third.socket.close());
    expect(third.snapshot).toBeNull();
    expect(third.error).not.toBeNull();

    cleanup.shift()!();
    await pause(100);
    const fourth = await connectViewer(pageUrl(a));
    cleanup.push(() => fourth.socket.close());
    expect(fourth.error).toBeNull();
    expect(fourth.snapshot).not.toBeNull();
  });

  it('tells the refused page why in its connect_error message', async () => {
    const a = await full();
    // What a page can show is connect_error's message, whichever transport it starts with.
    for (const transports of [['polling', 'websocket'], ['websocket']] as const) {
      const third = await connectViewer(pageUrl(a), { transports: [...transports] });
      cleanup.push(() => third.socket.close());
      expect(third.snapshot).toBeNull();
      expect(third.error?.message, transports.join()).toMatch(/too many pages.*limit 2/);
    }
  });
});

describe('--idle-timeout', () => {
  it('closes a silent served client with reason "limit", then serves the next', async () => {
    const a = await start({ idleTimeoutSec: 1 });
    const silent = await raw(a);
    const next = await raw(a);
    next.send('my turn');
    await eventually(() => a.hub.lab.served.length === 1 && a.hub.lab.queue.length === 1);
    const started = Date.now();
    await silent.waitEnded(3_000);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(800);
    await eventually(() => Object.values(a.hub.lab.clients).some((c) => c.reason === 'limit'));
    const closed = Object.values(a.hub.lab.clients).find((c) => c.reason === 'limit')!;
    expect(closed).toMatchObject({ phase: 'closed', closedBy: 'server', reason: 'limit' });
    // The next client was waiting all along; its waiting time did not count as idle.
    expect((await next.receive(7)).toString()).toBe('my turn');
    expect(next.ended).toBe(false);
  });

  it('does not close a served client that keeps talking', async () => {
    const a = await start({ idleTimeoutSec: 1 });
    const talker = await raw(a);
    for (let i = 0; i < 4; i++) {
      talker.send('.');
      await pause(400);
    }
    expect(talker.ended || talker.closed).toBe(false);
    expect(talker.received.toString()).toBe('....');
  });
});

describe('--client-buffer', () => {
  it('holds a bounded number of bytes per client in user space, unread or unsent', async () => {
    const limit = 4096;
    const a = await start({ clientBufferBytes: limit });
    // The first client is served but never reads its echoes; the second waits, unread.
    const hog = await raw(a);
    const waiter = await raw(a);
    hog.socket.pause();
    const blob = randomBytes(8 * 1024 * 1024);
    hog.socket.write(blob);
    waiter.socket.write(blob);
    let worstPending = 0;
    let worstUnsent = 0;
    const until = Date.now() + 1_500;
    while (Date.now() < until) {
      for (const b of await a.echo.buffers()) {
        worstPending = Math.max(worstPending, b.pending);
        worstUnsent = Math.max(worstUnsent, b.unsent);
      }
      await pause(20);
    }
    // A read may land a whole kernel chunk (64 KiB) after the last check against the limit.
    expect(worstPending).toBeLessThanOrEqual(limit + 64 * 1024);
    // The echo waits for the kernel to drain: one recv() of data past the stream's high mark.
    expect(worstUnsent).toBeLessThanOrEqual(16 * 1024 + DEFAULTS.recvSize);
    expect(worstPending).toBeGreaterThan(0);
  });
});
