// The shape checks a saved session passes before the page replays it. A file is data from
// anywhere: the reducer and the diagram trust their input, so every field they read is
// checked here, and a bad one is named by its path instead of crashing the page. Strings
// that pass are made visible on the way (see shape).

import { revealVisible } from '../../../shared/bytes.ts';
import type { LabState } from '../../../shared/lab.ts';
import { MAX_BLOCKED, type LabEvent } from '../../../shared/protocol.ts';

/** Returns the path of the first bad value, or null. */
type Check = (value: unknown, path: string) => string | null;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const num: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? null : p);
const int: Check = (v, p) => (Number.isSafeInteger(v) && (v as number) >= 0 ? null : p);
const str: Check = (v, p) => (typeof v === 'string' ? null : p);
const bool: Check = (v, p) => (typeof v === 'boolean' ? null : p);
const oneOf =
  (...values: readonly string[]): Check =>
  (v, p) =>
    typeof v === 'string' && values.includes(v) ? null : p;
const nullable =
  (check: Check): Check =>
  (v, p) =>
    v === null ? null : check(v, p);
const optional =
  (check: Check): Check =>
  (v, p) =>
    v === undefined ? null : check(v, p);

/**
 * Checks an object's fields; a field that passes and is a string is also made visible in
 * place. A session's strings are the page's visible text (previews, names), but a file can
 * be forged with raw bidi or zero-width characters in them. Escaping them, rather than
 * refusing the file, still opens files saved before names were escaped, and shows exactly
 * what a forged one holds.
 */
function shape(fields: Record<string, Check>): Check {
  return (v, p) => {
    if (!isObject(v)) return p;
    for (const [key, check] of Object.entries(fields)) {
      const value = v[key];
      const bad = check(value, `${p}.${key}`);
      if (bad) return bad;
      if (typeof value === 'string') v[key] = revealVisible(value);
    }
    return null;
  };
}

const arrayOf =
  (check: Check, max: number): Check =>
  (v, p) => {
    if (!Array.isArray(v) || v.length > max) return p;
    for (let i = 0; i < v.length; i++) {
      const bad = check(v[i], `${p}[${i}]`);
      if (bad) return bad;
    }
    return null;
  };

/** Sessions hold far fewer; the bound keeps a hostile file from costing much. */
const MAX_IDS = 100_000;

const ids = arrayOf(int, MAX_IDS);
const step = oneOf('accept', 'recv', 'send', 'close', 'stopped');
const closer = oneOf('client', 'server');
const reason = oneOf('word', 'fin', 'reset', 'kicked', 'shutdown', 'limit', 'program');

const config = shape({
  host: str,
  port: int,
  mode: oneOf('iterative', 'concurrent'),
  backlog: int,
  recvSize: int,
  disconnectWord: str,
  maxMessage: int,
  stepping: bool,
  delayMs: num,
});

const clientInfo = {
  id: int,
  kind: oneOf('raw', 'web', 'bot'),
  address: str,
  port: int,
  label: str,
};

/** Sessions saved before sendall() blocks were shown lack it: they have none to show. */
const sendBlock = optional(nullable(shape({ since: num, unsent: int, kernel: bool })));

const clientView = shape({
  ...clientInfo,
  phase: oneOf('retrying', 'waiting', 'served', 'closed'),
  program: nullable(str),
  connectedAt: num,
  acceptedAt: nullable(num),
  closedAt: nullable(num),
  bytesIn: int,
  bytesOut: int,
  reads: int,
  echoes: int,
  lastPreview: str,
  closedBy: nullable(closer),
  reason: nullable(reason),
  sendBlocked: sendBlock,
});

/** A traced program's calls are a few words; its command and output lines, bounded. */
const sight = oneOf('calls', 'lines', 'queue');
const childInfo = shape({
  command: arrayOf(str, 256),
  cwd: str,
  pid: int,
  blind: arrayOf(shape({ what: sight, why: str }), 8),
  source: nullable(shape({ file: str, text: str, truncated: bool })),
});
const childAt = {
  call: nullable(str),
  fd: nullable(int),
  file: nullable(str),
  line: nullable(int),
  inside: bool,
};
const stream = oneOf('stdout', 'stderr');
const exit = { code: nullable(num), signal: nullable(str) };
const childState = shape({
  info: childInfo,
  startedAt: num,
  exit: nullable(shape({ ...exit, t: num })),
  at: nullable(shape({ ...childAt, since: num })),
  output: arrayOf(shape({ stream, text: str, t: num }), 1000),
  outputDropped: int,
  overflows: int,
  drops: int,
});

