// What a client waiting in the accept queue sent is told (data.waiting), rate-bounded, and
// exact when accept() takes it; the reducer shows it on the client until reads take it.

import { describe, expect, it } from 'vitest';
import { initialState, reduceAll } from '../shared/lab.ts';
import type { EventOf } from '../shared/protocol.ts';
import { HELD_REPORT_MS } from '../server/echo/held-bytes.ts';
import { closeEchoAfterEach, type Echo } from './support/echo-fixture.ts';
import { idOf, ofType } from './support/tcp.ts';

const { start, connect } = closeEchoAfterEach();
let echo: Echo;

const waitingOf = (id: number): EventOf<'data.waiting'>[] =>
  echo.events.filter(ofType('data.waiting', id));

describe('a waiting client’s unread bytes', () => {
  it('are told with a count and a preview, and the reducer shows them until read', async () => {
    echo = await start();
    const first = await connect();
    const second = await connect();
    const id = idOf(echo.events, second.localPort);
    second.send('soy python');
    const told = await echo.waitFor(ofType('data.waiting', id));
    expect(told).toMatchObject({ bytes: 10, preview: 'soy python', truncated: false });
    let lab = reduceAll(initialState(), echo.events);
    expect(lab.clients[id]?.unread).toEqual({
      seq: told.seq,
      bytes: 10,
      preview: 'soy python',
      truncated: false,
    });
    // The server never counted them as read: nothing was echoed yet.
    expect(lab.totals.bytesIn).toBe(0);

    first.socket.end();
    expect((await second.receive(10)).toString()).toBe('soy python');
    await echo.waitFor(ofType('data.echoed', id));
    lab = reduceAll(initialState(), echo.events);
    expect(lab.clients[id]?.unread).toBeNull();
    expect(lab.clients[id]?.bytesIn).toBe(10);
  });

  it('are reported at a bounded rate, the last count exact before accept()', async () => {
    echo = await start();
    const first = await connect();
    const second = await connect();
    const id = idOf(echo.events, second.localPort);
    const began = Date.now();
    let sent = 0;
    // 40 small writes over about 400 ms: a report for each would be 40 events.
    for (let i = 0; i < 40; i++) {
      second.send('x'.repeat(60));
      sent += 60;
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, HELD_REPORT_MS + 100));
    const elapsed = Date.now() - began;
    const reports = waitingOf(id);
    expect(reports.length).toBeLessThanOrEqual(Math.ceil(elapsed / HELD_REPORT_MS) + 1);
    expect(reports.at(-1)).toMatchObject({ bytes: sent, truncated: true });
    expect(reports.at(-1)?.preview).toBe('x'.repeat(48));

    // Two more writes, the second within the first's quiet time, then at once accept():
    // the count held when accept() takes it is told before client.accepted.
    second.send('y');
    await new Promise((r) => setTimeout(r, 30));
    second.send('z'.repeat(5));
    await new Promise((r) => setTimeout(r, 30));
    first.socket.end();
    const accepted = await echo.waitFor(ofType('client.accepted', id));
    const last = waitingOf(id).at(-1);
    expect(last?.seq).toBeLessThan(accepted.seq);
    expect(last?.bytes).toBe(sent + 6);
    await second.receive(sent + 6);
  });

  it('are told for a served client while step mode holds the server before its recv()', async () => {
    echo = await start({ stepping: true });
    const only = await connect();
    const id = idOf(echo.events, only.localPort);
    await echo.waitFor((e) => e.type === 'server.paused' && e.step === 'accept');
    expect(echo.server.step()).toBe(true);
    await echo.waitFor(ofType('client.accepted', id));
    only.send('hola');
    const told = await echo.waitFor(ofType('data.waiting', id));
    expect(told).toMatchObject({ bytes: 4, preview: 'hola', served: true });
    expect(reduceAll(initialState(), echo.events).clients[id]?.unread?.bytes).toBe(4);
    // More while held: the count told last before recv() is all of it.
    only.send(' mundo');
    await new Promise((r) => setTimeout(r, 50));
    expect(echo.server.step()).toBe(true);
    const read = await echo.waitFor(ofType('data.read', id));
    expect(read.bytes).toBe(10);
    const last = waitingOf(id).at(-1);
    expect(last?.seq).toBeLessThan(read.seq);
    expect(last?.bytes).toBe(10);
    expect(reduceAll(initialState(), echo.events).clients[id]?.unread).toBeNull();
  });

  it('are not told for a client that is served', async () => {
    echo = await start();
    const only = await connect();
    const id = idOf(echo.events, only.localPort);
    await echo.waitFor(ofType('client.accepted', id));
    only.send('hola');
    await only.receive(4);
    expect(waitingOf(id)).toEqual([]);
  });
});
