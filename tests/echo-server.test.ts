import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../shared/protocol.ts';
import { closeEchoAfterEach, type Echo } from './support/echo-fixture.ts';
import { idOf, ofType } from './support/tcp.ts';

const { start, connect } = closeEchoAfterEach();
let echo: Echo;

const accepted = (events: LabEvent[]): number[] =>
  events.filter((e) => e.type === 'client.accepted').map((e) => (e as { id: number }).id);

describe('iterative mode', () => {
  it('serves clients one at a time, in the order they connected', async () => {
    echo = await start();
    const [a, b, c, d] = [await connect(), await connect(), await connect(), await connect()];
    const ids = [a, b, c, d].map((x) => idOf(echo.events, x.localPort));
    for (const [i, x] of [d, c, b, a].entries()) x.send(`msg ${i}`);
    await a.receive(5);
    // Only the first client is served; the others' bytes wait in the queue, unechoed.
    expect(b.received.length + c.received.length + d.received.length).toBe(0);
    expect(accepted(echo.events)).toEqual([ids[0]]);
    for (const x of [a, b, c]) {
      x.send('desconectar');
      await x.waitEnded();
    }
    await d.receive(5);
    expect(accepted(echo.events)).toEqual(ids);
  });

  it('echoes what a waiting client sent as soon as it is served', async () => {
    echo = await start();
    const first = await connect();
    const second = await connect();
    second.send('early ');
    second.send('bytes');
    await new Promise((r) => setTimeout(r, 100));
    expect(second.received.length).toBe(0);
    first.socket.end();
    expect((await second.receive(11)).toString()).toBe('early bytes');
  });

  it('returns a 3000-byte message in reads of at most recvSize', async () => {
    echo = await start();
    const blocker = await connect();
    const client = await connect();
    const message = Buffer.alloc(3000, 'a');
    client.send(message);
    await new Promise((r) => setTimeout(r, 100));
    blocker.send('desconectar\n');
    expect((await client.receive(3000)).equals(message)).toBe(true);
    const id = idOf(echo.events, client.localPort);
    const reads = echo.events.filter(ofType('data.read', id)).map((e) => e.bytes);
    expect(reads).toEqual([1024, 1024, 952]);
  });

  it('echoes every byte value exactly, invalid UTF-8 included', async () => {
    echo = await start({ recvSize: 100 });
    const client = await connect();
    const bytes = Buffer.concat([
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf0, 0x9f]),
    ]);
    client.send(bytes);
    expect((await client.receive(bytes.length)).equals(bytes)).toBe(true);
    const read = echo.events.find(ofType('data.read'));
    expect(read?.preview).toContain('\\x00');
    expect(read?.truncated).toBe(true);
  });

  it.each(['desconectar', 'desconectar\n', 'desconectar\r\n'])(
    'ends the session on %j without echoing it',
    async (word) => {
      echo = await start();
      const client = await connect();
      client.send('hola');
      await client.receive(4);
      client.send(word);
      await client.waitEnded();
      expect(client.received.toString()).toBe('hola');
      const closed = await echo.waitFor(ofType('client.closed'));
      expect(closed).toMatchObject({ by: 'server', reason: 'word' });
    },
  );

  it('echoes the word when it is not alone in the read', async () => {
    echo = await start();
    const client = await connect();
    client.send('desconectar ahora');
    expect((await client.receive(17)).toString()).toBe('desconectar ahora');
  });

  it('serves the next client at once when the served one leaves', async () => {
    echo = await start();
    const first = await connect();
    const second = await connect();
    second.send('next');
    first.send('desconectar');
    // The first client never closes its side; the server must not wait for it.
    expect((await second.receive(4)).toString()).toBe('next');
  });
});

describe('clients that leave', () => {
  it('handles FIN while served: echoes what was sent, then closes', async () => {
    echo = await start();
    const client = await connect();
    const id = idOf(echo.events, client.localPort);
    client.socket.end('last words');
    expect((await client.receive(10)).toString()).toBe('last words');
    await client.waitEnded();
    expect(await echo.waitFor(ofType('client.closed', id))).toMatchObject({
      by: 'client',
      reason: 'fin',
    });
  });

  it('handles RST while served', async () => {
    echo = await start();
    const client = await connect();
    client.send('x');
    await client.receive(1);
    client.reset();
    const closed = await echo.waitFor(ofType('client.closed'));
    expect(closed).toMatchObject({ by: 'client', reason: 'reset' });
    const next = await connect();
    next.send('still fine');
    expect((await next.receive(10)).toString()).toBe('still fine');
  });

  it('drops a waiting client that resets, and one that closes with nothing to echo', async () => {
    echo = await start();
    await connect();
    const resetting = await connect();
    const leaving = await connect();
    const [r, l] = [resetting, leaving].map((c) => idOf(echo.events, c.localPort));
    resetting.reset();
    leaving.socket.end();
    expect(await echo.waitFor(ofType('client.closed', r))).toMatchObject({ reason: 'reset' });
    expect(await echo.waitFor(ofType('client.closed', l))).toMatchObject({ reason: 'fin' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(echo.server.buffers().map((b) => b.id)).not.toContain(r);
  });

  it('keeps a waiting client that closed its side, and echoes its bytes when served', async () => {
    echo = await start();
    const first = await connect();
    const halfClosed = await connect();
    halfClosed.socket.end('before my turn');
    await new Promise((r) => setTimeout(r, 100));
    first.send('desconectar');
    expect((await halfClosed.receive(14)).toString()).toBe('before my turn');
    await halfClosed.waitEnded();
  });
});

describe('past the backlog', () => {
  it('holds extra clients apart and lets them join the queue in order', async () => {
    echo = await start({ backlog: 2 });
    const all = [];
    for (let i = 0; i < 6; i++) all.push(await connect());
    const ids = all.map((c) => idOf(echo.events, c.localPort));
    const phases = echo.events.filter(ofType('client.connected')).map((e) => e.phase);
    // One served, two waiting; the third to sixth connected while the queue was full.
    expect(phases).toEqual(['waiting', 'waiting', 'waiting', 'retrying', 'retrying', 'retrying']);
    for (const c of all) c.send('hi');
    for (const c of all) {
      await c.receive(2);
      c.send('desconectar');
    }
    expect(accepted(echo.events)).toEqual(ids);
    const queued = echo.events.filter(ofType('client.queued')).map((e) => e.id);
    expect(queued).toEqual(ids.slice(3));
  });
});
