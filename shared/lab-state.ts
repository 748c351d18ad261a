// The shape of the lab as every page and the server see it: what the one reducer in
// lab.ts builds from events. Types and the empty state only; no folding here.

import type { ChildState } from './lab-child.ts';
import { NO_MODERATION, type Moderation } from './moderation.ts';
import type { ClientInfo, CloseReason, Closer, EchoConfig, Phase } from './protocol.ts';
import { Step } from './protocol.ts';

/** A sendall() to this client that cannot hand its bytes to the kernel: it does not read. */
interface SendBlock {
  /** When the block began, in ms since the server started (as event times). */
  since: number;
  /** Bytes the server holds unsent for it, as last reported. */
  unsent: number;
  /** Whether `unsent` counts the kernel's send queue too, or Echo Lab's write queue alone. */
  kernel: boolean;
}

export interface ClientView extends ClientInfo {
  phase: Phase;
  /** The program behind a raw client on this machine (nc, python3…), when known. */
  program: string | null;
  connectedAt: number;
  acceptedAt: number | null;
  closedAt: number | null;
  bytesIn: number;
  bytesOut: number;
  reads: number;
  echoes: number;
  /** The preview of the last read, made visible. */
  lastPreview: string;
  closedBy: Closer | null;
  reason: CloseReason | null;
  /** Set while the server is blocked in sendall() to it (see the send.* events). */
  sendBlocked: SendBlock | null;
  /**
   * What it sent that nobody has read yet (data.waiting): while it waits in the queue, or
   * while step mode or slow motion holds the server before its recv().
   */
  unread: Unread | null;
}

/** Bytes a waiting client sent that the server holds unread. */
export interface Unread {
  /** The data.waiting event that told it: the teacher may hide its preview. */
  seq: number;
  bytes: number;
  /** Its first bytes, made visible. */
  preview: string;
  truncated: boolean;
}

export interface Totals {
  connections: number;
  /** Connections turned away by the --max-clients limit. */
  refused: number;
  reads: number;
  echoes: number;
  bytesIn: number;
  bytesOut: number;
}

export interface Held {
  step: Step;
  id: number | null;
}

/** Slow motion: an action the server waits `ms` to take, from `since` (ms since it started). */
interface Delayed extends Held {
  since: number;
  ms: number;
}

export interface LabState {
  config: EchoConfig | null;
  startedAt: number;
  step: Step;
  /** The client the current step is about, if any. */
  stepClient: number | null;
  /**
   * The time of the last event that put the server on this step (or, for its client, the
   * last traffic): in recv(), how long it has waited for the client to send.
   */
  stepSince: number;
  /** Step mode: the server holds an action until "next step" (`held` is not empty). */
  paused: boolean;
  /**
   * The actions the server holds, oldest first: "next step" lets the first go. One at a
   * time when iterative; concurrent sessions may each hold one.
   */
  held: readonly Held[];
  /** Slow motion: the actions the server waits to take, at most one per client. */
  delayed: readonly Delayed[];
  /** Waiting for accept(), oldest first. */
  queue: readonly number[];
  /** Past the backlog, in the order they will join the queue. */
  retrying: readonly number[];
  /** One client in iterative mode; any number in concurrent mode. */
  served: readonly number[];
  clients: Readonly<Record<number, ClientView>>;
  /** Closed clients still shown, oldest first; older ones are forgotten. */
  closed: readonly number[];
  totals: Totals;
  moderation: Moderation;
  /** A student's program Echo Lab runs and traces (--run); null for Echo Lab's own server. */
  child: ChildState | null;
  seq: number;
}

/** Closed clients kept for the page; the rest are dropped so state stays bounded. */
export const CLOSED_KEPT = 50;

export function initialState(): LabState {
  return {
    config: null,
    startedAt: 0,
    step: Step.stopped,
    stepClient: null,
    stepSince: 0,
    paused: false,
    held: [],
    delayed: [],
    queue: [],
    retrying: [],
    served: [],
    clients: {},
    closed: [],
    totals: { connections: 0, refused: 0, reads: 0, echoes: 0, bytesIn: 0, bytesOut: 0 },
    moderation: NO_MODERATION,
    child: null,
    seq: 0,
  };
}
