// A real client stalls the iterative server, on real TCP sockets: one that stops reading
// blocks sendall(), one that sends nothing keeps it in recv(). The server stays faithful
// (the others wait) and says so, and the teacher's limits end it when asked to.

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import type { Limits } from '../server/limits.ts';
import { parseOptions } from '../server/options.ts';
import { initialState, reduceAll } from '../shared/lab.ts';
import type { LabEvent } from '../shared/protocol.ts';
import { stallsOf, stallText } from '../web/src/controls/stall-messages.ts';
import { eventually, startApp } from './support/app.ts';
import { pause } from './support/probes.ts';
import { idOf, ofType, RawClient, startEcho } from './support/tcp.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/**
 * More than the kernel's buffers hold between a client that does not read and the server
 * (about 4 MiB here: the server's send buffer; the idle client's receive window stays
 * small), so the echo must block.
 */
const FLOOD = Buffer.alloc(8 * 1024 * 1024, 0x61);

async function echo(overrides: Parameters<typeof startEcho>[0] = {}) {
  const lab = await startEcho(overrides);
  cleanup.push(() => lab.server.close());
  const raw = async (): Promise<RawClient> => {
    const c = await RawClient.connect(lab.port);
    cleanup.push(() => void c.socket.destroy());
    return c;
  };
  return { ...lab, raw };
}

/** A client that sends a flood and reads none of its echo. */
function hog(client: RawClient): void {
  client.socket.pause();
  client.socket.write(FLOOD);
}

const sendEvents = (events: readonly LabEvent[]) =>
  events.filter((e) => e.type.startsWith('send.'));

describe('a client that stops reading', () => {
  it('blocks sendall(): reported once past the threshold, with what the server holds', async () => {
    const { events, raw, waitFor } = await echo();
    const stuck = await raw();
    const next = await raw();
    next.send('my turn');
    hog(stuck);
    const id = idOf(events, stuck.localPort);
    const blocked = await waitFor(ofType('send.blocked', id), 3_000);
    expect(blocked.blockedMs).toBeGreaterThanOrEqual(500);
    // On Linux the kernel's send queue is read from /proc: megabytes, not just our 16 KiB.
    if (process.platform === 'linux') {
      expect(blocked.kernel).toBe(true);
      expect(blocked.unsent).toBeGreaterThan(256 * 1024);
    } else {
      expect(blocked.unsent).toBeGreaterThan(0);
    }
    const lab = reduceAll(initialState(), events);
    expect(lab.step).toBe('send');
    expect(lab.stepClient).toBe(id);
    expect(lab.clients[id]?.sendBlocked).toMatchObject({ unsent: blocked.unsent });
    expect(lab.clients[id]?.sendBlocked?.since).toBeCloseTo(blocked.t - blocked.blockedMs, 0);
    const [stall] = stallsOf(lab, blocked.t + 12_000);
    expect(stall).toMatchObject({ kind: 'send', client: id });
    expect(stallText(stall!, blocked.t + 12_000, 'es')).toMatch(
      /^sendall\(\): «127\.0\.0\.1:\d+» no lee — \d+,\d MiB sin enviar, desde hace 12 s$/,
    );

    // Faithful: the next client waits, unread, however long it lasts; events stay few.
    await pause(2_200);
    expect(next.received.length).toBe(0);
    const reported = sendEvents(events);
    expect(reported.length).toBeLessThanOrEqual(4);
    for (const e of reported) if (e.type === 'send.unsent') expect(e.unsent).toBeGreaterThan(0);

    // It leaves: the server moves on and the next client is echoed.
    stuck.socket.destroy();
    expect((await next.receive(7)).toString()).toBe('my turn');
    const closed = await waitFor(ofType('client.closed', id));
    expect(closed.reason).toBe('reset');
    expect(reduceAll(initialState(), events).clients[id]?.sendBlocked).toBeNull();
  });

  // With recv(65536) every chunk fits one read, so echoes take the synchronous fast path;
  // slow motion sends them through the loop's own sendall(). Both must be timed.
  it.each([
    ['the fast path', { recvSize: 65536 }],
    ['slow motion', { recvSize: 65536, delayMs: 1 }],
  ])('is reported from %s too', async (_name, overrides) => {
    const { events, raw, waitFor } = await echo(overrides);
    const stuck = await raw();
    hog(stuck);
    const blocked = await waitFor(ofType('send.blocked', idOf(events, stuck.localPort)), 4_000);
    expect(blocked.unsent).toBeGreaterThan(process.platform === 'linux' ? 256 * 1024 : 0);
  });

  it('goes on when the client reads again: resumed, every byte echoed, no block while it reads', async () => {
    const { events, port, waitFor } = await echo();
    // A bare socket that counts what it gets: a RawClient's copies would slow the echo.
    const slow = net.connect({ host: '127.0.0.1', port });
    cleanup.push(() => void slow.destroy());
    await new Promise((resolve) => slow.once('connect', resolve));
    let received = 0;
    slow.pause();
    slow.on('data', (chunk: Buffer) => (received += chunk.length));
    slow.write(FLOOD);
    const id = idOf(events, slow.localPort ?? 0);
    await waitFor(ofType('send.blocked', id), 3_000);
    slow.resume();
    await waitFor(ofType('send.resumed', id), 3_000);
    await eventually(() => received === FLOOD.length, 10_000);
    // Reading all along, a flood's momentary blocks are too short to report.
    const after = events.findIndex((e) => e.type === 'send.resumed');
    expect(events.slice(after + 1).filter((e) => e.type === 'send.blocked')).toEqual([]);
    expect(reduceAll(initialState(), events).clients[id]?.sendBlocked).toBeNull();
  });
});

