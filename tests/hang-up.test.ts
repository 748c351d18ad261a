import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import type { Limits } from '../server/limits.ts';
import { bridgeClient, eventually, startApp } from './support/app.ts';
import { pause } from './support/probes.ts';
import { RawClient } from './support/tcp.ts';

let app: Application | undefined;
const cleanup: (() => void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) fn();
  await app?.close();
  app = undefined;
});

async function start(limits: Partial<Limits> = {}): Promise<Application> {
  // In its own thread: on the main thread a stalled page's socket was closed 1006, not 4408
  // (a difference of the in-process adapter's, left to its owner).
  app = await startApp({ namePrograms: false, limits, inProcess: false });
  return app;
}

type Web = Awaited<ReturnType<typeof bridgeClient>>;

async function web(a: Application): Promise<Web> {
  const client = await bridgeClient(a);
  cleanup.push(() => client.ws.terminate());
  await client.hello;
  return client;
}

const FRAME = Buffer.alloc(64 * 1024, 0x61);

/** Stops reading its WebSocket and sends 64 KiB frames as fast as its own buffer allows. */
async function freeze(client: Web, ms: number): Promise<void> {
  client.ws.pause();
  const until = Date.now() + ms;
  while (Date.now() < until && client.ws.readyState === client.ws.OPEN) {
    if (client.ws.bufferedAmount < 1024 * 1024) client.ws.send(FRAME);
    else await pause(5);
  }
}

/** A new raw client, echoed within `ms` or the test fails. */
async function echoedWithin(a: Application, ms: number): Promise<void> {
  const client = await RawClient.connect(a.addresses.echoPort);
  cleanup.push(() => client.socket.destroy());
  client.send('still there?');
  expect((await client.receive(12, ms)).toString()).toBe('still there?');
}

const webClientsOpen = async (a: Application): Promise<number> => {
  const open = new Set((await a.echo.buffers()).map((b) => b.id));
  return Object.values(a.hub.lab.clients).filter((c) => c.kind === 'web' && open.has(c.id)).length;
};

describe('a page that freezes and goes away', () => {
  it('leaves nothing paused: the next raw client is echoed at once', async () => {
    const a = await start();
    const frozen = await web(a);
    await freeze(frozen, 1_500);
    frozen.ws.terminate();
    await echoedWithin(a, 3_000);
    expect(await webClientsOpen(a)).toBe(0);
  });

  it('nor do twenty of them at once', async () => {
    // Twenty without a page key share one count.
    const a = await start({ maxWebClientsPerPage: 20 });
    const frozen = await Promise.all(Array.from({ length: 20 }, () => web(a)));
    await Promise.all(frozen.map((f) => freeze(f, 1_500)));
    for (const f of frozen) f.ws.terminate();
    await echoedWithin(a, 3_000);
    await eventually(async () => (await webClientsOpen(a)) === 0, 3_000);
  });

  it('sends a FIN, not a reset, when nothing was in flight', async () => {
    const a = await start();
    const quiet = await web(a);
    quiet.ws.send(Buffer.from('hola'));
    expect((await quiet.receive(4)).toString()).toBe('hola');
    quiet.ws.close();
    await eventually(() => Object.values(a.hub.lab.clients).some((c) => c.phase === 'closed'));
    const closed = Object.values(a.hub.lab.clients).find((c) => c.phase === 'closed')!;
    expect(closed.reason).toBe('fin');
  });
});

describe('--bridge-stall-timeout', () => {
  it('closes a page that stops reading, with a reason, and resets its TCP side', async () => {
    const a = await start({ bridgeStallTimeoutSec: 1 });
    const stalled = await web(a);
    const started = Date.now();
    void freeze(stalled, 10_000);
    // The page is still open, only not reading: the bridge gives up on it by itself.
    await eventually(async () => (await webClientsOpen(a)) === 0, 6_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    const closed = Object.values(a.hub.lab.clients).find((c) => c.kind === 'web')!;
    expect(closed).toMatchObject({ phase: 'closed', reason: 'reset' });
    // Once it reads again it finds out why.
    stalled.ws.resume();
    const { code, reason } = await stalled.closed;
    expect(code).toBe(4408);
    expect(reason).toMatch(/stopped reading.*1 s/);
    await echoedWithin(a, 2_000);
  });
});
