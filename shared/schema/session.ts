// A saved session (and a run's checkpoint) holds the lab state to replay from: this is its
// schema, with the rules that tie its parts together. A file is data from anywhere; the
// reducer and the diagram trust their input, so every field they read is checked, and a bad
// one is named by its path ("snapshot.state.clients.1.sendBlocked.since").

import * as v from 'valibot';
import type { ChildState } from '../lab-child.ts';
import type { ClientView, LabState } from '../lab-state.ts';
import type { Moderation } from '../moderation.ts';
import { finite, flag, listOf, oneOf, text, whole } from './basics.ts';
import { MAX_BLOCKED } from './bounds.ts';
import { ChildAtEntries, ChildExitEntries, ChildInfoSchema, OutputStream } from './child-events.ts';
import {
  ClientInfoEntries,
  CloseReason,
  Closer,
  LabEventSchema,
  Phase,
  Step,
  stepOf,
  type LabEvent,
} from './events.ts';
import { EchoConfigSchema, type EchoConfig } from './settings.ts';

/** Sessions hold far fewer; the bound keeps a hostile file from costing much. */
const MAX_IDS = 100_000;
const ids = listOf(whole(), MAX_IDS);

const ClientViewSchema = v.object({
  ...ClientInfoEntries,
  phase: oneOf(Phase),
  program: v.nullable(text()),
  connectedAt: finite(),
  acceptedAt: v.nullable(finite()),
  closedAt: v.nullable(finite()),
  bytesIn: whole(),
  bytesOut: whole(),
  reads: whole(),
  echoes: whole(),
  lastPreview: text(),
  closedBy: v.nullable(oneOf(Closer)),
  reason: v.nullable(oneOf(CloseReason)),
  // Absent in sessions saved before sendall() blocks (or unread bytes) were shown.
  sendBlocked: v.optional(
    v.nullable(v.object({ since: finite(), unsent: whole(), kernel: flag() })),
    null,
  ),
  unread: v.optional(
    v.nullable(v.object({ seq: whole(), bytes: whole(), preview: text(), truncated: flag() })),
    null,
  ),
});

const ChildStateSchema = v.object({
  info: ChildInfoSchema,
  startedAt: finite(),
  exit: v.nullable(v.object({ ...ChildExitEntries, t: finite() })),
  at: v.nullable(v.object({ ...ChildAtEntries, since: finite() })),
  output: listOf(v.object({ stream: oneOf(OutputStream), text: text(), t: finite() }), 1000),
  outputDropped: whole(),
  overflows: whole(),
  drops: whole(),
});

const ModerationSchema = v.object({
  messages: ids,
  names: ids,
  blocked: listOf(text(), MAX_BLOCKED),
});

/** Clients are kept by id; a key is an id's digits. */
const clientKey = v.pipe(v.string(), v.regex(/^\d{1,15}$/), v.transform(Number));

const LabStateSchema = v.object({
  config: v.nullable(EchoConfigSchema),
  startedAt: finite(),
  step: oneOf(Step),
  stepClient: v.nullable(whole()),
  stepSince: v.optional(finite(), 0),
  paused: flag(),
  // Absent in sessions saved before each was shown: nothing held, nothing delayed.
  held: v.optional(listOf(v.object(stepOf), MAX_IDS), () => []),
  delayed: v.optional(
    listOf(v.object({ ...stepOf, since: finite(), ms: finite() }), MAX_IDS),
    () => [],
  ),
  queue: ids,
  retrying: ids,
  served: ids,
  closed: ids,
  totals: v.object({
    connections: whole(),
    refused: whole(),
    reads: whole(),
    echoes: whole(),
    bytesIn: whole(),
    bytesOut: whole(),
  }),
  // Absent in sessions saved before moderation existed.
  moderation: v.optional(ModerationSchema, () => ({ messages: [], names: [], blocked: [] })),
  // Absent in sessions saved before traced programs existed: Echo Lab's own server.
  child: v.optional(v.nullable(ChildStateSchema), null),
  seq: whole(),
  clients: v.record(clientKey, ClientViewSchema),
});

export const SESSION_FORMAT = 'echo-lab-session';
export const SESSION_VERSION = 1;

/** A saved session, as the page exports it and the server reads a saved run's part. */
export interface SessionFile {
  format: typeof SESSION_FORMAT;
  version: typeof SESSION_VERSION;
  /** When it was saved, as an ISO date. */
  exportedAt: string;
  /** The server's settings when it was saved. */
  config: EchoConfig | null;
  /**
   * The first state the events can be replayed from: the lab after event `seq`, or before
   * the first event when `seq` is one less than its seq. Events before `seq` are drawn but
   * cannot be stepped to (the page joined after them).
   */
  snapshot: { seq: number; state: LabState };
  /** Oldest first, in strictly increasing seq. */
  events: LabEvent[];
}

/** Where a value failed: the first issue's path, after `at`. */
function pathOf(at: string, issues: readonly v.BaseIssue<unknown>[]): string {
  let path = at;
  for (const item of issues[0]?.path ?? []) {
    path += item.type === 'array' ? `[${String(item.key)}]` : `.${String(item.key)}`;
  }
  return path;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; at: string };

function check<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  at: string,
): Checked<v.InferOutput<S>> {
  const result = v.safeParse(schema, input, { abortEarly: true });
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, at: pathOf(at, result.issues) };
}

/** An event from a file, with only the fields its type has. */
export const checkEvent = (input: unknown, at: string): Checked<LabEvent> =>
  check(LabEventSchema, input, at);

const FileConfigSchema = v.nullable(EchoConfigSchema);

/** A file's settings (null when it was saved before a server started). */
export const checkConfig = (input: unknown, at: string): Checked<EchoConfig | null> =>
  check(FileConfigSchema, input, at);

/** The lab state's shape, and that every client it lists is one it describes. */
export function checkLab(input: unknown, at: string): Checked<LabState> {
  const checked = check(LabStateSchema, input, at);
  if (!checked.ok) return checked;
  const lab = checked.value;
  for (const [key, client] of Object.entries(lab.clients)) {
    if (client.id !== Number(key)) return { ok: false, at: `${at}.clients.${key}.id` };
  }
  for (const list of ['queue', 'retrying', 'served', 'closed'] as const) {
    const missing = lab[list].findIndex((id) => !lab.clients[id]);
    if (missing >= 0) return { ok: false, at: `${at}.${list}[${missing}]` };
  }
  return { ok: true, value: lab };
}

// Readonly-ness is the types' promise to their readers, not a shape a file can break.
type Plain<T> = T extends readonly (infer U)[]
  ? Plain<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Plain<T[K]> }
    : T;
/**
 * True when A and B are the same type at every depth, optional fields included: mutual
 * assignability would let a field that is optional on one side be missing on the other.
 */
type Same<A, B> =
  (<T>() => T extends Plain<A> ? 1 : 2) extends <T>() => T extends Plain<B> ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type Out<S extends v.GenericSchema> = v.InferOutput<S>;

/**
 * The lab state's types (lab-state.ts, lab-child.ts, moderation.ts) and this schema must
 * agree field for field, or the build fails: a field added to one and not the other would
 * otherwise be dropped from every file opened, without a word.
 */
export type StateSchemaMatches = [
  Assert<Same<LabState, Out<typeof LabStateSchema>>>,
  Assert<Same<ClientView, Out<typeof ClientViewSchema>>>,
  Assert<Same<ChildState, Out<typeof ChildStateSchema>>>,
  Assert<Same<Moderation, Out<typeof ModerationSchema>>>,
];
