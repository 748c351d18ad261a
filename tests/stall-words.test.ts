// The words for a stalled server, everywhere the page tells events: the log in both
// languages, the diagram's note and its Mermaid export, and the saved-session checks.

import { describe, expect, it } from 'vitest';
import { initialState, reduceAll } from '../shared/lab.ts';
import { DEFAULTS, type LabEvent, type LabEventBody } from '../shared/protocol.ts';
import { waitedFor } from '../web/src/controls/stall-messages.ts';
import { formatBytes } from '../web/src/i18n/format.ts';
import { messages } from '../web/src/diagram/messages.ts';
import { textKit } from '../web/src/diagram/text.ts';
import { openEvent, openLab } from '../web/src/export/session-validate.ts';
import { toMermaid } from '../web/src/export/mermaid.ts';
import { explainEvents } from '../web/src/teaching/explain.ts';
import { nowText } from '../web/src/teaching/now.ts';

const config = { ...DEFAULTS, port: 8000 };
const nc = { id: 1, kind: 'raw' as const, address: '127.0.0.1', port: 50001, label: 'nc' };
const ctx = { config: null, labelOf: (id: number) => `#${id}` };

/** Events at the given times (ms since the server started), numbered in order. */
function timed(...pairs: [number, LabEventBody][]): LabEvent[] {
  return pairs.map(([t, body], i) => ({ ...body, seq: i + 1, t }));
}

const served: [number, LabEventBody][] = [
  [0, { type: 'server.started', config, startedAt: 0 }],
  [100, { type: 'client.connected', client: nc, phase: 'waiting' }],
  [200, { type: 'client.accepted', id: 1 }],
  [300, { type: 'data.read', id: 1, bytes: 2, preview: 'hi', truncated: false }],
  [400, { type: 'data.echoed', id: 1, bytes: 2 }],
];

const UNSENT = Math.round(3.8 * 1024 * 1024);

const blockedThenTimedOut = timed(
  ...served,
  [500, { type: 'data.read', id: 1, bytes: 1024, preview: 'x', truncated: true }],
  [1_100, { type: 'send.blocked', id: 1, unsent: UNSENT, kernel: true, blockedMs: 600 }],
  [2_100, { type: 'send.unsent', id: 1, unsent: UNSENT + 1 }],
  [10_500, { type: 'client.closed', id: 1, by: 'server', reason: 'limit', detail: 'send-timeout' }],
);

describe('the log', () => {
  it('tells a blocked sendall() and the --send-timeout close, in Spanish and English', () => {
    const es = explainEvents(blockedThenTimedOut, 'es', ctx);
    const blocked = es.find((e) => e.type === 'send.blocked')!;
    expect(blocked.what).toBe('sendall() bloqueado · nc no lee · 3.984.589 B (3,8 MiB) sin enviar');
    expect(blocked.why).toMatch(/nc no llama a recv\(\).*no atiende a nadie más/);
    expect(es.find((e) => e.type === 'send.unsent')?.what).toBe(
      'sendall() sigue bloqueado · 3.984.590 B (3,8 MiB) sin enviar a nc',
    );
    expect(es.at(-1)?.why).toBe(
      'sendall() estuvo bloqueado 10 s: el servidor cerró la conexión (--send-timeout). nc no leía su eco.',
    );
    const en = explainEvents(blockedThenTimedOut, 'en', ctx);
    expect(en.find((e) => e.type === 'send.blocked')?.what).toBe(
      'sendall() blocked · nc is not reading · 3,984,589 B (3.8 MiB) unsent',
    );
    expect(en.at(-1)?.why).toBe(
      'sendall() was blocked 10 s: the server closed the connection (--send-timeout). nc was not reading its echo.',
    );
  });

  it('says when the kernel buffer could not be counted, and tells the block ending', () => {
    const log = explainEvents(
      timed(
        ...served,
        [900, { type: 'send.blocked', id: 1, unsent: 16_384, kernel: false, blockedMs: 500 }],
        [1_900, { type: 'send.resumed', id: 1 }],
      ),
      'en',
      ctx,
    );
    expect(log.at(-2)?.why).toMatch(
      /16,384 B \(16\.0 KiB\) unsent in Echo Lab's write queue \(the kernel's own/,
    );
    expect(log.at(-1)?.what).toBe('sendall() goes on · nc reads again');
  });

  it('tells an --idle-timeout close with how long recv() waited', () => {
    const log = explainEvents(
      timed(...served, [
        10_400,
        { type: 'client.closed', id: 1, by: 'server', reason: 'limit', detail: 'idle-timeout' },
      ]),
      'es',
      ctx,
    );
    expect(log.at(-1)?.why).toBe(
      'recv() esperó 10 s sin datos de nc: el servidor cerró la conexión (--idle-timeout).',
    );
  });
});

