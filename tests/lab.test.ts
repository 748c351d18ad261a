import { describe, expect, it } from 'vitest';
import { CLOSED_KEPT, initialState, reduce, reduceAll } from '../shared/lab.ts';
import { DEFAULTS, type LabEvent, type LabEventBody } from '../shared/protocol.ts';

function stamp(bodies: LabEventBody[]): LabEvent[] {
  return bodies.map((b, i) => ({ ...b, seq: i + 1, t: i }));
}
const client = (id: number) => ({
  id,
  kind: 'raw' as const,
  address: '127.0.0.1',
  port: 5000 + id,
  label: `c${id}`,
});
const started: LabEventBody = { type: 'server.started', config: { ...DEFAULTS }, startedAt: 0 };

describe('the lab reducer', () => {
  it('follows clients through queue, service and close', () => {
    const events = stamp([
      started,
      { type: 'client.connected', client: client(1), phase: 'waiting' },
      { type: 'client.connected', client: client(2), phase: 'waiting' },
      { type: 'client.connected', client: client(3), phase: 'retrying' },
      { type: 'client.accepted', id: 1 },
      { type: 'client.queued', id: 3 },
      { type: 'data.read', id: 1, bytes: 4, preview: 'hola', truncated: false },
    ]);
    let state = reduceAll(initialState(), events);
    expect(state.served).toEqual([1]);
    expect(state.queue).toEqual([2, 3]);
    expect(state.retrying).toEqual([]);
    expect(state.step).toBe('send');
    expect(state.clients[1]).toMatchObject({
      phase: 'served',
      bytesIn: 4,
      reads: 1,
      lastPreview: 'hola',
    });
    state = reduceAll(
      state,
      stamp([
        ...events.map(() => started),
        { type: 'data.echoed', id: 1, bytes: 4 },
        { type: 'client.word', id: 1, bytes: 11, preview: 'desconectar', truncated: false },
        { type: 'client.closed', id: 1, by: 'server', reason: 'word' },
      ]).slice(events.length),
    );
    expect(state.step).toBe('accept');
    expect(state.served).toEqual([]);
    expect(state.clients[1]).toMatchObject({
      phase: 'closed',
      closedBy: 'server',
      reason: 'word',
      echoes: 1,
    });
    expect(state.totals).toMatchObject({
      connections: 3,
      reads: 2,
      echoes: 1,
      bytesIn: 15,
      bytesOut: 4,
    });
  });

  it('ignores events it has already seen', () => {
    const events = stamp([
      started,
      { type: 'client.connected', client: client(1), phase: 'waiting' },
    ]);
    const once = reduceAll(initialState(), events);
    expect(reduce(once, events[1]!)).toBe(once);
  });

  it('forgets the oldest closed clients so state stays bounded', () => {
    const bodies: LabEventBody[] = [started];
    for (let id = 1; id <= CLOSED_KEPT + 30; id++) {
      bodies.push({ type: 'client.connected', client: client(id), phase: 'waiting' });
      bodies.push({ type: 'client.closed', id, by: 'client', reason: 'fin' });
    }
    const state = reduceAll(initialState(), stamp(bodies));
    expect(Object.keys(state.clients)).toHaveLength(CLOSED_KEPT);
    expect(state.closed[0]).toBe(31);
    expect(state.queue).toEqual([]);
  });
});
