// Step mode from every state a class reaches, in the order a teacher uses it: on before
// anyone connects, with --step, on while serving, on while clients queue, off in the middle
// of a held step, a held client leaving. At each point the state a page folds says the
// server holds an action exactly when the server does, and which one.
import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import { reduceAll, type LabState } from '../shared/lab.ts';
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
  /** What this page shows: its snapshot folded with every live event, by the one reducer. */
  const page = (): LabState => reduceAll(viewer.snapshots[0]!.state, viewer.events);
  return { send, page };
}

async function connect(text?: string): Promise<RawClient> {
  const client = await RawClient.connect(app.addresses.echoPort);
  cleanup.push(() => client.socket.destroy());
  if (text) client.send(text);
  return client;
}

/** The client's id once the lab has heard of it (-1 before). */
const idOf = (client: RawClient): number =>
  Object.values(app.hub.lab.clients).find((c) => c.port === client.localPort)?.id ?? -1;

/** Waits until the page shows the server holding `step` for `client`, and checks the hub agrees. */
async function heldAt(page: () => LabState, step: string, client: RawClient | null) {
  await eventually(() => {
    const lab = page();
    const id = client ? idOf(client) : null;
    return lab.paused && lab.step === step && lab.stepClient === id;
  });
  expect(app.hub.lab).toMatchObject({ paused: true, step, stepClient: page().stepClient });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('step mode, as a lesson uses it', () => {
  it('turned on before anyone connects, serves the first client step by step while others queue', async () => {
    app = await startApp({ namePrograms: false });
    const { send, page } = await teacher();
    expect(await send({ type: 'configure', settings: { stepping: true } })).toEqual({ ok: true });
    await eventually(() => page().config?.stepping === true);
    expect(page().paused).toBe(false);

    const first = await connect();
    await heldAt(page, 'accept', first);
    // Others arriving do not end the hold, on the page or on the server.
    const second = await connect('soy el segundo');
    const third = await connect('y yo el tercero');
    await eventually(() => page().queue.length === 3);
    await heldAt(page, 'accept', first);

    expect(await send({ type: 'step' })).toEqual({ ok: true });
    // accept() done: the server now waits in recv() on the first client, not on the teacher.
    await eventually(() => page().served.includes(idOf(first)) && !page().paused);
    expect(page().step).toBe('recv');

    first.send('hola');
    await heldAt(page, 'recv', first);
    await send({ type: 'step' });
    await heldAt(page, 'send', first);
    await pause(100);
    expect(first.received.length).toBe(0);
    await send({ type: 'step' });
    expect((await first.receive(4)).toString()).toBe('hola');
    await eventually(() => !page().paused && page().step === 'recv');

    // Step mode off in the middle of a held step lets it and everything after it go.
    first.send('libre');
    await heldAt(page, 'recv', first);
    await send({ type: 'configure', settings: { stepping: false } });
    expect((await first.receive(9)).subarray(4).toString()).toBe('libre');
    await eventually(() => !page().paused);

    // On again while the queue waits: the word, the close, and the next accept, each held.
    await send({ type: 'configure', settings: { stepping: true } });
    await eventually(() => page().config?.stepping === true);
    first.send('desconectar');
    await heldAt(page, 'recv', first);
    await send({ type: 'step' });
    await heldAt(page, 'close', first);
    await send({ type: 'step' });
    await first.waitEnded();
    await heldAt(page, 'accept', second);
    await send({ type: 'step' });
    // Its held bytes are read at once, and held before the read like any other.
    await heldAt(page, 'recv', second);
    await send({ type: 'step' });
    await heldAt(page, 'send', second);
    await send({ type: 'step' });
    expect((await second.receive(14)).toString()).toBe('soy el segundo');
    expect(third.received.length).toBe(0);
    await eventually(() => page().seq === app.hub.lab.seq);
    expect(page()).toEqual(app.hub.lab);
  });

  it('with --step, holds the very first client at accept()', async () => {
    app = await startApp({ stepping: true, namePrograms: false });
    const { send, page } = await teacher();
    const client = await connect('hola');
    await heldAt(page, 'accept', client);
    await send({ type: 'step' });
    await heldAt(page, 'recv', client);
  });

  it('a held client that leaves: the hold stays until the teacher steps, then ends truthfully', async () => {
    app = await startApp({ stepping: true, namePrograms: false });
    const { send, page } = await teacher();
    const client = await connect();
    await heldAt(page, 'accept', client);
    client.socket.destroy();
    await eventually(() => page().queue.length === 0);
    // The server really still waits for "next step" before its accept().
    expect(page().paused).toBe(true);
    expect(await send({ type: 'step' })).toEqual({ ok: true });
    await eventually(() => !page().paused);
    expect(page().step).toBe('accept');
    expect(await send({ type: 'step' })).toMatchObject({ ok: false });

    // And the next one to come is held like the first.
    const next = await connect();
    await heldAt(page, 'accept', next);
  });

  it('turned on while a client is served, holds its next read', async () => {
    app = await startApp({ namePrograms: false });
    const { send, page } = await teacher();
    const client = await connect('uno');
    expect((await client.receive(3)).toString()).toBe('uno');
    await send({ type: 'configure', settings: { stepping: true } });
    await eventually(() => page().config?.stepping === true);
    client.send('dos');
    await heldAt(page, 'recv', client);
    await send({ type: 'step' });
    await heldAt(page, 'send', client);
    await send({ type: 'step' });
    expect((await client.receive(6)).subarray(3).toString()).toBe('dos');
  });
});
