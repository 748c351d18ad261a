import { preview } from '../../shared/bytes.ts';
import {
  ClientKind,
  CloseReason,
  Closer,
  PREVIEW_BYTES,
  type CloseReason as Reason,
} from '../../shared/protocol.ts';
import { plainAddress, type LocalClient } from '../echo/client-names.ts';
import { wordMatcher } from '../echo/disconnect-word.ts';
import type { EventSource } from '../echo/event-source.ts';
import type { Tally, Traffic } from '../echo/traffic.ts';
import { TcpState, type TcpRow } from '../kernel/tcp-table.ts';
import type { Endpoint } from './strace-lines.ts';

export interface Tracked {
  readonly id: number;
  tally: Tally | null;
  key: string;
  phase: 'retrying' | 'waiting' | 'served';
  fd: number | null;
  /** The client closed its side: the program's recv() returns 0 from now on. */
  eof: boolean;
  /** The last bytes read, to tell the disconnect word from any other reason to close. */
  last: Buffer | null;
  /** The kernel's Recv-Q last told for it while it waits: bytes sent, not yet read. */
  unreadTold: number;
  /** Calls that returned 0 since last told, by call: a loop on a closed socket makes many. */
  empties: Map<string, number>;
}

const keyOf = (e: Endpoint): string => `${plainAddress(e.address)}:${e.port}`;

/**
 * The traced program's clients, as the kernel's tables and its own calls reveal them, told
 * as the same events Echo Lab's own server tells: a connection the kernel queued is
 * `client.connected` (waiting), one it ignores is retrying, accept() is `client.accepted`.
 */
