import { describe, expect, it } from 'vitest';
import { HIDDEN_WINDOW, initialState, reduce, reduceAll } from '../shared/lab.ts';
import { DEFAULTS, MAX_BLOCKED, type LabEvent, type LabEventBody } from '../shared/protocol.ts';
import { moderateLab, moderationOf } from '../web/src/moderation/moderate.ts';

function stamp(bodies: LabEventBody[], from = 1): LabEvent[] {
  return bodies.map((b, i) => ({ ...b, seq: from + i, t: i }));
}
const started: LabEventBody = { type: 'server.started', config: { ...DEFAULTS }, startedAt: 0 };
const connected: LabEventBody = {
  type: 'client.connected',
  client: { id: 1, kind: 'web', address: '10.0.0.7', port: 5001, label: 'an insult' },
  phase: 'waiting',
};
const read: LabEventBody = {
  type: 'data.read',
  id: 1,
  bytes: 12,
  preview: 'rude words!!',
  truncated: false,
};

describe('the reducer folds the teacher moderation', () => {
  it('marks messages and names hidden, and shown again, without touching a count', () => {
    const events = stamp([
      started,
      connected,
      { type: 'client.accepted', id: 1 },
      read,
      { type: 'message.hidden', target: 4, id: 1, hidden: true },
      { type: 'name.hidden', id: 1, hidden: true },
    ]);
    const state = reduceAll(initialState(), events);
    expect(state.moderation).toEqual({ messages: [4], names: [1], blocked: [] });
    // The data keeps the truth; only the marks say what the pages hide.
    expect(state.clients[1]).toMatchObject({ label: 'an insult', bytesIn: 12, reads: 1 });
    expect(state.totals.bytesIn).toBe(12);

    const shown = reduceAll(
      state,
      stamp(
        [
          { type: 'message.hidden', target: 4, id: 1, hidden: false },
          { type: 'name.hidden', id: 1, hidden: false },
        ],
        7,
      ),
    );
    expect(shown.moderation).toEqual({ messages: [], names: [], blocked: [] });
  });

  it('keeps blocked addresses once each, in order, and drops them on unblock or restart', () => {
    const block = (address: string, blocked = true): LabEventBody => ({
      type: 'address.blocked',
      address,
      blocked,
    });
    const events = stamp([
      started,
      block('10.0.0.7'),
      block('10.0.0.8'),
      block('10.0.0.7'),
      block('10.0.0.8', false),
    ]);
    const state = reduceAll(initialState(), events);
    expect(state.moderation.blocked).toEqual(['10.0.0.7']);
    expect(reduce(state, { ...started, seq: 6, t: 6 }).moderation.blocked).toEqual([]);
  });

  it('stays bounded: old hidden seqs leave the window, blocked addresses stop at the limit', () => {
    let state = reduceAll(initialState(), stamp([started, connected, read]));
    state = reduce(state, { type: 'message.hidden', target: 3, id: 1, hidden: true, seq: 4, t: 4 });
    const later = 3 + HIDDEN_WINDOW + 10;
    const next: LabEvent = {
      type: 'message.hidden',
      target: later - 1,
      id: 1,
      hidden: true,
      seq: later,
      t: 5,
    };
    state = reduce({ ...state, seq: later - 1 }, next);
    // Seq 3 is older than any page still draws: forgotten when the next hide is folded.
    expect(state.moderation.messages).toEqual([later - 1]);

    const blocks = Array.from({ length: MAX_BLOCKED + 5 }, (_, i): LabEventBody => ({
      type: 'address.blocked',
      address: `10.1.${i >> 8}.${i & 255}`,
      blocked: true,
    }));
    const full = reduceAll(initialState(), stamp([started, ...blocks]));
    expect(full.moderation.blocked).toHaveLength(MAX_BLOCKED);
  });

  it('counts every refusal an event stands for', () => {
    const state = reduceAll(
      initialState(),
      stamp([
        started,
        { type: 'client.refused', address: '10.0.0.7', port: 1, limit: 5, cause: 'blocked' },
        {
          type: 'client.refused',
          address: '10.0.0.7',
          port: 2,
          limit: 5,
          cause: 'blocked',
          count: 41,
        },
      ]),
    );
    expect(state.totals.refused).toBe(42);
  });
});

describe('moderateLab, what the page draws', () => {
  it('empties a hidden unread preview and keeps its count; leaves the lab alone otherwise', () => {
    const waiting: LabEventBody = {
      type: 'data.waiting',
      id: 1,
      bytes: 12,
      preview: 'rude words!!',
      truncated: false,
    };
    const lab = reduceAll(initialState(), stamp([started, connected, waiting]));
    const nameOf = (id: number) => `client ${id}`;
    expect(moderateLab(lab, moderationOf(lab), nameOf)).toBe(lab);
    const hidden = reduce(lab, {
      type: 'message.hidden',
      target: 3,
      id: 1,
      hidden: true,
      seq: 4,
      t: 4,
    });
    const shown = moderateLab(hidden, moderationOf(hidden), nameOf);
    expect(shown.clients[1]?.unread).toEqual({ seq: 3, bytes: 12, preview: '', truncated: false });
    expect(hidden.clients[1]?.unread?.preview).toBe('rude words!!');
  });
});
