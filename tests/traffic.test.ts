import { afterEach, describe, expect, it } from 'vitest';
import { initialState, reduceAll } from '../shared/lab.ts';
import {
  DETAILED_READS_PER_CLIENT,
  DETAILED_READS_PER_WINDOW,
  WINDOW_MS,
  WINDOWS_PER_SUMMARY,
} from '../shared/traffic-policy.ts';
import { idOf, RawClient, startEcho } from './support/tcp.ts';

let echo: Awaited<ReturnType<typeof startEcho>>;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy();
  await echo?.server.close();
});

/** Ping-pong: one message, wait for its echo, the next. */
async function pingPong(client: RawClient, count: number, size: number): Promise<void> {
  const message = Buffer.alloc(size, 'p');
  for (let i = 1; i <= count; i++) {
    client.send(message);
    await client.receive(i * size);
  }
}

describe('heavy traffic', () => {
  it('sums reads past the budget into bursts that keep every count exact', async () => {
    echo = await startEcho({ mode: 'concurrent' });
    const all = await Promise.all(Array.from({ length: 20 }, () => RawClient.connect(echo.port)));
    clients.push(...all);
    await Promise.all(all.map((c) => pingPong(c, 150, 100)));
    await new Promise((r) => setTimeout(r, WINDOW_MS * 2));

    const bursts = echo.events.filter((e) => e.type === 'data.burst');
    expect(bursts.length).toBeGreaterThan(0);
    const state = reduceAll(initialState(), echo.events);
    expect(state.totals).toMatchObject({
      reads: state.totals.echoes,
      bytesIn: 20 * 150 * 100,
      bytesOut: 20 * 150 * 100,
    });
    for (const client of Object.values(state.clients)) expect(client.bytesIn).toBe(150 * 100);

    // No window of WINDOW_MS holds more detailed reads than the budget.
    const reads = echo.events.filter((e) => e.type === 'data.read').map((e) => e.t);
    for (const [i, t] of reads.entries()) {
      const inWindow = reads.slice(i).filter((x) => x < t + WINDOW_MS).length;
      expect(inWindow).toBeLessThanOrEqual(DETAILED_READS_PER_WINDOW * 2);
    }
  });

  it("keeps a quiet client's messages as arrows while another client floods", async () => {
    echo = await startEcho({ mode: 'concurrent' });
    const [flood, quiet] = await Promise.all([
      RawClient.connect(echo.port),
      RawClient.connect(echo.port),
    ]);
    clients.push(flood, quiet);
    const flooding = pingPong(flood, 5000, 100);
    let expected = 0;
    for (let i = 1; i <= 5; i++) {
      const message = `hola ${i}`;
      expected += message.length;
      quiet.send(message);
      await quiet.receive(expected);
      await new Promise((r) => setTimeout(r, 20));
    }
    await flooding;
    // The flood's burst is summed up when its window ends, which may be after its last echo.
    await new Promise((r) => setTimeout(r, WINDOW_MS * 2));

    const quietId = idOf(echo.events, quiet.localPort);
    const floodId = idOf(echo.events, flood.localPort);
    const reads = echo.events.filter((e) => e.type === 'data.read' && e.id === quietId);
    expect(reads.map((e) => e.type === 'data.read' && e.preview)).toEqual(
      [1, 2, 3, 4, 5].map((i) => `hola ${i}`),
    );
    expect(echo.events.some((e) => e.type === 'data.burst' && e.id === floodId)).toBe(true);
    expect(echo.events.some((e) => e.type === 'data.burst' && e.id === quietId)).toBe(false);
  });

  it('sums up a sustained flood wholly after its first window, then shows arrows again', async () => {
    echo = await startEcho({ mode: 'concurrent' });
    const client = await RawClient.connect(echo.port);
    clients.push(client);
    // Long enough for several windows whatever the machine's speed.
    const message = Buffer.alloc(100, 'f');
    let received = 0;
    for (const end = performance.now() + WINDOW_MS * 6; performance.now() < end;) {
      client.send(message);
      received += message.length;
      await client.receive(received);
    }
    const id = idOf(echo.events, client.localPort);
    const detailed = echo.events.filter((e) => e.type === 'data.read' && e.id === id);
    // At most the window the flood started in and the one after (if it began late in it).
    expect(detailed.length).toBeLessThanOrEqual(2 * DETAILED_READS_PER_CLIENT);
    // At most seven windows went by: one summary per WINDOWS_PER_SUMMARY windows while the
    // flood goes on, and the last when it stops.
    await new Promise((r) => setTimeout(r, WINDOW_MS * 2));
    const summaries = echo.events.filter((e) => e.type === 'data.burst' && e.id === id);
    expect(summaries.length).toBeLessThanOrEqual(1 + Math.ceil(7 / WINDOWS_PER_SUMMARY));

    await new Promise((r) => setTimeout(r, WINDOW_MS * 3));
    client.send('hola');
    await client.receive(received + 4);
    const last = echo.events.filter((e) => 'id' in e && e.id === id).at(-1);
    expect(last).toMatchObject({ type: 'data.echoed', bytes: 4 });
    const state = reduceAll(initialState(), echo.events);
    expect(state.clients[id]).toMatchObject({ bytesIn: received + 4, bytesOut: received + 4 });
  });

  it('reports a pending burst before the client says the word', async () => {
    echo = await startEcho({ mode: 'concurrent' });
    const all = await Promise.all(Array.from({ length: 10 }, () => RawClient.connect(echo.port)));
    clients.push(...all);
    await Promise.all(all.map((c) => pingPong(c, 100, 10)));
    for (const c of all) c.send('desconectar');
    await Promise.all(all.map((c) => c.waitEnded()));
    expect(echo.events.some((e) => e.type === 'data.burst')).toBe(true);
    for (const e of echo.events) {
      if (e.type !== 'data.burst') continue;
      const closed = echo.events.find((x) => x.type === 'client.closed' && x.id === e.id);
      expect(closed!.seq).toBeGreaterThan(e.seq);
    }
  });
});
