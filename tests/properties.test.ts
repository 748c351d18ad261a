import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState, reduceAll } from '../shared/lab.ts';
import {
  DEFAULTS,
  Mode,
  Step,
  type ClientInfo,
  type EchoConfig,
  type CloseReason,
  type Closer,
  type LabEvent,
  type LabEventBody,
} from '../shared/protocol.ts';
import { RawClient, idOf, startEcho } from './support/tcp.ts';
import { pause } from './support/probes.ts';

// ---------------------------------------------------------------------------------------
// Bytes: whatever a client sends, however it is cut up and paced, comes back exactly.
// ---------------------------------------------------------------------------------------

const WORD = Buffer.from(DEFAULTS.disconnectWord);

/** Up to 8 KiB, cut at arbitrary points, each piece followed by a short arbitrary pause. */
const chunkedBytes = fc
  // size 'max': lengths spread over the whole range, not fast-check's default handful of bytes.
  .uint8Array({ maxLength: 8 * 1024, size: 'max' })
  // A payload that contains the disconnect word could legitimately end the session early.
  .filter((bytes) => !Buffer.from(bytes).includes(WORD))
  .chain((bytes) =>
    fc.record({
      bytes: fc.constant(Buffer.from(bytes)),
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, bytes.length - 1) }), {
        maxLength: 12,
        size: 'max',
      }),
      pauses: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 13, maxLength: 13 }),
    }),
  );

function pieces(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [0, ...cuts.filter((c) => c < bytes.length).sort((a, b) => a - b), bytes.length];
  const out: Buffer[] = [];
  for (let i = 1; i < points.length; i++) out.push(bytes.subarray(points[i - 1], points[i]));
  return out.filter((p) => p.length > 0);
}

for (const mode of [Mode.iterative, Mode.concurrent]) {
  describe(`echo in ${mode} mode`, () => {
    let echo: Awaited<ReturnType<typeof startEcho>>;
    beforeAll(async () => {
      echo = await startEcho({ mode });
    });
    afterAll(async () => {
      await echo.server.close();
    });

    it('returns arbitrary bytes in arbitrary chunks exactly, one read at most recvSize', async () => {
      await fc.assert(
        fc.asyncProperty(chunkedBytes, async ({ bytes, cuts, pauses }) => {
          const before = reduceAll(initialState(), echo.events).totals;
          const client = await RawClient.connect(echo.port);
          const localPort = client.localPort;
          try {
            const parts = pieces(bytes, cuts);
            for (const [i, part] of parts.entries()) {
              client.send(part);
              const ms = pauses[i] ?? 0;
              if (ms > 0) await pause(ms);
            }
            const back = await client.receive(bytes.length, 5_000);
            expect(back.equals(bytes)).toBe(true);
            // FIN: the server must finish the session and close its side too.
            client.socket.end();
            await client.waitEnded();
            const id = idOf(echo.events, localPort);
            const closed = await echo.waitFor(
              (e) => e.type === 'client.closed' && e.id === id,
              5_000,
            );
            expect(closed).toMatchObject({ by: 'client', reason: 'fin' });
            // Byte counts stay exact whether reads were reported one by one or summed up.
            const totals = reduceAll(initialState(), echo.events).totals;
            expect(totals.bytesIn - before.bytesIn).toBe(bytes.length);
            expect(totals.bytesOut - before.bytesOut).toBe(bytes.length);
            expect(totals.reads - before.reads).toBeGreaterThanOrEqual(
              Math.ceil(bytes.length / DEFAULTS.recvSize),
            );
            for (const e of echo.events) {
              if (e.type === 'data.read' && e.id === id) {
                expect(e.bytes).toBeLessThanOrEqual(DEFAULTS.recvSize);
              }
            }
            // Nothing more than was sent was ever echoed back.
            expect(client.received.length).toBe(bytes.length);
          } finally {
            client.socket.destroy();
          }
        }),
        { numRuns: 25 },
      );
    }, 20_000);
  });
}

// ---------------------------------------------------------------------------------------
// The reducer: a snapshot (sent as JSON) plus the events after it, even overlapping ones,
// gives the same state as every event from the start. This is what a late page relies on.
// ---------------------------------------------------------------------------------------

type Command =
  | { kind: 'connect'; retrying: boolean }
  | { kind: 'queue' | 'accept' | 'echo' | 'word'; pick: number }
  | { kind: 'read'; pick: number; bytes: number; preview: string; truncated: boolean }
  | { kind: 'close'; pick: number; by: Closer; reason: CloseReason }
  | { kind: 'refuse' }
  | { kind: 'config'; mode: Mode; backlog: number; stepping: boolean }
  | { kind: 'pause'; pick: number; step: Step; anyone: boolean }
  | { kind: 'name'; pick: number; program: string }
  | { kind: 'clear' };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('connect' as const), retrying: fc.boolean() }),
  fc.record({
    kind: fc.constantFrom('queue' as const, 'accept' as const, 'echo' as const, 'word' as const),
    pick: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('read' as const),
    pick: fc.nat(),
    bytes: fc.integer({ min: 1, max: 1024 }),
    // Previews carry escaped bytes; any string (lone surrogates too) must survive JSON.
    preview: fc.string({ maxLength: 12, unit: 'binary' }),
    truncated: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('close' as const),
    pick: fc.nat(),
    by: fc.constantFrom<Closer>('client', 'server'),
    reason: fc.constantFrom<CloseReason>('word', 'fin', 'reset', 'kicked', 'shutdown', 'limit'),
  }),
  fc.record({ kind: fc.constant('refuse' as const) }),
  fc.record({
    kind: fc.constant('config' as const),
    mode: fc.constantFrom<Mode>(Mode.iterative, Mode.concurrent),
    backlog: fc.integer({ min: 1, max: 128 }),
    stepping: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('pause' as const),
    pick: fc.nat(),
    step: fc.constantFrom<Step>(Step.accept, Step.recv, Step.send, Step.close),
    anyone: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('name' as const),
    pick: fc.nat(),
    program: fc.constantFrom('nc', 'python3', 'telnet'),
  }),
  fc.record({ kind: fc.constant('clear' as const) }),
);

