// What the bench's processes say to each other over the IPC channel of child_process.fork.
// Servers, load and viewers each run in their own process, so no CPU one spends is charged
// to another's event loop; these types keep the two ends of each conversation in step.

import type { Spread } from './stats.ts';

// ---- server child: a bare node:net echo server, or Echo Lab itself ----

export const ServerKind = { bare: 'bare', lab: 'lab' } as const;
export type ServerKind = (typeof ServerKind)[keyof typeof ServerKind];

export interface ServerReady {
  echoPort: number;
  /** 0 for the bare server, which has no page. */
  webPort: number;
}

export type ServerJob =
  | { type: 'sample'; gc: boolean }
  /** Starts the V8 CPU profiler; `stop` writes the .cpuprofile to `file`. */
  | { type: 'profile'; action: 'start' }
  | { type: 'profile'; action: 'stop'; file: string };

export interface ServerSample {
  /** process.cpuUsage() of the server process, user + system, microseconds. */
  cpuUs: number;
  /** The system (kernel) part of cpuUs: syscalls, and loopback TCP done on our behalf. */
  sysUs: number;
  rss: number;
  heapUsed: number;
  /** Lab events emitted so far (0 for the bare server). */
  events: number;
  /** Echoes finished so far (data.echoed and bursts' counts; writes for the bare server). */
  echoes: number;
}

export interface ServerResults {
  sample: ServerSample;
  /** How many thread profiles were written (main thread, then workers). */
  profile: { threads?: number };
}

// ---- load child: TCP clients ----

export type LoadJob =
  /** Each connection sends `size` bytes, waits for all of them back, and repeats. */
  | { type: 'pingpong'; port: number; conns: number; size: number; seconds: number }
  /** Like pingpong, but stops once `count` round trips are done in all (for memory). */
  | { type: 'count'; port: number; conns: number; size: number; count: number }
  /**
   * `rate` small writes a second spread over `conns` connections, not waiting for echoes;
   * each write starts with `bench:<Date.now()>:` so a viewer can time its delivery. With
   * `fill`, each write is that many zero bytes instead: every byte of the preview becomes
   * an escape, which makes the largest events a read can.
   */
  | {
      type: 'paced';
      port: number;
      conns: number;
      rate: number;
      seconds: number;
      fill?: number;
    }
  /**
   * `lat:<Date.now()>:<n>` every `intervalMs`, round robin over `conns` connections, for
   * the page (which folds a burst from one client into a summary row, so each connection
   * must stay slow).
   */
  | { type: 'tokens'; port: number; conns: number; count: number; intervalMs: number };

export interface PingPongResult {
  roundTrips: number;
  elapsedMs: number;
  /** Round-trip times, milliseconds. */
  latency: Spread;
}

export interface LoadResults {
  pingpong: PingPongResult;
  count: PingPongResult;
  paced: { sent: number; elapsedMs: number };
  tokens: { sent: number };
}

// ---- viewers child: socket.io clients as the page makes them ----

export type ViewerJob =
  | { type: 'attach'; group: string; url: string; count: number }
  /** Totals since attach; delivery latencies since the previous report. */
  | { type: 'report'; group: string }
  /** Stops (or restarts) reading the group's sockets: a viewer too slow to keep up. */
  | { type: 'pause'; group: string; paused: boolean }
  | { type: 'detach'; group: string };

export interface ViewerReport {
  viewers: number;
  /** Live events received, summed over viewers. */
  events: number;
  /** Message bytes received (engine.io payloads, snapshots included), summed over viewers. */
  bytes: number;
  /** Sequence numbers skipped, summed over viewers (after each viewer's latest snapshot). */
  gaps: number;
  /** Sequence numbers received twice or out of order, summed over viewers. */
  duplicates: number;
  /** Snapshots past the first, i.e. times a viewer was switched to a fresh snapshot. */
  resnapshots: number;
  /** Client write to viewer receipt of the matching data.read, ms, over every viewer. */
  delivery: Spread;
  /** CPU the viewers' process has used so far, user + system, µs (raw viewers only). */
  cpuUs?: number;
}

/** A group name the raw viewers' child reports on as every group of it at once. */
export const ALL_VIEWERS = '*';

/** The TCP socket under a viewer, whichever client library it came through. */
export interface ViewerSocket {
  pause(): void;
  resume(): void;
}

/** A `pause` job: the viewers stop (or restart) reading, as a page too slow to keep up. */
export function setReading(sockets: Iterable<ViewerSocket | undefined>, paused: boolean): void {
  for (const socket of sockets) {
    if (paused) socket?.pause();
    else socket?.resume();
  }
}

export interface ViewerResults {
  attach: { attached: number };
  report: ViewerReport;
  pause: Record<string, never>;
  detach: Record<string, never>;
}

// ---- busy child: a page that floods the server's page side with commands ----

export type BusyJob =
  /**
   * Sends teacher commands over socket.io as fast as the page side takes them, for
   * `seconds`, timing /healthz meanwhile; then waits until /healthz is quick again.
   */
  { type: 'flood'; url: string; seconds: number };

export interface BusyResults {
  flood: {
    commands: number;
    /** /healthz round trips during the flood, ms: how busy the page side was. */
    healthz: Spread;
    /** From the end of the flood until /healthz answered quickly again. */
    drainMs: number;
  };
}

// ---- the envelope ----

export interface Request<J> {
  id: number;
  job: J;
}

export type Reply =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export type Hello = { ready: unknown } | { failed: string };

/**
 * The child's side: answers each request with its handler's result, one at a time, and
 * exits as soon as the parent goes away, so no orphan keeps loading the machine.
 */
export function serveRequests<J>(ready: unknown, handle: (job: J) => Promise<unknown>): void {
  const send = (message: Reply | Hello): void => {
    process.send?.(message);
  };
  process.on('disconnect', () => process.exit(0));
  process.on('message', (raw) => {
    const { id, job } = raw as Request<J>;
    handle(job).then(
      (result) => send({ id, ok: true, result }),
      (err: unknown) =>
        send({
          id,
          ok: false,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        }),
    );
  });
  send({ ready });
}

/** Reports a failed start to the parent, which turns it into an error there. */
export function failStart(err: unknown): void {
  process.send?.({ failed: err instanceof Error ? err.message : String(err) } satisfies Hello);
  process.exitCode = 1;
  process.disconnect?.();
}
