// Every event, setting and wire message of Echo Lab. Events, settings and commands are
// declared once, as schemas in ./schema/ that yield both their types and their checks; this
// file re-exports them beside the wire messages that need no check. The page imports it with
// `import type` where it can, so no server code ever reaches the bundle.

import type { LabState } from './lab.ts';
import type { ControlCommand, ControlResult } from './schema/commands.ts';
import type { LabEvent } from './schema/events.ts';

export { DEFAULTS, Mode, type EchoConfig, type LiveSettings } from './schema/settings.ts';
export {
  ClientKind,
  CloseDetail,
  CloseReason,
  Closer,
  Phase,
  RefuseCause,
  Step,
  type ClientInfo,
  type EventOf,
  type LabEvent,
  type LabEventBody,
  type LabEventType,
} from './schema/events.ts';
export type { ControlCommand, ControlResult } from './schema/commands.ts';
export { MAX_BLOCKED } from './schema/bounds.ts';

/** Bytes of each read kept, made visible, in an event; the byte count stays exact. */
export const PREVIEW_BYTES = 48;

/** Recent events a page receives in a snapshot and keeps for the diagram and the log. */
export const HISTORY_LIMIT = 600;

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
