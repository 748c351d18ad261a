// The one schema (shared/schema/): every event type the code knows is one it checks, bad
// commands, flags and files are refused with a clear line or path, and the page's choices
// lie within the bounds the server enforces.

import { describe, expect, it } from 'vitest';
import { initialState, reduceAll } from '../shared/lab.ts';
import {
  DEFAULTS,
  type EventOf,
  type LabEventBody,
  type LabEventType,
} from '../shared/protocol.ts';
import { BOT_BOUNDS, SETTING_BOUNDS, type Bounds } from '../shared/schema/bounds.ts';
import { checkCommand } from '../shared/schema/commands.ts';
import { EVENT_TYPES } from '../shared/schema/events.ts';
import { parseOptions, UsageError } from '../server/options.ts';
import { BACKLOGS, DELAYS, RECV_SIZES } from '../web/src/controls/presets.ts';
import { parseSession } from '../web/src/export/session-format.ts';
import { explainEvents } from '../web/src/teaching/explain.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile if the schema's list of types and the LabEvent union ever differ. */
const listed: Same<(typeof EVENT_TYPES)[number], LabEventType> = true;

const { webPort: _webPort, ...config } = DEFAULTS;
const client = { id: 1, kind: 'raw', address: '127.0.0.1', port: 50001, label: 'nc' } as const;
const read = { id: 1, bytes: 4, preview: 'hola', truncated: false };

/** One of every event: a type added to the schema and not here does not compile. */
const SAMPLES: { [T in LabEventType]: Extract<LabEventBody, { type: T }> } = {
  'server.started': { type: 'server.started', config, startedAt: 0 },
  'server.stopped': { type: 'server.stopped' },
  'config.changed': { type: 'config.changed', config },
  'server.paused': { type: 'server.paused', step: 'accept', id: null },
  'server.resumed': { type: 'server.resumed', step: 'accept', id: null },
  'server.delayed': { type: 'server.delayed', step: 'recv', id: 1, ms: 250 },
  'diagram.cleared': { type: 'diagram.cleared' },
  'client.named': { type: 'client.named', id: 1, label: 'Ana', program: 'nc', chosen: true },
  'client.identified': {
    type: 'client.identified',
    id: 1,
    kind: 'web',
    label: 'web 1',
    address: '127.0.0.1',
  },
  'client.connected': { type: 'client.connected', client, phase: 'waiting' },
  'client.queued': { type: 'client.queued', id: 1 },
  'client.accepted': { type: 'client.accepted', id: 1 },
  'data.waiting': { type: 'data.waiting', ...read },
  'data.read': { type: 'data.read', ...read },
  'client.word': { type: 'client.word', ...read },
  'data.echoed': { type: 'data.echoed', id: 1, bytes: 4 },
  'send.blocked': { type: 'send.blocked', id: 1, unsent: 9, kernel: true, blockedMs: 500 },
  'send.unsent': { type: 'send.unsent', id: 1, unsent: 10 },
  'send.resumed': { type: 'send.resumed', id: 1 },
  'data.burst': {
    type: 'data.burst',
    id: 1,
    reads: 2,
    echoes: 2,
    bytesIn: 8,
    bytesOut: 8,
    preview: 'hola',
    truncated: false,
  },
  'client.closed': { type: 'client.closed', id: 1, by: 'client', reason: 'fin' },
  'client.refused': {
    type: 'client.refused',
    address: '10.0.0.9',
    port: 40000,
    limit: 2000,
    cause: 'blocked',
    count: 3,
  },
  'message.hidden': { type: 'message.hidden', target: 14, id: 1, hidden: true },
  'name.hidden': { type: 'name.hidden', id: 1, hidden: true },
  'address.blocked': { type: 'address.blocked', address: '10.0.0.9', blocked: true },
  'child.started': {
    type: 'child.started',
    child: {
      command: ['python3', 'servidor.py'],
      cwd: '/tmp',
      pid: 42,
      blind: [{ what: 'queue', why: 'no /proc' }],
      source: { file: 'servidor.py', text: 'import socket', truncated: false },
    },
  },
  'child.output': { type: 'child.output', stream: 'stdout', text: 'listo', dropped: 0 },
  'child.exited': { type: 'child.exited', code: 0, signal: null },
  'child.at': {
    type: 'child.at',
    call: 'accept',
    fd: 3,
    file: 'servidor.py',
    line: 9,
    inside: true,
  },
  'child.call': {
    type: 'child.call',
    call: 'listen',
    fd: 3,
    id: null,
    result: '0',
    count: 1,
    line: 7,
  },
  'queue.overflowed': { type: 'queue.overflowed', overflows: 1, drops: 1 },
};

