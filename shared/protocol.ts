// The one place every event, setting and wire message of Echo Lab is declared.
// The server imports it as values; the page imports it with `import type` where it can,
// so no server code ever reaches the bundle.

import type { LabState } from './lab.ts';
import type { ChildEventBody } from './traced.ts';

export const Mode = { iterative: 'iterative', concurrent: 'concurrent' } as const;
export type Mode = (typeof Mode)[keyof typeof Mode];

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

export interface EchoConfig {
  host: string;
  port: number;
  mode: Mode;
  /** Places in the accept queue, as in listen(backlog). */
  backlog: number;
  /** Most bytes one recv() returns. */
  recvSize: number;
  disconnectWord: string;
  /** The client's limit on one message, in characters. */
  maxMessage: number;
  /** Step mode: each action of the loop waits for the teacher's "next step". */
  stepping: boolean;
  /** Slow motion: milliseconds the server waits before each action. */
  delayMs: number;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8000,
  webPort: 3000,
  mode: Mode.iterative,
  backlog: 5,
  recvSize: 1024,
  disconnectWord: 'desconectar',
  maxMessage: 200,
  stepping: false,
  delayMs: 0,
} as const;

/** Bytes of each read kept, made visible, in an event; the byte count stays exact. */
export const PREVIEW_BYTES = 48;

/** Recent events a page receives in a snapshot and keeps for the diagram and the log. */
export const HISTORY_LIMIT = 600;

interface Stamp {
  /** Gapless, starting at 1 for each server run. */
  seq: number;
  /** Milliseconds since the server started, sub-millisecond precision. */
  t: number;
}

export interface ClientInfo {
  id: number;
  kind: ClientKind;
  /** A web-form client's is the address of the page that opened it; a bot's is loopback. */
  address: string;
  port: number;
  /** What the page calls it: "nc", "web 2", "127.0.0.1:51234". */
  label: string;
}

/** Why a connection was turned away before it took a place. */
export const RefuseCause = {
  /** More clients at once than --max-clients. */
  limit: 'limit',
  /** The teacher blocked its address for this run. */
  blocked: 'blocked',
} as const;
export type RefuseCause = (typeof RefuseCause)[keyof typeof RefuseCause];

/** Addresses the teacher may block at once: a class, with room to spare, never unbounded. */
export const MAX_BLOCKED = 256;

interface Read {
  id: number;
  bytes: number;
  /** The first PREVIEW_BYTES bytes, with control characters and invalid UTF-8 escaped. */
  preview: string;
  truncated: boolean;
}

