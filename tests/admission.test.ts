// Admission on real sockets, with the one seam the echo thread has: the question "is this
// loopback connection one of our own dials?" to a thread that may answer late. Here the
// test is that thread, and answers when it chooses.

import { afterEach, describe, expect, it } from 'vitest';
import type { LocalClient } from '../server/echo/client-names.ts';
import { initialState, reduceAll } from '../shared/lab.ts';
import { DEFAULTS, type LabEvent } from '../shared/protocol.ts';
import { ofType, RawClient, startEcho } from './support/tcp.ts';

interface Ask {
  port: number;
  id: number;
  answer: (local: LocalClient | null) => void;
}

let echo: Awaited<ReturnType<typeof startEcho>>;
const clients: RawClient[] = [];
let asks: Ask[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy();
  // Unanswered questions would hold nothing up, but leave none behind.
  for (const ask of asks.splice(0)) ask.answer(null);
  await echo?.server.close();
});

/** An echo server whose every loopback connection is asked about, answered by the test. */
async function start(mode: 'iterative' | 'concurrent' = 'concurrent') {
  asks = [];
  echo = await startEcho(
    { mode },
    {
      askDialler: (port, id) =>
        new Promise<LocalClient | null>((answer) => asks.push({ port, id, answer })),
    },
  );
}

async function connect(): Promise<RawClient> {
  const client = await RawClient.connect(echo.port);
  clients.push(client);
  return client;
}

const asked = async (client: RawClient): Promise<Ask> => {
  const until = Date.now() + 2_000;
  for (;;) {
    const ask = asks.find((a) => a.port === client.localPort);
    if (ask) return ask;
    if (Date.now() > until) throw new Error('never asked');
    await new Promise((r) => setTimeout(r, 5));
  }
};

const connectedOf = (events: LabEvent[], id: number): LabEvent | undefined =>
  events.find((e) => e.type === 'client.connected' && e.client.id === id);

const WEB: LocalClient = { kind: 'web', label: 'web 1', from: '10.0.0.9' };

describe('admission', () => {
  it('takes loopback clients in and echoes them before anyone says whose they are', async () => {
    await start('iterative');
    const first = await connect();
    const second = await connect();
    first.send('hola');
    expect((await first.receive(4)).toString()).toBe('hola');
    const [a, b] = [await asked(first), await asked(second)];
    const connected = echo.events.filter(ofType('client.connected'));
    // In accept order, as raw: nothing is known of them yet.
    expect(connected.map((e) => [e.client.id, e.client.kind])).toEqual([
      [a.id, 'raw'],
      [b.id, 'raw'],
    ]);
    first.send(DEFAULTS.disconnectWord);
    second.send('dos');
    expect((await second.receive(3)).toString()).toBe('dos');
  });

  it('relabels one of ours once the answer comes, after its connect', async () => {
    await start();
    const client = await connect();
    const ask = await asked(client);
    client.send('hola');
    await client.receive(4);
    ask.answer(WEB);
    const identified = await echo.waitFor(ofType('client.identified', ask.id));
    expect(identified).toMatchObject({ kind: 'web', label: 'web 1', address: '10.0.0.9' });
    const events = echo.events;
    expect(connectedOf(events, ask.id)?.seq).toBeLessThan(identified.seq);
    const lab = reduceAll(initialState(), events);
    expect(lab.clients[ask.id]).toMatchObject({ kind: 'web', label: 'web 1', address: '10.0.0.9' });
    expect(lab.clients[ask.id]?.echoes).toBe(1);
  });

  it('leaves a client not yet known alone when its address is blocked, until known raw', async () => {
    await start();
    const raw = await connect();
    const ours = await connect();
    const [rawAsk, oursAsk] = [await asked(raw), await asked(ours)];
    expect(echo.server.block('127.0.0.1')).toBe(true);
    ours.send('hola');
    expect((await ours.receive(4)).toString()).toBe('hola');
    expect(raw.closed).toBe(false);

    oursAsk.answer({ kind: 'bot', label: 'bot 1' });
    await echo.waitFor(ofType('client.identified', oursAsk.id));
    rawAsk.answer(null);
    await echo.waitFor(ofType('client.closed', rawAsk.id));
    expect(echo.events.find(ofType('client.closed', rawAsk.id))).toMatchObject({
      reason: 'kicked',
    });
    // Our own dials from this machine stay: blocking it is meant for its raw clients.
    ours.send('!');
    expect((await ours.receive(5)).toString()).toBe('hola!');
  });

  it('holds a client from a blocked loopback address until known: refused if raw', async () => {
    await start();
    echo.server.block('127.0.0.1');
    const raw = await connect();
    const ours = await connect();
    const [rawAsk, oursAsk] = [await asked(raw), await asked(ours)];
    // Neither may be refused nor served before it is known.
    expect(echo.events.filter(ofType('client.connected'))).toEqual([]);
    expect(echo.events.filter(ofType('client.refused'))).toEqual([]);

    oursAsk.answer({ kind: 'web', label: 'web 1' });
    const entered = await echo.waitFor(ofType('client.connected'));
    expect(entered.client).toMatchObject({ id: oursAsk.id, kind: 'web', label: 'web 1' });
    rawAsk.answer(null);
    await raw.waitEnded();
    expect(raw.received.toString()).toMatch(/^echo-lab: your address is blocked/);
    expect(echo.events.find(ofType('client.refused'))).toMatchObject({ cause: 'blocked' });
    expect(connectedOf(echo.events, rawAsk.id)).toBeUndefined();
    ours.send('hola');
    expect((await ours.receive(4)).toString()).toBe('hola');
  });
});