describe('a client that sends nothing', () => {
  it('keeps the server in recv() on it: the state says on whom and since when', async () => {
    const { events, raw, waitFor } = await echo();
    const silent = await raw();
    const next = await raw();
    silent.send('hola');
    expect((await silent.receive(4)).toString()).toBe('hola');
    next.send('my turn');
    const id = idOf(events, silent.localPort);
    const echoed = await waitFor(ofType('data.echoed', id));
    await pause(300);
    const lab = reduceAll(initialState(), events);
    expect(lab).toMatchObject({ step: 'recv', stepClient: id, stepSince: echoed.t });
    expect(lab.queue).toHaveLength(1);
    expect(next.received.length).toBe(0);
    expect(stallsOf(lab, echoed.t + 1_000)).toEqual([]);
    const later = echoed.t + 72_000;
    const [stall] = stallsOf(lab, later);
    expect(stall).toMatchObject({ kind: 'recv', client: id, since: echoed.t });
    expect(stallText(stall!, later, 'es')).toBe(
      `recv(): esperando a «127.0.0.1:${silent.localPort}» desde hace 1 min 12 s`,
    );
    expect(stallText(stall!, later, 'en')).toBe(
      `recv(): waiting for «127.0.0.1:${silent.localPort}» for 1 min 12 s`,
    );
  });
});

describe('--send-timeout and --idle-timeout', () => {
  let app: Application | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start(limits: Partial<Limits>) {
    app = await startApp({ limits, namePrograms: false });
    const a = app;
    const seen: LabEvent[] = [];
    a.echo.events.subscribe((e) => seen.push(e));
    const raw = async (): Promise<RawClient> => {
      const c = await RawClient.connect(a.addresses.echoPort);
      cleanup.push(() => void c.socket.destroy());
      return c;
    };
    return { a, seen, raw };
  }

  it('closes a client that keeps sendall() blocked, saying why, and serves the next', async () => {
    const { a, seen, raw } = await start({ sendTimeoutSec: 1 });
    const stuck = await raw();
    const next = await raw();
    next.send('my turn');
    hog(stuck);
    await eventually(() => seen.some((e) => e.type === 'send.blocked'));
    const began = Date.now();
    await eventually(() => seen.some((e) => e.type === 'client.closed'), 4_000);
    expect((await next.receive(7)).toString()).toBe('my turn');
    // Reading again, the client finds its connection reset.
    stuck.socket.resume();
    await stuck.waitEnded();
    const closed = seen.find((e) => e.type === 'client.closed');
    expect(closed).toMatchObject({ by: 'server', reason: 'limit', detail: 'send-timeout' });
    const blocked = seen.find((e) => e.type === 'send.blocked')!;
    // About one second after sendall() first blocked (the report came half a second in).
    expect(closed!.t - (blocked.t - (blocked as { blockedMs: number }).blockedMs)).toBeGreaterThan(
      950,
    );
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(Object.values(a.hub.lab.clients).find((c) => c.reason === 'limit')).toMatchObject({
      closedBy: 'server',
      sendBlocked: null,
    });
  });

  it('marks an idle-timeout close as such', async () => {
    const { seen, raw } = await start({ idleTimeoutSec: 1 });
    const silent = await raw();
    await silent.waitEnded(3_000);
    await eventually(() => seen.some((e) => e.type === 'client.closed'));
    expect(seen.find((e) => e.type === 'client.closed')).toMatchObject({
      by: 'server',
      reason: 'limit',
      detail: 'idle-timeout',
    });
  });

  it('reads --send-timeout like the other limits, off by default', () => {
    expect(parseOptions([]).limits.sendTimeoutSec).toBe(0);
    expect(parseOptions(['--send-timeout', '10']).limits.sendTimeoutSec).toBe(10);
    expect(() => parseOptions(['--send-timeout', 'soon'])).toThrow(/--send-timeout takes a whole/);
  });
});