/** Plays commands against a small model of the server so every event sequence is one it could emit. */
function eventsFrom(commands: Command[]): LabEvent[] {
  const bodies: LabEventBody[] = [
    { type: 'server.started', config: { ...DEFAULTS, port: 8000 }, startedAt: 1_700_000_000_000 },
  ];
  let config: EchoConfig = { ...DEFAULTS, port: 8000 };
  let nextId = 1;
  const retrying: number[] = [];
  const waiting: number[] = [];
  const served: number[] = [];
  const pickFrom = (list: number[], pick: number): number | undefined =>
    list.length === 0 ? undefined : list[pick % list.length];
  const drop = (id: number): void => {
    for (const list of [retrying, waiting, served]) {
      const at = list.indexOf(id);
      if (at >= 0) list.splice(at, 1);
    }
  };

  for (const c of commands) {
    switch (c.kind) {
      case 'connect': {
        const id = nextId++;
        const client: ClientInfo = {
          id,
          kind: 'raw',
          address: '127.0.0.1',
          port: 40_000 + id,
          label: `127.0.0.1:${40_000 + id}`,
        };
        (c.retrying ? retrying : waiting).push(id);
        bodies.push({
          type: 'client.connected',
          client,
          phase: c.retrying ? 'retrying' : 'waiting',
        });
        break;
      }
      case 'queue': {
        const id = retrying.shift();
        if (id === undefined) break;
        waiting.push(id);
        bodies.push({ type: 'client.queued', id });
        break;
      }
      case 'accept': {
        const id = waiting.shift();
        if (id === undefined) break;
        served.push(id);
        bodies.push({ type: 'client.accepted', id });
        break;
      }
      case 'read': {
        const id = pickFrom(served, c.pick);
        if (id === undefined) break;
        const { bytes, preview, truncated } = c;
        bodies.push({ type: 'data.read', id, bytes, preview, truncated });
        break;
      }
      case 'echo': {
        const id = pickFrom(served, c.pick);
        if (id === undefined) break;
        bodies.push({ type: 'data.echoed', id, bytes: 1 + (c.pick % 1024) });
        break;
      }
      case 'word': {
        const id = pickFrom(served, c.pick);
        if (id === undefined) break;
        bodies.push({
          type: 'client.word',
          id,
          bytes: 11,
          preview: 'desconectar',
          truncated: false,
        });
        bodies.push({ type: 'client.closed', id, by: 'server', reason: 'word' });
        drop(id);
        break;
      }
      case 'close': {
        const id = pickFrom([...served, ...waiting, ...retrying], c.pick);
        if (id === undefined) break;
        bodies.push({ type: 'client.closed', id, by: c.by, reason: c.reason });
        drop(id);
        break;
      }
      case 'refuse':
        bodies.push({ type: 'client.refused', address: '127.0.0.1', port: 50_000, limit: 3 });
        break;
      case 'config':
        config = { ...config, mode: c.mode, backlog: c.backlog, stepping: c.stepping };
        bodies.push({ type: 'config.changed', config });
        break;
      case 'pause': {
        const id = c.anyone ? null : (pickFrom([...served, ...waiting], c.pick) ?? null);
        bodies.push({ type: 'server.paused', step: c.step, id });
        break;
      }
      case 'name': {
        // Names arrive late, possibly after the client closed or was forgotten.
        if (nextId === 1) break;
        const id = 1 + (c.pick % (nextId - 1));
        bodies.push({
          type: 'client.named',
          id,
          label: `${c.program} :${40_000 + id}`,
          program: c.program,
        });
        break;
      }
      case 'clear':
        bodies.push({ type: 'diagram.cleared' });
        break;
    }
  }
  return bodies.map((body, i) => ({ ...body, seq: i + 1, t: i * 0.25 }) as LabEvent);
}

/** What the page holds after a snapshot crossed the wire. */
const overJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('the reducer', () => {
  it('resumes from a JSON snapshot plus overlapping later events to the same state', () => {
    fc.assert(
      fc.property(
        // Long enough for more than CLOSED_KEPT closes, so forgetting old clients is covered.
        fc.array(command, { maxLength: 400, size: 'max' }),
        fc.nat(),
        fc.nat(),
        (commands, a, b) => {
          const events = eventsFrom(commands);
          const k = a % (events.length + 1);
          const j = b % (k + 1);
          const full = reduceAll(initialState(), events);
          const snapshot = overJson(reduceAll(initialState(), events.slice(0, k)));
          const resumed = reduceAll(snapshot, events.slice(j));
          expect(overJson(resumed)).toEqual(overJson(full));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('ignores a whole batch delivered twice', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 200, size: 'max' }), (commands) => {
        const events = eventsFrom(commands);
        const once = reduceAll(initialState(), events);
        expect(overJson(reduceAll(once, events.slice(1)))).toEqual(overJson(once));
      }),
      { numRuns: 100 },
    );
  });
});
