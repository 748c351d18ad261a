import { describe, expect, it } from 'vitest';
import { RECEIVE_BUFFER_LIMIT } from '../server/echo/connection.ts';
import { closeEchoAfterEach, type Echo } from './support/echo-fixture.ts';
import { RawClient } from './support/tcp.ts';

const { start, clients } = closeEchoAfterEach();
let echo: Echo;

describe('a whole session', () => {
  it('emits exactly the expected events, in order, with gapless sequence numbers', async () => {
    echo = await start();
    const client = await RawClient.connect(echo.port);
    clients.push(client);
    client.send('hola');
    await client.receive(4);
    client.send('desconectar\n');
    await client.waitEnded();
    await echo.server.close();
    const seen = echo.events.map(({ seq: _s, t: _t, ...rest }) => rest);
    const id = 1;
    const port = client.localPort;
    expect(seen).toEqual([
      {
        type: 'server.started',
        config: { ...echo.server.settings },
        startedAt: expect.any(Number),
      },
      {
        type: 'client.connected',
        phase: 'waiting',
        client: { id, kind: 'raw', address: '127.0.0.1', port, label: `127.0.0.1:${port}` },
      },
      { type: 'client.accepted', id },
      { type: 'data.read', id, bytes: 4, preview: 'hola', truncated: false },
      { type: 'data.echoed', id, bytes: 4 },
      { type: 'client.word', id, bytes: 12, preview: 'desconectar\\n', truncated: false },
      { type: 'client.closed', id, by: 'server', reason: 'word' },
      { type: 'server.stopped' },
    ]);
    expect(echo.events.map((e) => e.seq)).toEqual(echo.events.map((_, i) => i + 1));
    const times = echo.events.map((e) => e.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});

describe('concurrent mode', () => {
  it('serves 200 clients at once, each getting exactly its own bytes back', async () => {
    echo = await start({ mode: 'concurrent' });
    const all = await Promise.all(Array.from({ length: 200 }, () => RawClient.connect(echo.port)));
    clients.push(...all);
    const messages = all.map((_, i) => Buffer.from(`client ${i} `.repeat(20 + (i % 7))));
    all.forEach((c, i) => c.send(messages[i]!));
    const echoes = await Promise.all(all.map((c, i) => c.receive(messages[i]!.length)));
    echoes.forEach((e, i) => expect(e.equals(messages[i]!)).toBe(true));
    const accepted = echo.events.filter((e) => e.type === 'client.accepted');
    expect(accepted).toHaveLength(200);
  });
});

describe('backpressure', () => {
  it('keeps a client that sends but never reads within bounded buffers', async () => {
    echo = await start();
    const client = await RawClient.connect(echo.port);
    clients.push(client);
    client.socket.pause();
    const chunk = Buffer.alloc(64 * 1024, 'z');
    let sent = 0;
    // Write until the kernel pushes back on us too: the server has stopped reading.
    while (sent < 64 * 1024 * 1024 && client.socket.write(chunk)) sent += chunk.length;
    await new Promise((r) => setTimeout(r, 500));
    const [held] = echo.server.buffers();
    expect(held).toBeDefined();
    expect(held!.pending).toBeLessThanOrEqual(RECEIVE_BUFFER_LIMIT + chunk.length);
    expect(held!.unsent).toBeLessThanOrEqual(64 * 1024 + 1024);
    // The server is still healthy: reading again drains everything in order.
    client.socket.resume();
    await client.receive(1024 * 1024);
  });
});