export type LabEventBody =
  /** `program`: a traced program (--run) started listening, not Echo Lab's own server. */
  | { type: 'server.started'; config: EchoConfig; startedAt: number; program?: string }
  | { type: 'server.stopped' }
  | { type: 'config.changed'; config: EchoConfig }
  /** Step mode: the server is about to take this action and waits for "next step". */
  | { type: 'server.paused'; step: Step; id: number | null }
  /** Step mode: the teacher let a held action go (or turned step mode off): it runs now. */
  | { type: 'server.resumed'; step: Step; id: number | null }
  /**
   * Slow motion: the server waits `ms` before this action, then takes it (or, in step
   * mode, holds it). Pages show what is pending and count down; the action's own event
   * (or a hold, or the client's close) ends the wait.
   */
  | { type: 'server.delayed'; step: Step; id: number | null; ms: number }
  /** The teacher cleared the diagram: pages forget the events before this one. */
  | { type: 'diagram.cleared' }
  /**
   * A raw client's program became known (from /proc on Linux), or, with `chosen`, a page at
   * the client's own address gave it a name (its program, if known, stays as it was).
   */
  | { type: 'client.named'; id: number; label: string; program: string; chosen?: boolean }
  /**
   * A connection from this machine is Echo Lab's own web form (its address is then the
   * page's) or bot. It came in as raw, since the server never waits to learn whose it is.
   */
  | { type: 'client.identified'; id: number; kind: 'web' | 'bot'; label: string; address: string }
  /** The TCP handshake finished: the client is in the queue, or retrying past it. */
  | { type: 'client.connected'; client: ClientInfo; phase: 'waiting' | 'retrying' }
  /** A place in the queue freed up and a retrying client's SYN got through. */
  | { type: 'client.queued'; id: number }
  /** accept() returned this client. */
  | { type: 'client.accepted'; id: number }
  /**
   * A client waiting in the accept queue has sent bytes that nobody has read yet: `bytes` is
   * all it holds unread now (not an increment), the preview its first bytes. At most a few a
   * second per client, the last one before its accept().
   */
  | ({ type: 'data.waiting' } & Read)
  /** recv() returned bytes (at most recvSize). */
  | ({ type: 'data.read' } & Read)
  /** recv() returned the disconnect word: no echo, the server closes. */
  | ({ type: 'client.word' } & Read)
  /** sendall() finished handing the same bytes to the kernel. */
  | { type: 'data.echoed'; id: number; bytes: number }
  /**
   * sendall() has been unable to hand its bytes to the kernel for `blockedMs` (the client
   * stops reading: the kernel's send buffer and Echo Lab's write queue are full). Sent once
   * a block outlasts a short threshold, so a healthy flood never shows one. `unsent` is what
   * the server holds for the client: its write queue, plus the kernel's send queue when
   * `kernel` is true (read from /proc on Linux; elsewhere it cannot be seen).
   */
  | { type: 'send.blocked'; id: number; unsent: number; kernel: boolean; blockedMs: number }
  /** Still blocked in that sendall(), now with this many bytes unsent; at most once a second. */
  | { type: 'send.unsent'; id: number; unsent: number }
  /** The blocked sendall() went on: the client read again. A close ends a block without this. */
  | { type: 'send.resumed'; id: number }
  /**
   * Under heavy traffic, many reads and echoes of one client summed up exactly, instead
   * of an event each. The preview is of the last read.
   */
  | {
      type: 'data.burst';
      id: number;
      reads: number;
      echoes: number;
      bytesIn: number;
      bytesOut: number;
      preview: string;
      truncated: boolean;
    }
  | { type: 'client.closed'; id: number; by: Closer; reason: CloseReason; detail?: string }
  /**
   * Too many clients at once, or a blocked address: told so in one line, then closed, never
   * queued. `cause` is absent in sessions saved before it existed (they were all the limit).
   * A blocked address retrying in a loop is reported at most once a second: `count` says how
   * many refusals the event stands for (1 when absent), `port` is the last one's.
   */
  | {
      type: 'client.refused';
      address: string;
      port: number;
      limit: number;
      cause?: RefuseCause;
      count?: number;
    }
  /** The teacher hid (or showed again) the preview of the read, word or burst `target`. */
  | { type: 'message.hidden'; target: number; id: number; hidden: boolean }
  /** The teacher hid (or showed again) a client's name: pages call it "client 7". */
  | { type: 'name.hidden'; id: number; hidden: boolean }
  /** The teacher blocked (or unblocked) an address for the rest of this run. */
  | { type: 'address.blocked'; address: string; blocked: boolean }
  /** A student's program run under Echo Lab (--run): see shared/traced.ts. */
  | ChildEventBody;

export type LabEvent = LabEventBody & Stamp;
export type LabEventType = LabEvent['type'];
export type EventOf<T extends LabEventType> = Extract<LabEvent, { type: T }>;

/** Teachers drive the lab; viewers watch and use their own web clients. */
export const Role = { teacher: 'teacher', viewer: 'viewer' } as const;
export type Role = (typeof Role)[keyof typeof Role];

