import { spawn } from 'node:child_process';
import type { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { reduceAll, type LabState } from '../shared/lab.ts';
import { DEFAULTS, type LabEvent } from '../shared/protocol.ts';
import { bridgeClient, eventually, watch } from './support/app.ts';
import { closeLaunchedAfterEach, exitOf } from './support/launched.ts';

const { launch, raw, cleanup } = closeLaunchedAfterEach({ inProcess: false });

/**
 * A raw client in a process of its own, so it runs while this thread is blocked: it
 * connects, says "ready", and on "go" sends one message and prints when its echo arrived.
 */
const CLIENT = `
const net = require('node:net');
const socket = net.connect({ host: '127.0.0.1', port: Number(process.argv[1]) }, () => {
  process.stdout.write('ready\\n');
});
let echo = '';
socket.on('data', (chunk) => {
  echo += chunk.toString('latin1');
  if (echo === 'hola') process.stdout.write(echo + ' ' + Date.now() + '\\n');
});
process.stdin.once('data', () => socket.write('hola'));
`;

/** Like CLIENT, but it connects only on "go": a newcomer, while this thread is blocked. */
const NEWCOMER = `
const net = require('node:net');
process.stdin.once('data', () => {
  const socket = net.connect({ host: '127.0.0.1', port: Number(process.argv[1]) }, () =>
    socket.write('hola'),
  );
  let echo = '';
  socket.on('data', (chunk) => {
    echo += chunk.toString('latin1');
    if (echo === 'hola') process.stdout.write(echo + ' ' + Date.now() + '\\n');
  });
});
process.stdout.write('ready\\n');
`;

/** Keeps this thread busy, as a storm of page work would. */
function blockFor(ms: number): number {
  const until = Date.now() + ms;
  while (Date.now() < until);
  return Date.now();
}

describe('the echo server in its own thread', () => {
  it('echoes while the thread that serves the pages is busy', async () => {
    const app = await launch({ namePrograms: false });
    const child = spawn(process.execPath, ['-e', CLIENT, String(app.addresses.echoPort)]);
    cleanup.push(() => child.kill());
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await eventually(() => out.includes('ready\n'));
    await eventually(() => app.hub.lab.served.length === 1);

    child.stdin.write('go\n');
    const unblocked = blockFor(1_500);

    await eventually(() => /hola \d+/.test(out));
    const echoedAt = Number(/hola (\d+)/.exec(out)?.[1]);
    expect(echoedAt).toBeLessThan(unblocked);
    // The page still hears all of it, in order, once its thread is free again.
    await eventually(() => app.hub.lab.clients[1]?.bytesOut === 4);
    child.kill();
    await exitOf(child);
  });

  it('accepts and echoes a new loopback client while the main thread is blocked', async () => {
    const app = await launch({ namePrograms: false });
    const child = spawn(process.execPath, ['-e', NEWCOMER, String(app.addresses.echoPort)]);
    cleanup.push(() => child.kill());
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await eventually(() => out.includes('ready\n'));

    child.stdin.write('go\n');
    // Nothing runs here meanwhile: no question from the echo thread could be answered.
    const unblocked = blockFor(2_000);

    await eventually(() => /hola \d+/.test(out));
    const echoedAt = Number(/hola (\d+)/.exec(out)?.[1]);
    expect(echoedAt).toBeLessThan(unblocked);
    await eventually(() => app.hub.lab.clients[1]?.bytesOut === 4);
    expect(app.hub.lab.clients[1]).toMatchObject({ kind: 'raw', address: '127.0.0.1' });
    const order = app.hub.recent(20).map((e) => e.type);
    expect(order.filter((t) => t.startsWith('client.') || t.startsWith('data.'))).toEqual([
      'client.connected',
      'client.accepted',
      'data.read',
      'data.echoed',
    ]);
    child.kill();
    await exitOf(child);
  });

  it('names in-process clients and raw ones alike, in the order they connected', async () => {
    const app = await launch({ namePrograms: false });
    const waiting = await raw(app.addresses.echoPort);
    const dialled = app.echo.dial('bot', 'bot 1');
    await once(dialled.socket, 'connect');
    const later = await raw(app.addresses.echoPort);
    expect(await dialled.id).toBe(2);
    await eventually(() => app.hub.lab.queue.length === 2);
    const clients = app.hub.lab.clients;
    expect([1, 2, 3].map((id) => clients[id]?.kind)).toEqual(['raw', 'bot', 'raw']);
    expect(clients[2]?.label).toBe('bot 1');
    for (const client of [waiting, later]) client.send(DEFAULTS.disconnectWord);
    dialled.socket.end(DEFAULTS.disconnectWord);
  });

  it('names web forms and bots on every page, late ones too, after they came in', async () => {
    const app = await launch({ namePrograms: false, mode: 'concurrent' });
    const live = await watch(app);
    cleanup.push(() => live.socket.close());
    const web = await bridgeClient(app, '?name=Ana');
    cleanup.push(() => web.ws.close());
    const { id } = await web.hello;
    const bots = { type: 'bots', count: 1, messages: 1, intervalMs: 50 } as const;
    expect(await live.socket.timeout(2_000).emitWithAck('control', bots)).toEqual({ ok: true });
    web.ws.send('hola');
    await web.receive(4);

    const page = () => reduceAll(live.snapshots[0]!.state, live.events);
    const botOf = (lab: LabState) => Object.values(lab.clients).find((c) => c.label === 'bot 1');
    await eventually(() => botOf(page())?.kind === 'bot' && page().clients[id]?.echoes === 1);
    expect(page().clients[id]).toMatchObject({ kind: 'web', label: 'Ana' });
    const late = await watch(app);
    cleanup.push(() => late.socket.close());
    const { state, history } = late.snapshots[0]!;
    expect(state.clients[id]).toMatchObject({ kind: 'web', label: 'Ana' });
    expect(botOf(state)).toMatchObject({ kind: 'bot' });

    // Told as it happened: each came in as raw, then was known; no read before its accept.
    for (const client of [id, botOf(state)!.id]) {
      const about = (e: LabEvent) => ('client' in e ? e.client.id : 'id' in e ? e.id : null);
      const at = (type: LabEvent['type']) =>
        history.findIndex((e) => e.type === type && about(e) === client);
      expect(history[at('client.connected')]).toMatchObject({ client: { kind: 'raw' } });
      expect(at('client.connected')).toBeLessThan(at('client.identified'));
      expect(at('client.accepted')).toBeLessThan(at('data.read'));
    }
  });

  it('reports a port already taken as the error of listen', async () => {
    const first = await launch({ namePrograms: false });
    await expect(launch({ namePrograms: false, port: first.addresses.echoPort })).rejects.toThrow(
      expect.objectContaining({ code: 'EADDRINUSE' }),
    );
  });
  it('tells its owner when the thread dies on its own, and answers no call after', async () => {
    const app = await launch({ namePrograms: false });
    const crashes: Error[] = [];
    app.echo.onCrash((err) => crashes.push(err));
    // Stands in for a crash: the thread ends without being asked to close.
    await (app.echo as unknown as { worker: Worker }).worker.terminate();
    await eventually(() => crashes.length === 1);
    expect(crashes[0]?.message).toMatch(/exited/);
    await expect(app.echo.buffers()).rejects.toThrow(/exited/);
  });
});
