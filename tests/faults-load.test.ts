import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import { DEFAULT_LIMITS } from '../server/limits.ts';
import { DEFAULTS } from '../shared/protocol.ts';
import { eventually, watch } from './support/app.ts';
import { closeLaunchedAfterEach, exitOf } from './support/launched.ts';
import { pause } from './support/probes.ts';
import type { RawClient } from './support/tcp.ts';

// The echo server in its own thread, as `npm start` runs it: these tests are about load.
const { cleanup, launch, raw, echoOnce } = closeLaunchedAfterEach({ inProcess: false });

/** Every client.closed the echo server reports, by client id, from now on. */
function closedIds(app: Application): Set<number> {
  const ids = new Set<number>();
  cleanup.push(
    app.echo.events.subscribe((e) => {
      if (e.type === 'client.closed') {
        // A second report for the same client would be a bug: make it visible.
        if (ids.has(e.id)) ids.add(-e.id);
        ids.add(e.id);
      }
    }),
  );
  return ids;
}

describe('load and faults on the echo port', () => {
  it('echoes 1000 concurrent clients, each its own message, exactly', async () => {
    const app = await launch({ mode: 'concurrent' });
    const viewer = await watch(app);
    cleanup.push(() => viewer.socket.close());
    const closed = closedIds(app);
    const N = 1000;
    const clients: RawClient[] = [];
    // In waves, so the kernel's listen queue (not Echo Lab) is never what drops a SYN.
    for (let wave = 0; wave < N / 100; wave++) {
      clients.push(
        ...(await Promise.all(Array.from({ length: 100 }, () => raw(app.addresses.echoPort)))),
      );
    }
    const messages = clients.map((_, i) =>
      Buffer.from(`client ${i}: ${randomBytes(6).toString('hex')}`),
    );
    await Promise.all(
      clients.map(async (c, i) => {
        c.send(messages[i]!);
        const back = await c.receive(messages[i]!.length, 20_000);
        expect(back.equals(messages[i]!)).toBe(true);
      }),
    );
    // The echoes come straight from the echo thread; its events reach the page side a
    // batch later.
    await eventually(() => app.hub.lab.served.length === N);
    for (const c of clients) c.socket.end();
    await Promise.all(clients.map((c) => c.waitEnded(20_000)));
    await eventually(() => closed.size >= N, 10_000);
    expect([...closed].every((id) => id > 0)).toBe(true);
    await eventually(async () => (await app.echo.buffers()).length === 0);
    expect(app.hub.lab.served).toEqual([]);
    // The page followed it all.
    await eventually(() => viewer.events.filter((e) => e.type === 'client.closed').length === N);
  }, 60_000);

  /** 50 clients that each send `mib` MiB at once and never read a byte of their echoes. */
  async function flood(app: Application, mib = 1): Promise<RawClient[]> {
    const hogs = await Promise.all(Array.from({ length: 50 }, () => raw(app.addresses.echoPort)));
    const blob = randomBytes(mib * 1024 * 1024);
    for (const hog of hogs) {
      hog.socket.pause();
      hog.socket.write(blob);
    }
    return hogs;
  }

  /** Round trips of `talker` during the flood, each in ms; checks every echo. */
  async function roundTrips(talker: RawClient, rounds: number): Promise<number[]> {
    let expected = talker.received.toString();
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const text = `round ${i};`;
      expected += text;
      const started = Date.now();
      talker.send(text);
      await talker.receive(Buffer.byteLength(expected), 10_000);
      times.push(Date.now() - started);
      await pause(10);
    }
    expect(talker.received.toString()).toBe(expected);
    return times;
  }

  /** Drops the flood and the talker, and waits until the server holds no bytes for anyone. */
  async function endFlood(app: Application, hogs: RawClient[], talker: RawClient): Promise<void> {
    for (const hog of hogs) hog.socket.destroy();
    talker.socket.end();
    await eventually(async () => (await app.echo.buffers()).length === 0, 5_000);
  }

  async function expectBoundedBuffers(app: Application): Promise<void> {
    const { clientBufferBytes } = DEFAULT_LIMITS;
    for (const b of await app.echo.buffers()) {
      // One kernel read (64 KiB) may land past the check; one echo past the write mark.
      expect(b.pending).toBeLessThanOrEqual(clientBufferBytes + 64 * 1024);
      expect(b.unsent).toBeLessThanOrEqual(16 * 1024 + DEFAULTS.recvSize);
    }
  }

  it('keeps echoing a served client while 50 others send and never read', async () => {
    const app = await launch({ mode: 'concurrent', namePrograms: false });
    const talker = await raw(app.addresses.echoPort);
    talker.send('hi;');
    await talker.receive(3);
    const hogs = await flood(app);
    const times = await roundTrips(talker, 20);
    expect(Math.max(...times), `round trips (ms): ${times.join(', ')}`).toBeLessThan(1_000);
    await expectBoundedBuffers(app);
    await endFlood(app, hogs, talker);
  }, 30_000);

  it('accepts and echoes a newcomer promptly while 50 others flood it', async () => {
    const app = await launch({ mode: 'concurrent', namePrograms: false });
    // Long enough (100 MiB) that a newcomer served only once it is over would wait seconds.
    const hogs = await flood(app, 2);
    // Arrive mid-flood, not before it starts or after it ends.
    await eventually(() => app.hub.lab.totals.bytesIn >= 8 * 1024 * 1024, 10_000);
    const talker = await raw(app.addresses.echoPort);
    const times = await roundTrips(talker, 5);
    // The first round trip includes accept(): a page would show the newcomer only then.
    expect(Math.max(...times), `round trips (ms): ${times.join(', ')}`).toBeLessThan(1_000);
    await expectBoundedBuffers(app);
    await endFlood(app, hogs, talker);
  }, 30_000);

  it('survives a storm of 200 resets, waiting and served, and leaks nothing', async () => {
    const app = await launch();
    const closed = closedIds(app);
    const clients = await Promise.all(
      Array.from({ length: 200 }, () => raw(app.addresses.echoPort)),
    );
    for (const c of clients) c.send('x'.repeat(100));
    await eventually(() => app.hub.lab.totals.connections === 200);
    const ports = new Map(clients.map((c) => [c.localPort, c]));
    let rounds = 0;
    while (ports.size > 0 && rounds++ < 200) {
      // Whoever the server serves right now is reset first, then a handful of waiting ones.
      const servedId = app.hub.lab.served[0];
      const servedPort = servedId === undefined ? undefined : app.hub.lab.clients[servedId]?.port;
      const victims = [...ports.keys()].sort(() => Math.random() - 0.5).slice(0, 10);
      if (servedPort !== undefined && ports.has(servedPort)) victims.unshift(servedPort);
      for (const port of victims) {
        ports.get(port)?.reset();
        ports.delete(port);
      }
      await pause(5);
    }
    expect(ports.size).toBe(0);
    await eventually(() => closed.size >= 200, 10_000);
    expect([...closed].every((id) => id > 0)).toBe(true);
    await eventually(async () => (await app.echo.buffers()).length === 0);
    const lab = app.hub.lab;
    expect([lab.served, lab.queue, lab.retrying]).toEqual([[], [], []]);
    await echoOnce(app.addresses.echoPort, 'after the storm');
  });

  it('reports killed client processes closed and keeps serving', async () => {
    const app = await launch({ namePrograms: false });
    const closed = closedIds(app);
    const script = [
      "const s = require('node:net').connect(Number(process.argv[1]), '127.0.0.1');",
      "s.on('connect', () => { s.write('hi from a child'); console.log('ready ' + s.localPort); });",
      "s.on('error', () => {});",
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const children = Array.from({ length: 5 }, () => {
      const child = spawn(process.execPath, ['-e', script, String(app.addresses.echoPort)], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      cleanup.push(() => child.kill('SIGKILL'));
      return child;
    });
    const ports = await Promise.all(
      children.map(
        (child) =>
          new Promise<number>((resolve) => {
            let out = '';
            child.stdout.on('data', (d: Buffer) => {
              out += d.toString();
              const m = /ready (\d+)/.exec(out);
              if (m) resolve(Number(m[1]));
            });
          }),
      ),
    );
    await eventually(() => app.hub.lab.totals.connections === 5);
    // Iterative: one is served (its echo sits unread in the child), four wait in the queue.
    await eventually(() => app.hub.lab.served.length === 1 && app.hub.lab.queue.length === 4);
    const ids = ports.map(
      (port) => Object.values(app.hub.lab.clients).find((c) => c.port === port)!.id,
    );
    await Promise.all(
      children.map((child) => {
        const exited = exitOf(child);
        child.kill('SIGKILL');
        return exited;
      }),
    );
    await eventually(() => ids.every((id) => closed.has(id)), 5_000);
    for (const id of ids) {
      expect(app.hub.lab.clients[id]).toMatchObject({ phase: 'closed', closedBy: 'client' });
    }
    await eventually(async () => (await app.echo.buffers()).length === 0);
    await echoOnce(app.addresses.echoPort, 'still serving');
  });
});
