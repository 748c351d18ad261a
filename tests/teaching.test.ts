import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import { SCAN_INTERVAL_MS } from '../server/echo/program-names.ts';
import type { ControlCommand, ControlResult } from '../shared/protocol.ts';
import { eventually, startApp, watch } from './support/app.ts';
import { RawClient } from './support/tcp.ts';

let app: Application;
const cleanup: (() => void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) fn();
  await app?.close();
});

async function teacher() {
  const viewer = await watch(app);
  cleanup.push(() => viewer.socket.close());
  const send = (command: ControlCommand): Promise<ControlResult> =>
    viewer.socket.timeout(2_000).emitWithAck('control', command);
  return { viewer, send };
}

const types = () => app.hub.recent(200).map((e) => e.type);
const lastPaused = () => app.hub.recent(200).findLast((e) => e.type === 'server.paused');

describe('step mode', () => {
  it("holds a raw client's echo until the teacher takes every step", async () => {
    app = await startApp({ stepping: true, namePrograms: false });
    const { send } = await teacher();
    const client = await RawClient.connect(app.addresses.echoPort);
    cleanup.push(() => client.socket.destroy());
    client.send('hola');
    await eventually(() => lastPaused()?.step === 'accept');
    expect(types()).not.toContain('client.accepted');
    expect(app.hub.lab.queue).toHaveLength(1);
    expect(await send({ type: 'step' })).toEqual({ ok: true });
    await eventually(() => lastPaused()?.step === 'recv');
    expect(types()).toContain('client.accepted');
    expect(types()).not.toContain('data.read');
    await send({ type: 'step' });
    await eventually(() => lastPaused()?.step === 'send');
    expect(types()).toContain('data.read');
    await new Promise((r) => setTimeout(r, 150));
    expect(client.received.length).toBe(0);
    await send({ type: 'step' });
    expect((await client.receive(4)).toString()).toBe('hola');
    // Back in recv, blocked on the client this time, not on the teacher.
    await eventually(() => app.hub.lab.step === 'recv' && !app.hub.lab.paused);
  });

  it('lets everything go when step mode is switched off', async () => {
    app = await startApp({ stepping: true, namePrograms: false });
    const { send } = await teacher();
    const client = await RawClient.connect(app.addresses.echoPort);
    cleanup.push(() => client.socket.destroy());
    client.send('libre');
    await eventually(() => lastPaused()?.step === 'accept');
    expect(await send({ type: 'configure', settings: { stepping: false } })).toEqual({ ok: true });
    expect((await client.receive(5)).toString()).toBe('libre');
  });

  it('refuses a step when the server holds nothing', async () => {
    app = await startApp();
    const { send } = await teacher();
    expect(await send({ type: 'step' })).toMatchObject({ ok: false });
  });
});

describe('teacher controls', () => {
  it('switches to concurrent mode at run time so waiting clients are served', async () => {
    app = await startApp({ namePrograms: false });
    const { send } = await teacher();
    const first = await RawClient.connect(app.addresses.echoPort);
    const second = await RawClient.connect(app.addresses.echoPort);
    cleanup.push(
      () => first.socket.destroy(),
      () => second.socket.destroy(),
    );
    second.send('me next');
    await eventually(() => app.hub.lab.queue.length === 1);
    expect(await send({ type: 'configure', settings: { mode: 'concurrent' } })).toEqual({
      ok: true,
    });
    // The loop notices the new mode at its next accept, after the first client's session.
    first.send('desconectar');
    expect((await second.receive(7)).toString()).toBe('me next');
    expect(app.hub.lab.config?.mode).toBe('concurrent');
  });

  it('clears the diagram for every page', async () => {
    app = await startApp({ namePrograms: false });
    const { send } = await teacher();
    const client = await RawClient.connect(app.addresses.echoPort);
    cleanup.push(() => client.socket.destroy());
    client.send('old');
    await client.receive(3);
    expect(await send({ type: 'clear' })).toEqual({ ok: true });
    const late = await watch(app);
    cleanup.push(() => late.socket.close());
    expect(late.snapshots[0]!.history.map((e) => e.type)).toEqual(['diagram.cleared']);
    expect(late.snapshots[0]!.state.served).toHaveLength(1);
  });
});

describe('bots', () => {
  it('fills the queue with real clients that are served in turn and say the word', async () => {
    app = await startApp({ namePrograms: false });
    const { send } = await teacher();
    expect(await send({ type: 'bots', count: 3, messages: 2, intervalMs: 50 })).toEqual({
      ok: true,
    });
    // Each comes in as any loopback client does, and is known for a bot soon after.
    await eventually(() => app.hub.lab.totals.connections === 3);
    await eventually(() => Object.values(app.hub.lab.clients).every((c) => c.kind === 'bot'));
    const bots = Object.values(app.hub.lab.clients);
    await eventually(() => Object.values(app.hub.lab.clients).every((c) => c.phase === 'closed'));
    const closed = Object.values(app.hub.lab.clients);
    expect(closed.every((c) => c.reason === 'word' && c.echoes === 2)).toBe(true);
    const accepted = app.hub.recent(200).filter((e) => e.type === 'client.accepted');
    expect(accepted.map((e) => ('id' in e ? e.id : 0))).toEqual(bots.map((c) => c.id));
  });

  it('checks what it is asked for', async () => {
    app = await startApp();
    const { send } = await teacher();
    expect(await send({ type: 'bots', count: 500, messages: 1, intervalMs: 50 })).toMatchObject({
      ok: false,
    });
  });
});

describe('raw clients by name', () => {
  it('labels a local client with its program', async () => {
    app = await startApp();
    const script = `import socket, time
s = socket.create_connection(("127.0.0.1", ${app.addresses.echoPort}))
time.sleep(3)`;
    const child = spawn('python3', ['-c', script], { stdio: 'ignore' });
    cleanup.push(() => child.kill('SIGKILL'));
    await eventually(() => app.hub.recent(50).some((e) => e.type === 'client.named'), 5_000);
    const [client] = Object.values(app.hub.lab.clients);
    expect(client?.program).toMatch(/python/);
    expect(client?.label).toMatch(/^python[\d.]* :\d+$/);
  });

  it('names clients that arrive together in one look, not one a second', async () => {
    app = await startApp();
    const script = `import socket, time
port = ${app.addresses.echoPort}
held = []
for _ in range(5):
    held.append(socket.create_connection(("127.0.0.1", port)))
    time.sleep(0.005)
time.sleep(3)`;
    const child = spawn('python3', ['-c', script], { stdio: 'ignore' });
    cleanup.push(() => child.kill('SIGKILL'));
    const named = () => app.hub.recent(100).filter((e) => e.type === 'client.named');
    await eventually(() => named().length === 5, 5_000);
    // Scans of /proc are at least a second apart, and a scan names what it found at once:
    // five names within a moment of each other came from one look.
    const times = named().map((e) => e.t);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(SCAN_INTERVAL_MS / 2);
  });
});
