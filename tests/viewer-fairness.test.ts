import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import type { Limits } from '../server/limits.ts';
import type { ControlResult } from '../shared/protocol.ts';
import { bridgeClient, startApp, watch } from './support/app.ts';
import { connectViewer, HandTypedSocketIo, pageUrl, pause } from './support/probes.ts';
import { RawClient } from './support/tcp.ts';

let app: Application | undefined;
const cleanup: (() => void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) fn();
  await app?.close();
  app = undefined;
});

async function start(limits: Partial<Limits>, extra: Parameters<typeof startApp>[0] = {}) {
  // The echo server in its own thread: whether it stays prompt while pages misbehave is
  // part of what these tests check.
  app = await startApp({
    limits,
    namePrograms: false,
    mode: 'concurrent',
    inProcess: false,
    ...extra,
  });
  return app;
}

/** A page from `localAddress` (any 127.x address reaches a server on 127.0.0.1). */
async function page(a: Application, localAddress = '127.0.0.1') {
  // engine.io-client hands localAddress to ws, though its types leave it out.
  const options: Parameters<typeof io>[1] & { localAddress: string } = {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    localAddress,
  };
  const socket = io(pageUrl(a), options);
  cleanup.push(() => socket.close());
  return new Promise<{ admitted: boolean; reason: string }>((resolve) => {
    socket.once('snapshot', () => resolve({ admitted: true, reason: '' }));
    socket.once('connect_error', (err) => resolve({ admitted: false, reason: err.message }));
  });
}

describe('--max-viewers-per-address', () => {
  it('refuses one more page from a full address with the reason, not one from another', async () => {
    const a = await start({ maxViewersPerAddress: 2 });
    expect(await page(a)).toMatchObject({ admitted: true });
    expect(await page(a)).toMatchObject({ admitted: true });
    expect(await page(a)).toEqual({
      admitted: false,
      reason: 'too many pages from your address (limit 2)',
    });
    expect(await page(a, '127.0.0.2')).toMatchObject({ admitted: true });
    // A page that leaves frees its place.
    cleanup.shift()!();
    await pause(100);
    expect(await page(a)).toMatchObject({ admitted: true });
  });
});

describe('a refusal past twice --max-viewers', () => {
  it('still tells the page why, and closes the refused connection', async () => {
    const a = await start({ maxViewers: 1 });
    expect(await page(a)).toMatchObject({ admitted: true });
    // An engine.io handshake that never joins: now twice the limit is open.
    const idle = await HandTypedSocketIo.open(a.addresses.webPort);
    cleanup.push(() => idle.close());
    const refused = await connectViewer(pageUrl(a));
    cleanup.push(() => refused.socket.close());
    expect(refused.snapshot).toBeNull();
    expect(refused.error?.message).toBe('too many pages watching (limit 1)');
    // Typed by hand, a refused page that never asks to join is closed all the same.
    const quiet = await HandTypedSocketIo.open(a.addresses.webPort);
    cleanup.push(() => quiet.close());
    await quiet.until(() => quiet.texts.some((t) => t.startsWith('44{')), 'the refusal');
    expect(await quiet.closesWithin(2_000)).toBe(true);
  });
});

describe('a message over --max-control-message', () => {
  it('closes the page, telling it why', async () => {
    const a = await start({ maxControlBytes: 1024 });
    const viewer = await watch(a);
    cleanup.push(() => viewer.socket.close());
    const refused = new Promise<string>((resolve) =>
      viewer.socket.once('connect_error', (err) => resolve(err.message)),
    );
    // A page only ever sends small commands; this one is 4 KiB.
    viewer.socket.emit('control', { type: 'x'.repeat(4096) } as never, () => undefined);
    expect(await refused).toBe('message too large (limit 1024 bytes)');
  });
});

describe('a flood of commands', () => {
  const flood = (socket: Awaited<ReturnType<typeof watch>>['socket'], n: number) => {
    const answers: ControlResult[] = [];
    for (let i = 0; i < n; i++) socket.emit('control', { type: 'step' }, (r) => answers.push(r));
    return answers;
  };

  it('from a student is dropped early, with an occasional answer', async () => {
    const a = await start({}, { lan: true, token: 'teacher-token-123' });
    const student = await watch(a);
    cleanup.push(() => student.socket.close());
    const answers = flood(student.socket, 50_000);
    // Meanwhile the echo server serves a newcomer (how soon is the admission bench's row;
    // tests/admission.test.ts holds the main thread still and sees it served all the same).
    const raw = await RawClient.connect(a.addresses.echoPort);
    cleanup.push(() => raw.socket.destroy());
    raw.send('ping');
    expect((await raw.receive(4, 5_000)).toString()).toBe('ping');
    await pause(1_500);
    // A burst's worth of refusals, then "too many commands" at most once a second.
    const tooMany = answers.filter((r) => !r.ok && r.error.startsWith('too many commands'));
    expect(answers.length).toBeLessThan(50);
    expect(tooMany.length).toBeGreaterThanOrEqual(1);
    expect(tooMany.length).toBeLessThanOrEqual(5);
  });

  it('is dropped for the teacher too', async () => {
    const teacher = await watch(await start({}));
    cleanup.push(() => teacher.socket.close());
    const teacherAnswers = flood(teacher.socket, 5_000);
    await pause(1_000);
    expect(teacherAnswers.length).toBeLessThan(50);
  });
});

describe('the per-page web-client limit', () => {
  it('counts a forged or missing page key in one per-address bucket', async () => {
    const a = await start({ maxWebClientsPerPage: 2 });
    const opened = await Promise.all(
      ['?page=forged-1', '?page=forged-2'].map((q) => bridgeClient(a, q)),
    );
    for (const web of opened) cleanup.push(() => web.ws.terminate());
    await Promise.all(opened.map((w) => w.hello));
    const third = await bridgeClient(a);
    cleanup.push(() => third.ws.terminate());
    expect(await third.closed).toEqual({
      code: 4429,
      reason: 'too many web clients on this page (limit 2)',
    });
    // A key the server issued to a live page has a count of its own.
    const viewer = await watch(a);
    cleanup.push(() => viewer.socket.close());
    const key = viewer.snapshots[0]!.pageKey;
    expect(key).toMatch(/^[\w-]{20,}$/);
    const own = await bridgeClient(a, `?page=${key}`);
    cleanup.push(() => own.ws.terminate());
    expect((await own.hello).type).toBe('hello');
    // Once the page is gone its key is worth nothing.
    viewer.socket.close();
    await pause(100);
    const stale = await bridgeClient(a, `?page=${key}`);
    cleanup.push(() => stale.ws.terminate());
    expect((await stale.closed).code).toBe(4429);
  });
});