export class TracedClients {
  private readonly byKey = new Map<string, Tracked>();
  private readonly byFd = new Map<number, Tracked>();
  private nextId = 0;
  private emptyTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly events: EventSource,
    private readonly traffic: Traffic,
    private readonly claim: (port: number, id: number) => LocalClient | null,
    private readonly word: () => string,
  ) {}

  /** A client first seen, in the accept queue or retrying past it. */
  private arrive(peer: Endpoint, phase: 'waiting' | 'retrying'): Tracked {
    const id = ++this.nextId;
    const key = keyOf(peer);
    const tracked: Tracked = {
      id,
      tally: null,
      key,
      phase,
      fd: null,
      eof: false,
      last: null,
      empties: new Map(),
      unreadTold: 0,
    };
    this.byKey.set(key, tracked);
    const own = this.claim(peer.port, id);
    const address = own?.from ?? plainAddress(peer.address);
    const client = own
      ? { id, kind: own.kind, address, port: peer.port, label: own.label }
      : { id, kind: ClientKind.raw, address, port: peer.port, label: `${address}:${peer.port}` };
    this.events.emit({ type: 'client.connected', client, phase });
    return tracked;
  }

  /** What one look at the kernel's tables shows of the listener on `port`. */
  look(rows: readonly TcpRow[], port: number, tracing: boolean): void {
    const seen = new Set<string>();
    const queued = new Set<string>();
    for (const row of rows) {
      if (row.localPort !== port || row.remotePort === 0) continue;
      // Queued or served: the handshake is done and the server's side has not closed.
      if (row.state !== TcpState.established && row.state !== TcpState.closeWait) continue;
      const peer = { address: row.remoteAddress, port: row.remotePort };
      const key = keyOf(peer);
      seen.add(key);
      queued.add(key);
      const known = this.byKey.get(key);
      if (row.inode === 0) {
        const waiting = known ?? this.arrive(peer, 'waiting');
        if (waiting.phase === 'retrying') {
          waiting.phase = 'waiting';
          this.events.emit({ type: 'client.queued', id: waiting.id });
        }
        // A look taken just before an accept() that strace has told already: not queued now.
        if (waiting.phase !== 'served') this.unread(waiting, row.rxQueue);
      } else if (!tracing && known?.phase !== 'served') {
        // Owned by a process: accepted. Strace would have said when; without it, now.
        this.accepted(known ?? this.arrive(peer, 'waiting'), null);
      }
    }
    // On loopback the client's end is in the tables too: one the server's side has no row
    // for sent a SYN the kernel ignored (SYN-SENT), or its last ACK was dropped.
    for (const row of rows) {
      if (row.remotePort !== port || row.state === TcpState.listen) continue;
      const peer = { address: row.localAddress, port: row.localPort };
      const key = keyOf(peer);
      if (queued.has(key)) continue;
      if (row.state !== TcpState.synSent && row.state !== TcpState.established) continue;
      seen.add(key);
      if (!this.byKey.has(key)) this.arrive(peer, 'retrying');
    }
    for (const tracked of [...this.byKey.values()]) {
      if (seen.has(tracked.key)) continue;
      if (tracked.phase !== 'served') {
        // Gone before the program took it: the client gave up or reset.
        this.close(tracked, Closer.client, CloseReason.reset);
      } else if (!tracing) {
        // Without strace no close() is seen; a served connection leaves the table (for
        // FIN_WAIT or TIME_WAIT) once the program has closed its side.
        this.close(tracked, Closer.server, CloseReason.program);
      }
    }
  }

  /**
   * What a queued client sent that waits unread, as the kernel counts it (Recv-Q). Only
   * the count is known, not the bytes: the preview stays empty until the program reads.
   */
  private unread(tracked: Tracked, bytes: number): void {
    if (bytes <= tracked.unreadTold) return;
    tracked.unreadTold = bytes;
    const { id } = tracked;
    this.events.emit({ type: 'data.waiting', id, bytes, preview: '', truncated: true });
  }

  accepted(tracked: Tracked, fd: number | null): void {
    tracked.phase = 'served';
    tracked.fd = fd;
    if (fd !== null) this.byFd.set(fd, tracked);
    this.events.emit({ type: 'client.accepted', id: tracked.id });
  }

  /** accept() returned `fd`, connected to `peer`. */
  acceptedFd(fd: number, peer: Endpoint): void {
    const tracked = this.byKey.get(keyOf(peer)) ?? this.arrive(peer, 'waiting');
    this.accepted(tracked, fd);
  }

  onFd(fd: number | null): Tracked | null {
    return fd === null ? null : (this.byFd.get(fd) ?? null);
  }

  read(tracked: Tracked, data: Buffer, count: number): void {
    if (count === 0) {
      const first = !tracked.eof;
      tracked.eof = true;
      return this.empty(tracked, 'recv', first);
    }
    tracked.last = data;
    if (!this.traffic.read(tracked, data)) return;
    const shown = preview(data, PREVIEW_BYTES);
    // strace shows the first bytes of a read; the count is the kernel's, exact.
    this.events.emit({
      type: 'data.read',
      id: tracked.id,
      bytes: count,
      ...shown,
      truncated: shown.truncated || data.length < count,
    });
  }

  echoed(tracked: Tracked, count: number): void {
    if (count === 0) return this.empty(tracked, 'send', false);
    if (this.traffic.isSumming(tracked)) this.traffic.echoed(tracked, count);
    else this.events.emit({ type: 'data.echoed', id: tracked.id, bytes: count });
  }

  /** The program closed a client's socket. */
  closedFd(fd: number): boolean {
    const tracked = this.byFd.get(fd);
    if (!tracked) return false;
    const reason: Reason = tracked.eof
      ? CloseReason.fin
      : tracked.last && wordMatcher(this.word())(tracked.last)
        ? CloseReason.word
        : CloseReason.program;
    this.close(tracked, tracked.eof ? Closer.client : Closer.server, reason);
    return true;
  }

  /** The program is gone: so are its clients. */
  closeAll(): void {
    for (const tracked of [...this.byKey.values()])
      this.close(tracked, Closer.server, CloseReason.shutdown);
  }

  private close(tracked: Tracked, by: Closer, reason: Reason): void {
    this.flushEmpty(tracked);
    this.traffic.flush(tracked);
    this.byKey.delete(tracked.key);
    if (tracked.fd !== null && this.byFd.get(tracked.fd) === tracked) this.byFd.delete(tracked.fd);
    this.events.emit({ type: 'client.closed', id: tracked.id, by, reason });
  }

  /**
   * A call that returned 0: recv() after the client closed its side, or sendall() of those
   * empty bytes. The homework's loop makes both again at once, thousands of times a second:
   * the first recv() is told at once, the rest counted and told once a second per call.
   */
  private empty(tracked: Tracked, call: string, tellNow: boolean): void {
    if (tellNow) return this.tellEmpty(tracked, call, 1);
    tracked.empties.set(call, (tracked.empties.get(call) ?? 0) + 1);
    this.emptyTimer ??= setTimeout(() => {
      this.emptyTimer = null;
      for (const t of this.byKey.values()) this.flushEmpty(t);
    }, 1000);
  }

  private flushEmpty(tracked: Tracked): void {
    for (const [call, count] of tracked.empties) this.tellEmpty(tracked, call, count);
    tracked.empties.clear();
  }

  private tellEmpty(tracked: Tracked, call: string, count: number): void {
    const fd = tracked.fd ?? -1;
    this.events.emit({
      type: 'child.call',
      call,
      fd,
      id: tracked.id,
      result: '0',
      count,
      line: null,
    });
  }

  stop(): void {
    if (this.emptyTimer) clearTimeout(this.emptyTimer);
    this.emptyTimer = null;
  }
}