describe('the code panel', () => {
  it('says the server is blocked in sendall() on whom, until the block ends', () => {
    const during = reduceAll(initialState(), blockedThenTimedOut.slice(0, -1));
    expect(nowText(during, 'es')).toMatch(/^Bloqueado en sendall\(\): nc no lee/);
    expect(nowText(during, 'en')).toMatch(/^Blocked in sendall\(\): nc is not reading/);
    const resumed = timed(
      ...served,
      [900, { type: 'send.blocked', id: 1, unsent: 9, kernel: true, blockedMs: 500 }],
      [1_900, { type: 'send.resumed', id: 1 }],
    );
    expect(nowText(reduceAll(initialState(), resumed), 'en')).toMatch(/^sendall\(\): the same/);
  });
});

describe('the diagram and its exports', () => {
  it('draws the block and its end as notes, and Mermaid keeps them', () => {
    const events = timed(
      ...served,
      [900, { type: 'send.blocked', id: 1, unsent: UNSENT, kernel: true, blockedMs: 500 }],
      [1_400, { type: 'send.unsent', id: 1, unsent: UNSENT }],
      [1_900, { type: 'send.resumed', id: 1 }],
    );
    const lab = reduceAll(initialState(), events);
    const text = toMermaid(events, lab, { kit: textKit('en', messages.en) });
    expect(text).toContain('Note over S: ⚠ sendall() blocked: nc not reading · 3,984,589 B');
    expect(text).toContain('Note over S: sendall() goes on · nc reads again');
    // An update of the count draws nothing of its own.
    expect(text.match(/sendall\(\) blocked/g)).toHaveLength(1);
  });

  it('names a --send-timeout close on its arrow', () => {
    const lab = reduceAll(initialState(), blockedThenTimedOut);
    const text = toMermaid(blockedThenTimedOut, lab, { kit: textKit('es', messages.es) });
    expect(text).toContain('close() · se alcanzó un límite (--send-timeout)');
  });
});

const failAt = (at: string) => ({ ok: false, at });

describe('saved sessions', () => {
  it('accept the new events and state, and name a bad field', () => {
    for (const e of blockedThenTimedOut) expect(openEvent(e, 'e').ok).toBe(true);
    const bad = { seq: 9, t: 1, type: 'send.blocked', id: 1, unsent: -1, kernel: true };
    expect(openEvent({ ...bad, blockedMs: 5 }, 'events[3]')).toEqual(failAt('events[3].unsent'));
    expect(openEvent({ ...bad, unsent: 1 }, 'events[3]')).toEqual(failAt('events[3].blockedMs'));
    const lab = reduceAll(initialState(), blockedThenTimedOut.slice(0, -1));
    expect(lab.clients[1]?.sendBlocked).toEqual({ since: 500, unsent: UNSENT + 1, kernel: true });
    expect(openLab(lab, 'state').ok).toBe(true);
    const broken = { ...lab, clients: { 1: { ...lab.clients[1], sendBlocked: { since: 'x' } } } };
    expect(openLab(broken, 'state')).toEqual(failAt('state.clients.1.sendBlocked.since'));
    // Saved before blocks were shown: no such fields at all, still a good file.
    const { stepSince: _s, ...older } = lab;
    const { sendBlocked: _b, ...olderClient } = lab.clients[1]!;
    expect(openLab({ ...older, clients: { 1: olderClient } }, 'state').ok).toBe(true);
  });
});

describe('numbers for people', () => {
  it('writes bytes and waits as a class reads them', () => {
    expect(formatBytes(UNSENT, 'es')).toBe('3,8 MiB');
    expect(formatBytes(UNSENT, 'en')).toBe('3.8 MiB');
    expect(formatBytes(900, 'es')).toBe('900 B');
    expect(waitedFor(12_400)).toBe('12 s');
    expect(waitedFor(72_000)).toBe('1 min 12 s');
    expect(waitedFor(3_725_000)).toBe('1 h 2 min');
    expect(waitedFor(-5)).toBe('0 s');
  });
});
