// Slow motion tells the page what it waits to do: a `server.delayed` before each action,
// ended by the action itself, so every page can show what is pending and count it down.

import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import { initialState, reduce, reduceAll } from '../shared/lab.ts';
import { DEFAULTS, type LabEvent, type LabEventBody } from '../shared/protocol.ts';
import { slowText } from '../web/src/teaching/now.ts';
import { eventually, startApp } from './support/app.ts';
import { RawClient } from './support/tcp.ts';

let app: Application | undefined;
const sockets: RawClient[] = [];
afterEach(async () => {
  for (const client of sockets.splice(0)) client.socket.destroy();
  await app?.close();
  app = undefined;
});

const config = { ...DEFAULTS, port: 8000, delayMs: 500 };
const nc = { id: 1, kind: 'raw' as const, address: '127.0.0.1', port: 50001, label: 'nc' };

function events(...bodies: LabEventBody[]): LabEvent[] {
  return bodies.map((body, i) => ({ ...body, seq: i + 1, t: i * 100 }));
}

describe('slow motion on the real server', () => {
  it('says what it waits to do, for how long, before each action', async () => {
    app = await startApp({ delayMs: 300, namePrograms: false });
    const client = await RawClient.connect(app.addresses.echoPort);
    sockets.push(client);
    // Before accept(): the page knows what is pending while the server sleeps.
    await eventually(() => app!.hub.lab.delayed.length === 1);
    expect(app.hub.lab.delayed[0]).toMatchObject({ step: 'accept', ms: 300 });
    expect(app.hub.lab.queue).toHaveLength(1);
    client.send('hola');
    expect((await client.receive(4)).toString()).toBe('hola');
    // sendall() is told once the kernel took the bytes, which may be after they arrive.
    await eventually(() => app!.hub.recent(100).some((e) => e.type === 'data.echoed'));
    const seen = app.hub
      .recent(100)
      .filter((e) =>
        ['server.delayed', 'client.accepted', 'data.read', 'data.echoed'].includes(e.type),
      )
      .map((e) => (e.type === 'server.delayed' ? `wait ${e.step}` : e.type));
    expect(seen).toEqual([
      'wait accept',
      'client.accepted',
      'wait recv',
      'data.read',
      'wait send',
      'data.echoed',
    ]);
    // The echo ended the last wait: nothing is pending while recv() waits for the client.
    await eventually(() => app!.hub.lab.delayed.length === 0);
  });
});

describe('the reducer', () => {
  it('keeps a wait until its action, a hold or the close, one per client', () => {
    const base = events(
      { type: 'server.started', config, startedAt: 0 },
      { type: 'client.connected', client: nc, phase: 'waiting' },
      { type: 'server.delayed', step: 'accept', id: 1, ms: 500 },
    );
    let lab = reduceAll(initialState(), base);
    expect(lab.delayed).toEqual([{ step: 'accept', id: 1, since: 200, ms: 500 }]);
    const next = (body: LabEventBody, seq: number) => reduce(lab, { ...body, seq, t: seq * 100 });
    lab = next({ type: 'client.accepted', id: 1 }, 4);
    expect(lab.delayed).toEqual([]);
    lab = next({ type: 'server.delayed', step: 'recv', id: 1, ms: 500 }, 5);
    lab = next({ type: 'server.delayed', step: 'send', id: 1, ms: 500 }, 6);
    expect(lab.delayed).toHaveLength(1);
    lab = next({ type: 'server.paused', step: 'send', id: 1 }, 7);
    expect(lab.delayed).toEqual([]);
    lab = next({ type: 'server.delayed', step: 'close', id: 1, ms: 500 }, 8);
    lab = next({ type: 'client.closed', id: 1, by: 'client', reason: 'fin' }, 9);
    expect(lab.delayed).toEqual([]);
  });

  it('ends a wait inside a run of traffic folded at once', () => {
    const lab = reduceAll(
      initialState(),
      events(
        { type: 'server.started', config, startedAt: 0 },
        { type: 'client.connected', client: nc, phase: 'waiting' },
        { type: 'client.accepted', id: 1 },
        { type: 'server.delayed', step: 'recv', id: 1, ms: 500 },
        { type: 'data.read', id: 1, bytes: 4, preview: 'hola', truncated: false },
        { type: 'data.echoed', id: 1, bytes: 4 },
      ),
    );
    expect(lab.delayed).toEqual([]);
  });

  it('is told with the pending action and the time left', () => {
    const lab = reduceAll(
      initialState(),
      events(
        { type: 'server.started', config, startedAt: 0 },
        { type: 'client.connected', client: nc, phase: 'waiting' },
        { type: 'server.delayed', step: 'accept', id: 1, ms: 1000 },
      ),
    );
    expect(slowText(lab, 420, 'es')).toBe(
      'Siguiente: accept() saca a nc de la cola · cámara lenta: en 0,4 s',
    );
    expect(slowText(lab, 420, 'en')).toBe(
      'Next: accept() takes nc from the queue · slow motion: in 0.4 s',
    );
    expect(slowText(initialState(), 0, 'es')).toBeNull();
  });
});