/** What the hub hands a page that joins late or reconnects. */
export interface Snapshot {
  /** The state after every event up to and including `seq`. */
  state: LabState;
  /** The most recent events, oldest first, ending at `seq`. */
  history: LabEvent[];
  /** The state just before the first of `history`, so a page can step back through it all. */
  base: LabState;
  seq: number;
  webPort: number;
  /** What this page may do. */
  role: Role;
  /**
   * This page's key, issued by the server and valid while it stays connected: passed as
   * the byte bridge's `?page=`, it counts the page's web clients against their limit.
   */
  pageKey: string;
  /**
   * Classroom mode only: the hosts students type to reach this server, likeliest first.
   * Pages show the first wherever they name the server, so every page names it alike.
   */
  studentHosts?: readonly string[];
  /** Set where this OS gives no way to name a raw client's program (no /proc, no lsof). */
  programNamesUnavailable?: boolean;
  /**
   * The address this page connects from, as the server sees it, so a student's page can
   * find its own raw clients. Absent from servers older than it.
   */
  yourAddress?: string;
}

/** GET /api/join (classroom mode): what the teacher's join screen shows. */
export interface JoinInfo {
  /** The page's address for students at each of `Snapshot.studentHosts`, with its QR code. */
  addresses: { url: string; host: string; qrSvg: string }[];
  echoPort: number;
  /** Students' pages connected now (pages without the teacher token). */
  watching: number;
}

/** Settings a teacher may change while the server runs. */
export type LiveSettings = Partial<
  Pick<EchoConfig, 'mode' | 'backlog' | 'recvSize' | 'stepping' | 'delayMs'>
>;

/** A teacher's command; every one is checked on the server, whoever sends it. */
export type ControlCommand =
  | { type: 'configure'; settings: LiveSettings }
  | { type: 'disconnect'; id: number }
  /** Step mode: let the server take its next action. */
  | { type: 'step' }
  | { type: 'clear' }
  /** Starts `count` bot clients that each send `messages` messages, one every `intervalMs`. */
  | { type: 'bots'; count: number; messages: number; intervalMs: number }
  | { type: 'stopBots' }
  /** Hides (or shows again) the preview of the read, word or burst with this seq. */
  | { type: 'hideMessage'; seq: number; hidden: boolean }
  /** Hides (or shows again) the name of this client. */
  | { type: 'hideName'; id: number; hidden: boolean }
  /** Refuses this address for the rest of the run and disconnects its open clients. */
  | { type: 'block'; address: string }
  | { type: 'unblock'; address: string }
  /** Starts the traced program again (--run). */
  | { type: 'restart' }
  /**
   * Gives an open client a name. Any page may send it for a client from its own address
   * (a student naming their nc or web client); the teacher's page for any client.
   */
  | { type: 'name'; id: number; name: string };

export type ControlResult = { ok: true } | { ok: false; error: string };

/** socket.io: what the server emits to pages. */
export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  events: (batch: LabEvent[]) => void;
}

/** socket.io: what pages send to the server. */
export interface ClientToServerEvents {
  /** Ask for a fresh snapshot, e.g. after noticing a gap. */
  resync: () => void;
  control: (command: ControlCommand, ack: (result: ControlResult) => void) => void;
}

/**
 * The raw WebSocket path whose every connection is a real TCP client of the echo server.
 * Binary frames carry bytes both ways (a text frame from the page is sent as its UTF-8
 * bytes). `?name=Ana` names the client on the page. Closing the WebSocket sends FIN; when
 * the server closes the TCP connection the bridge closes the WebSocket with code 1000.
 */
export const TCP_BRIDGE_PATH = '/tcp';

/** The bridge's own close codes; each comes with a reason the page's card shows. */
export const BridgeClose = { limit: 4429, stalled: 4408, blocked: 4403 } as const;

/** The bridge's only text frame, sent once the echo server has seen the connection. */
export interface BridgeHello {
  type: 'hello';
  /** The client's id in lab events. */
  id: number;
  label: string;
  /** The client's limit on one message, in characters (the server's --max-message). */
  maxMessage: number;
}
