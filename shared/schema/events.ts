// Every event a server tells the pages, declared once: the TypeScript types, the check a
// saved session's events pass and the check of a run file's lines are all this schema.

import * as v from 'valibot';
import { body, finite, flag, oneOf, text, whole } from './basics.ts';
import { CHILD_EVENT_BODIES } from './child-events.ts';
import { EchoConfigSchema } from './settings.ts';

export const ClientKind = { raw: 'raw', web: 'web', bot: 'bot' } as const;
export type ClientKind = (typeof ClientKind)[keyof typeof ClientKind];

/** Where a connection is, as the homework's server would see it. */
export const Phase = {
  /** Past the backlog: a real kernel drops the SYN and the client retries. */
  retrying: 'retrying',
  /** In the accept queue: connected, but the server has not called accept() for it yet. */
  waiting: 'waiting',
  /** Returned by accept(): the server reads from and writes to it. */
  served: 'served',
  closed: 'closed',
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

/** The line of the homework's loop the server is on. */
export const Step = {
  accept: 'accept',
  recv: 'recv',
  send: 'send',
  close: 'close',
  stopped: 'stopped',
} as const;
export type Step = (typeof Step)[keyof typeof Step];

export const Closer = { client: 'client', server: 'server' } as const;
export type Closer = (typeof Closer)[keyof typeof Closer];

export const CloseReason = {
  /** The client sent the disconnect word. */
  word: 'word',
  /** The client closed its side (FIN) and everything it sent was echoed. */
  fin: 'fin',
  /** The client reset the connection (RST) or it failed with a socket error. */
  reset: 'reset',
  /** The teacher disconnected it. */
  kicked: 'kicked',
  /** Echo Lab is shutting down. */
  shutdown: 'shutdown',
  /** A limit was hit (too many clients, idle too long). */
  limit: 'limit',
  /** A traced program closed it, for its own reasons (its code decides, not Echo Lab). */
  program: 'program',
} as const;
export type CloseReason = (typeof CloseReason)[keyof typeof CloseReason];

/** The `detail` of a close for a limit, saying which one. */
export const CloseDetail = {
  /** --idle-timeout: nothing moved on a served connection for that long. */
  idleTimeout: 'idle-timeout',
  /** --send-timeout: sendall() stayed blocked that long, the client not reading. */
  sendTimeout: 'send-timeout',
} as const;
export type CloseDetail = (typeof CloseDetail)[keyof typeof CloseDetail];

/** Why a connection was turned away before it took a place. */
export const RefuseCause = {
  /** More clients at once than --max-clients. */
  limit: 'limit',
  /** The teacher blocked its address for this run. */
  blocked: 'blocked',
} as const;
export type RefuseCause = (typeof RefuseCause)[keyof typeof RefuseCause];

export const ClientInfoEntries = {
  id: whole(),
  kind: oneOf(ClientKind),
  /** A web-form client's is the address of the page that opened it; a bot's is loopback. */
  address: text(),
  port: whole(),
  /** What the page calls it: "nc", "web 2", "127.0.0.1:51234". */
  label: text(),
};
const ClientInfoSchema = v.object(ClientInfoEntries);
export type ClientInfo = v.InferOutput<typeof ClientInfoSchema>;

/** A server step and the client it is about: held, resumed, delayed, and in saved state. */
export const stepOf = { step: oneOf(Step), id: v.nullable(whole()) };

const read = {
  id: whole(),
  bytes: whole(),
  /** The first PREVIEW_BYTES bytes, with control characters and invalid UTF-8 escaped. */
  preview: text(),
  truncated: flag(),
};

/** Each event's own fields, besides `seq` and `t`. */
const BODIES = [
  /** `program`: a traced program (--run) started listening, not Echo Lab's own server. */
  body('server.started', {
    config: EchoConfigSchema,
    startedAt: finite(),
    program: v.optional(text()),
  }),
  body('server.stopped', {}),
  body('config.changed', { config: EchoConfigSchema }),
  /** Step mode: the server is about to take this action and waits for "next step". */
  body('server.paused', stepOf),
  /** Step mode: the teacher let a held action go (or turned step mode off): it runs now. */
  body('server.resumed', stepOf),
  /**
   * Slow motion: the server waits `ms` before this action, then takes it (or, in step
   * mode, holds it). Pages show what is pending and count down; the action's own event
   * (or a hold, or the client's close) ends the wait.
   */
  body('server.delayed', { ...stepOf, ms: finite() }),
  /** The teacher cleared the diagram: pages forget the events before this one. */
  body('diagram.cleared', {}),
  /**
   * A raw client's program became known (from /proc on Linux), or, with `chosen`, a page at
   * the client's own address gave it a name (its program, if known, stays as it was).
   */
  body('client.named', {
    id: whole(),
    label: text(),
    program: text(),
    chosen: v.optional(flag()),
  }),
  /**
   * A connection from this machine is Echo Lab's own web form (its address is then the
   * page's) or bot. It came in as raw, since the server never waits to learn whose it is.
   */
  body('client.identified', {
    id: whole(),
    kind: v.picklist([ClientKind.web, ClientKind.bot]),
    label: text(),
    address: text(),
  }),
  /** The TCP handshake finished: the client is in the queue, or retrying past it. */
  body('client.connected', {
    client: ClientInfoSchema,
    phase: v.picklist([Phase.waiting, Phase.retrying]),
  }),
  /** A place in the queue freed up and a retrying client's SYN got through. */
  body('client.queued', { id: whole() }),
  /** accept() returned this client. */
  body('client.accepted', { id: whole() }),
  /**
   * A client has sent bytes that nobody has read yet: `bytes` is all it holds unread now
   * (not an increment), the preview its first bytes. At most a few a second per client, the
   * last one before its accept(). It waits in the accept queue, or, with `served`, it is
   * served and step mode or slow motion holds the server before its recv() (the count told
   * last before the server goes on).
   */
  body('data.waiting', { ...read, served: v.optional(v.literal(true)) }),
  /** recv() returned bytes (at most recvSize). */
  body('data.read', read),
  /** recv() returned the disconnect word: no echo, the server closes. */
  body('client.word', read),
  /** sendall() finished handing the same bytes to the kernel. */
  body('data.echoed', { id: whole(), bytes: whole() }),
  /**
   * sendall() has been unable to hand its bytes to the kernel for `blockedMs` (the client
   * stops reading: the kernel's send buffer and Echo Lab's write queue are full). Sent once
   * a block outlasts a short threshold, so a healthy flood never shows one. `unsent` is what
   * the server holds for the client: its write queue, plus the kernel's send queue when
   * `kernel` is true (read from /proc on Linux; elsewhere it cannot be seen).
   */
  body('send.blocked', { id: whole(), unsent: whole(), kernel: flag(), blockedMs: finite() }),
  /** Still blocked in that sendall(), now with this many bytes unsent; at most once a second. */
  body('send.unsent', { id: whole(), unsent: whole() }),
  /** The blocked sendall() went on: the client read again. A close ends a block without this. */
  body('send.resumed', { id: whole() }),
  /**
   * Under heavy traffic, many reads and echoes of one client summed up exactly, instead
   * of an event each. The preview is of the last read. `since` is when it counted its first
   * read: the summary goes out up to a second later, when its last window ends.
   */
  body('data.burst', {
    id: whole(),
    // Absent in sessions saved before it was sent.
    since: v.optional(finite()),
    reads: whole(),
    echoes: whole(),
    bytesIn: whole(),
    bytesOut: whole(),
    preview: text(),
    truncated: flag(),
  }),
  body('client.closed', {
    id: whole(),
    by: oneOf(Closer),
    reason: oneOf(CloseReason),
    detail: v.optional(text()),
  }),
  /**
   * Too many clients at once, or a blocked address: told so in one line, then closed, never
   * queued. `cause` is absent in sessions saved before it existed (they were all the limit).
   * A blocked address retrying in a loop is reported at most once a second: `count` says how
   * many refusals the event stands for (1 when absent), `port` is the last one's.
   */
  body('client.refused', {
    address: text(),
    port: whole(),
    limit: whole(),
    cause: v.optional(oneOf(RefuseCause)),
    count: v.optional(whole()),
  }),
  /** The teacher hid (or showed again) the preview of the read, word or burst `target`. */
  body('message.hidden', { target: whole(), id: whole(), hidden: flag() }),
  /** The teacher hid (or showed again) a client's name: pages call it "client 7". */
  body('name.hidden', { id: whole(), hidden: flag() }),
  /** The teacher blocked (or unblocked) an address for the rest of this run. */
  body('address.blocked', { address: text(), blocked: flag() }),
  /** A student's program run under Echo Lab (--run): see child-events.ts. */
  ...CHILD_EVENT_BODIES,
] as const;

export type LabEventBody = v.InferOutput<v.VariantSchema<'type', typeof BODIES, undefined>>;

/** Every event type, in the schema's order. */
export const EVENT_TYPES = BODIES.map((b) => b.entries.type.literal);

const stamp = {
  /** Gapless, starting at 1 for each server run. */
  seq: whole(),
  /** Milliseconds since the server started, sub-millisecond precision. */
  t: finite(),
};

export type LabEvent = LabEventBody & v.InferOutput<v.ObjectSchema<typeof stamp, undefined>>;
export type LabEventType = LabEvent['type'];
export type EventOf<T extends LabEventType> = Extract<LabEvent, { type: T }>;

/**
 * An event as pages receive it and files hold it: each body with the stamp's fields first.
 * Made from the bodies above, so it has every type they have (tests/schema.test.ts opens one
 * of each); one object per type checks about twice as fast as the stamp and body apart.
 */
export const LabEventSchema = v.variant(
  'type',
  BODIES.map((schema) => v.object({ ...stamp, ...schema.entries })),
) as v.GenericSchema<unknown, LabEvent>;