const stamped = Object.values(SAMPLES).map((body, i) => ({ ...body, seq: i + 1, t: i * 10 }));

const sessionText = (events: unknown[], state = initialState()) =>
  JSON.stringify({
    format: 'echo-lab-session',
    version: 1,
    exportedAt: '2026-01-01T00:00:00.000Z',
    config,
    snapshot: { seq: 0, state },
    events,
  });

describe('the event schema', () => {
  it('lists every event type the code knows, each once', () => {
    expect(listed).toBe(true);
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect([...EVENT_TYPES].sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it('opens a session holding every kind of event unchanged, and the page handles each', () => {
    const parsed = parseSession(sessionText(stamped));
    expect(parsed).toMatchObject({ ok: true });
    if (!parsed.ok) return;
    expect(parsed.session.events).toEqual(stamped);
    expect(() => reduceAll(initialState(), parsed.session.events)).not.toThrow();
    const told = explainEvents(parsed.session.events, 'es', { config: null, labelOf: String });
    expect(told).toHaveLength(EVENT_TYPES.length);
  });

  it('names the first bad value of a file, and keeps only the fields an event has', () => {
    const bad = stamped.map((e) => (e.type === 'data.read' ? { ...e, bytes: -1 } : e));
    const at = stamped.findIndex((e) => e.type === 'data.read');
    expect(parseSession(sessionText(bad))).toEqual({
      ok: false,
      problem: 'field',
      at: `events[${at}].bytes`,
    });
    const odd = [{ ...stamped[0], type: 'server.exploded' }];
    expect(parseSession(sessionText(odd))).toMatchObject({ ok: false, at: 'events[0].type' });
    const extra = parseSession(sessionText([{ ...stamped[0], secret: 'x' }]));
    expect(extra.ok && extra.session.events[0]).toEqual(stamped[0]);
  });

  it("keeps a traced program's source and output as lines; the rest of their text is made visible", () => {
    const source = 'def main():\n\tservidor.listen(5)  # \u202Eoculto\n';
    const events = stamped.map((e) => {
      if (e.type === 'child.output') return { ...e, text: 'uno\ndos\u200B' };
      if (e.type === 'child.started' && e.child.source) {
        return { ...e, child: { ...e.child, source: { ...e.child.source, text: source } } };
      }
      return e.type === 'client.connected' ? { ...e, client: { ...e.client, label: 'a\nb' } } : e;
    });
    const parsed = parseSession(sessionText(events));
    if (!parsed.ok) throw new Error('the file did not open');
    const of = <T extends LabEventType>(type: T) =>
      parsed.session.events.find((e): e is EventOf<T> => e.type === type);
    expect(of('child.output')?.text).toBe('uno\ndos\\u{200B}');
    expect(of('child.started')?.child.source?.text).toBe(
      'def main():\n\tservidor.listen(5)  # \\u{202E}oculto\n',
    );
    // A name is one line: a forged line break is shown, not obeyed.
    expect(of('client.connected')?.client.label).toBe('a\\nb');
  });

  it('fills in what a state saved by an older Echo Lab lacks', () => {
    const { held: _h, delayed: _d, moderation: _m, child: _c, ...older } = initialState();
    const parsed = parseSession(sessionText([], older as never));
    expect(parsed.ok && parsed.session.snapshot.state).toEqual(initialState());
  });
});

const refusal = (command: unknown) => {
  const checked = checkCommand(command);
  return checked.ok ? null : checked.error;
};

/** Below, at and above each bound: the ends pass, the rest is refused in the bounds' words. */
function edges(name: string, bounds: Bounds, make: (n: number) => unknown): void {
  const message = `${name} is ${bounds.min} to ${bounds.max}`;
  expect(refusal(make(bounds.min))).toBeNull();
  expect(refusal(make(bounds.max))).toBeNull();
  expect(refusal(make(bounds.min - 1))).toBe(message);
  expect(refusal(make(bounds.max + 1))).toBe(message);
  expect(refusal(make(bounds.min + 0.5))).toBe(message);
  expect(refusal(make(String(bounds.min) as never))).toBe(message);
}

describe('the command schema', () => {
  it('refuses settings out of their bounds in one line that says the bounds', () => {
    for (const key of ['backlog', 'recvSize', 'delayMs'] as const) {
      edges(key, SETTING_BOUNDS[key], (n) => ({ type: 'configure', settings: { [key]: n } }));
    }
    expect(refusal({ type: 'configure', settings: { mode: 'threaded' } })).toBe(
      'mode is "iterative" or "concurrent"',
    );
    expect(refusal({ type: 'configure', settings: { stepping: 'yes' } })).toBe(
      'stepping is true or false',
    );
    expect(refusal({ type: 'configure' })).toBe('configure needs "settings"');
  });

  it('refuses bots out of their bounds, a field left out included', () => {
    const plan = { type: 'bots', count: 3, messages: 2, intervalMs: 1000 };
    for (const key of ['count', 'messages', 'intervalMs'] as const) {
      edges(key, BOT_BOUNDS[key], (n) => ({ ...plan, [key]: n }));
      const { [key]: _left, ...without } = plan;
      expect(refusal(without)).toBe(`${key} is ${BOT_BOUNDS[key].min} to ${BOT_BOUNDS[key].max}`);
    }
  });

  it('says what is wrong with something that is no command', () => {
    expect(refusal(null)).toBe('a command is an object with a "type"');
    expect(refusal([{ type: 'step' }])).toBe('a command is an object with a "type"');
    expect(refusal({ type: 'reboot' })).toBe('unknown command "reboot"');
    expect(refusal({ type: { toString: null } })).toBe('unknown command "object"');
    expect(refusal({ type: 'disconnect', id: 0 })).toBe('disconnect needs an id');
    expect(refusal({ type: 'hideMessage', seq: 3 })).toBe('hidden is true or false');
    expect(refusal({ type: 'block', address: 'x'.repeat(65) })).toBe('block needs an IP address');
    expect(refusal({ type: 'name', id: 2 })).toBe('name needs a "name"');
  });

  it('keeps only the fields a command has: "__proto__" has nowhere to go', () => {
    const input = JSON.parse('{"type":"disconnect","id":3,"__proto__":{"polluted":1},"x":1}');
    const checked = checkCommand(input);
    expect(checked).toEqual({ ok: true, command: { type: 'disconnect', id: 3 } });
    expect(checked.ok && Object.getPrototypeOf(checked.command)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the same bounds elsewhere', () => {
  it('are the command line ranges', () => {
    const flags = { backlog: 'backlog', recvSize: 'recv-size', delayMs: 'delay' } as const;
    for (const [key, flag] of Object.entries(flags) as [keyof typeof flags, string][]) {
      const { min, max } = SETTING_BOUNDS[key];
      expect(parseOptions([`--${flag}`, String(max)])[key]).toBe(max);
      expect(() => parseOptions([`--${flag}`, String(max + 1)])).toThrow(
        new UsageError(`--${flag} takes a whole number from ${min} to ${max}, not "${max + 1}"`),
      );
    }
  });

  it('hold every choice the teacher is offered on the page', () => {
    expect(BACKLOGS.at(0)).toBe(SETTING_BOUNDS.backlog.min);
    expect(BACKLOGS.at(-1)).toBe(SETTING_BOUNDS.backlog.max);
    for (const backlog of BACKLOGS) {
      expect(refusal({ type: 'configure', settings: { backlog } })).toBeNull();
    }
    for (const recvSize of RECV_SIZES) {
      expect(refusal({ type: 'configure', settings: { recvSize } })).toBeNull();
    }
    for (const delayMs of DELAYS) {
      expect(refusal({ type: 'configure', settings: { delayMs } })).toBeNull();
    }
  });
});
