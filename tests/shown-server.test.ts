// The seam every server Echo Lab shows plugs into: the same lesson, through the same web
// side, whether the echo server runs in its own thread or on the main one.

import { describe, expect, it } from 'vitest';
import { bridgeClient, eventually, watch } from './support/app.ts';
import { closeLaunchedAfterEach } from './support/launched.ts';

const { launch, raw, cleanup } = closeLaunchedAfterEach();

describe.each([
  { name: 'in its own thread', inProcess: false },
  { name: 'on the main thread', inProcess: true },
])('the echo server $name, through the seam', ({ inProcess }) => {
  it('queues a raw client behind a web card, serves both in order, and steps', async () => {
    const app = await launch({ inProcess, namePrograms: false });
    const viewer = await watch(app);
    cleanup.push(() => viewer.socket.disconnect());
    const card = await bridgeClient(app, '?name=Ana');
    cleanup.push(() => card.ws.terminate());
    const hello = await card.hello;
    expect(hello.label).toBe('Ana');

    const nc = await raw(app.addresses.echoPort);
    nc.send('hola');
    card.ws.send(Buffer.from('desde la web'));
    expect((await card.receive(12)).toString()).toBe('desde la web');
    await eventually(() => app.hub.lab.queue.length === 1);
    expect(nc.received.length).toBe(0);

    const control = (command: object) =>
      viewer.socket.emitWithAck('control', command as never) as Promise<{ ok: boolean }>;
    expect(await control({ type: 'configure', settings: { stepping: true } })).toEqual({
      ok: true,
    });
    expect(app.echo.settings.stepping).toBe(true);
    card.ws.send(Buffer.from('desconectar'));
    // Held before the card's recv, its close, the raw client's accept, recv and sendall.
    const steps: string[] = [];
    while (nc.received.length < 4) {
      await eventually(() => app.hub.lab.paused || nc.received.length === 4);
      if (nc.received.length === 4) break;
      const held = app.hub.lab.seq;
      steps.push(app.hub.lab.held[0]?.step ?? '?');
      expect(await control({ type: 'step' })).toEqual({ ok: true });
      await eventually(() => app.hub.lab.seq > held);
      expect(steps.length).toBeLessThan(8);
    }
    expect(steps.slice(-3)).toEqual(['accept', 'recv', 'send']);
    expect((await nc.receive(4)).toString()).toBe('hola');
    const served = app.hub.lab.clients[app.hub.lab.served[0] ?? -1];
    expect(served?.kind).toBe('raw');
    expect(served?.bytesIn).toBe(4);
  });
});