const labShape = shape({
  config: nullable(config),
  startedAt: num,
  step,
  stepClient: nullable(int),
  stepSince: optional(num),
  paused: bool,
  // Absent in sessions saved before slow motion was shown; parseSession fills it in.
  delayed: optional(arrayOf(shape({ step, id: nullable(int), since: num, ms: num }), MAX_IDS)),
  queue: ids,
  retrying: ids,
  served: ids,
  closed: ids,
  totals: shape({
    connections: int,
    refused: int,
    reads: int,
    echoes: int,
    bytesIn: int,
    bytesOut: int,
  }),
  // Absent in sessions saved before moderation existed; parseSession fills it in.
  moderation: optional(shape({ messages: ids, names: ids, blocked: arrayOf(str, MAX_BLOCKED) })),
  // Absent in sessions saved before traced programs existed: Echo Lab's own server.
  child: optional(nullable(childState)),
  seq: int,
});

/** The lab state's shape, and that every client it lists is one it describes. */
export function checkLab(v: unknown, p: string): string | null {
  const bad = labShape(v, p);
  if (bad) return bad;
  const lab = v as LabState;
  if (!isObject(lab.clients)) return `${p}.clients`;
  for (const [key, client] of Object.entries(lab.clients)) {
    const at = `${p}.clients.${key}`;
    const wrong = clientView(client, at);
    if (wrong) return wrong;
    if ((client as { id: number }).id !== Number(key)) return `${at}.id`;
  }
  for (const list of ['queue', 'retrying', 'served', 'closed'] as const) {
    const missing = lab[list].findIndex((id) => !lab.clients[id]);
    if (missing >= 0) return `${p}.${list}[${missing}]`;
  }
  return null;
}

const read = { id: int, bytes: int, preview: str, truncated: bool };

/** Each event type's fields, besides seq, t and type. */
const BODIES: Record<LabEvent['type'], Record<string, Check>> = {
  'server.started': { config, startedAt: num, program: optional(str) },
  'server.stopped': {},
  'config.changed': { config },
  'server.paused': { step, id: nullable(int) },
  'server.resumed': { step, id: nullable(int) },
  'server.delayed': { step, id: nullable(int), ms: num },
  'diagram.cleared': {},
  'client.named': { id: int, label: str, program: str, chosen: optional(bool) },
  'client.identified': { id: int, kind: oneOf('web', 'bot'), label: str, address: str },
  'client.connected': { client: shape(clientInfo), phase: oneOf('waiting', 'retrying') },
  'client.queued': { id: int },
  'client.accepted': { id: int },
  'data.read': read,
  'client.word': read,
  'data.waiting': read,
  'data.echoed': { id: int, bytes: int },
  'send.blocked': { id: int, unsent: int, kernel: bool, blockedMs: num },
  'send.unsent': { id: int, unsent: int },
  'send.resumed': { id: int },
  'data.burst': {
    id: int,
    reads: int,
    echoes: int,
    bytesIn: int,
    bytesOut: int,
    preview: str,
    truncated: bool,
  },
  'client.closed': { id: int, by: closer, reason, detail: optional(str) },
  'client.refused': {
    address: str,
    port: int,
    limit: int,
    cause: optional(oneOf('limit', 'blocked')),
    count: optional(int),
  },
  'message.hidden': { target: int, id: int, hidden: bool },
  'name.hidden': { id: int, hidden: bool },
  'address.blocked': { address: str, blocked: bool },
  'child.started': { child: childInfo },
  'child.output': { stream, text: str, dropped: optional(int) },
  'child.exited': exit,
  'child.at': childAt,
  'child.call': {
    call: str,
    fd: int,
    id: nullable(int),
    result: str,
    count: int,
    line: nullable(int),
  },
  'queue.overflowed': { overflows: int, drops: int },
};

const stamp = shape({ seq: int, t: num, type: oneOf(...Object.keys(BODIES)) });

export function checkEvent(v: unknown, p: string): string | null {
  const bad = stamp(v, p);
  if (bad) return bad;
  const type = (v as { type: LabEvent['type'] }).type;
  return shape(BODIES[type])(v, p);
}

export const checkConfig: Check = nullable(config);
