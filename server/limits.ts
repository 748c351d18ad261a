/** Every bound Echo Lab puts on what clients and pages can make it hold or do. */
export interface Limits {
  /** TCP connections at once (served, waiting and retrying); more are refused. */
  maxClients: number;
  /** Byte-bridge connections from one network address. */
  maxWebClientsPerAddress: number;
  /** Byte-bridge connections one page may open. */
  maxWebClientsPerPage: number;
  /** socket.io viewers at once. */
  maxViewers: number;
  /** socket.io viewers from one network address. */
  maxViewersPerAddress: number;
  /** Largest WebSocket frame on the byte bridge. */
  maxFrameBytes: number;
  /** Largest socket.io message a page may send (pages only send small commands). */
  maxControlBytes: number;
  /** Seconds a served client may stay silent before the server closes it; 0 is never. */
  idleTimeoutSec: number;
  /** Seconds sendall() may stay blocked on a served client that does not read; 0 is never. */
  sendTimeoutSec: number;
  /** Bytes held in user space per TCP client before we stop reading it. */
  clientBufferBytes: number;
  /** Batches queued, unsent, for one page before it is switched to a fresh snapshot. */
  viewerBacklog: number;
  /** Commands one page may send a second (three seconds' worth at once); more are dropped. */
  commandsPerSecond: number;
  /** Seconds a page may leave its web client's echoes unread before the bridge closes it. */
  bridgeStallTimeoutSec: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxClients: 2000,
  maxWebClientsPerAddress: 40,
  maxWebClientsPerPage: 12,
  maxViewers: 500,
  maxViewersPerAddress: 10,
  maxFrameBytes: 64 * 1024,
  maxControlBytes: 16 * 1024,
  idleTimeoutSec: 0,
  sendTimeoutSec: 0,
  clientBufferBytes: 64 * 1024,
  viewerBacklog: 64,
  commandsPerSecond: 10,
  bridgeStallTimeoutSec: 10,
};
