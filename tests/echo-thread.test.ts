import { spawn } from 'node:child_process';
import type { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../shared/protocol.ts';
import { eventually } from './support/app.ts';
import { closeLaunchedAfterEach, exitOf } from './support/launched.ts';

const { launch, raw, cleanup } = closeLaunchedAfterEach();

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
