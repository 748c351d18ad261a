import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialState, reduce, reduceAll } from '../shared/lab.ts';
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
import { overJson } from './support/wire.ts';

// ---------------------------------------------------------------------------------------
// The reducer: a snapshot (sent as JSON) plus the events after it, even overlapping ones,
// gives the same state as every event from the start. This is what a late page relies on.
// ---------------------------------------------------------------------------------------

type Command =
  | { kind: 'connect'; retrying: boolean }
  | { kind: 'queue' | 'accept' | 'echo' | 'word'; pick: number }
  | { kind: 'read'; pick: number; bytes: number; preview: string; truncated: boolean }
  | { kind: 'burst'; pick: number; reads: number; preview: string }
  | { kind: 'close'; pick: number; by: Closer; reason: CloseReason }
  | { kind: 'refuse' }
  | { kind: 'config'; mode: Mode; backlog: number; stepping: boolean }
  | { kind: 'pause'; pick: number; step: Step; anyone: boolean }
  | { kind: 'name'; pick: number; program: string; ours: boolean }
  | { kind: 'block'; pick: number; what: 'blocked' | 'unsent' | 'resumed' }
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
    kind: fc.constant('burst' as const),
    pick: fc.nat(),
    reads: fc.integer({ min: 1, max: 5000 }),
    preview: fc.string({ maxLength: 12 }),
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
    ours: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('clear' as const) }),
  fc.record({
    kind: fc.constant('block' as const),
    pick: fc.nat(),
    what: fc.constantFrom('blocked' as const, 'unsent' as const, 'resumed' as const),
  }),
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
      case 'burst': {
        const id = pickFrom(served, c.pick);
        if (id === undefined) break;
        const { reads, preview } = c;
        const [bytesIn, bytesOut] = [reads * 3, (reads - 1) * 3];
        bodies.push({
          type: 'data.burst',
          id,
          reads,
          echoes: reads - 1,
          bytesIn,
          bytesOut,
          preview,
          truncated: false,
        });
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
        if (c.ours) {
          const address = '10.0.0.9';
          bodies.push({ type: 'client.identified', id, kind: 'web', label: `web ${id}`, address });
          break;
        }
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
      case 'block': {
        const id = pickFrom(served, c.pick);
        if (id === undefined) break;
        const unsent = 1 + (c.pick % 5_000_000);
        if (c.what === 'blocked') {
          bodies.push({
            type: 'send.blocked',
            id,
            unsent,
            kernel: c.pick % 2 === 0,
            blockedMs: 500,
          });
        } else if (c.what === 'unsent') bodies.push({ type: 'send.unsent', id, unsent });
        else bodies.push({ type: 'send.resumed', id });
        break;
      }
    }
  }
  return bodies.map((body, i) => ({ ...body, seq: i + 1, t: i * 0.25 }));
}

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

  it('folds a batch at once to the same state as event by event', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 300, size: 'max' }), fc.nat(), (commands, a) => {
        const events = eventsFrom(commands);
        const start = reduceAll(initialState(), events.slice(0, a % (events.length + 1)));
        const oneByOne = events.reduce(reduce, start);
        expect(reduceAll(start, events)).toEqual(oneByOne);
      }),
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
