import { Phase } from '../../shared/protocol.ts';
import type { Connection } from './connection.ts';
import type { EventSource } from './event-source.ts';
import { HeldBytes } from './held-bytes.ts';

/**
 * The queue behind listen(backlog), kept in user space because Node accepts eagerly.
 * Connections past the backlog wait apart as "retrying" (a kernel would drop their SYN
 * and they would try again) and take free places in the order they came.
 */
export class AcceptQueue {
  private readonly waiting: Connection[] = [];
  private readonly retrying: Connection[] = [];
  private waiter: (() => void) | null = null;
  private stopped = false;
  private readonly held: HeldBytes;

  constructor(
    private backlog: number,
    private readonly events: EventSource,
  ) {
    this.held = new HeldBytes(events);
  }

  setBacklog(backlog: number): void {
    this.backlog = backlog;
    this.refill();
  }

  /** A finished handshake: the connection takes a place, or retries if there is none. */
  add(conn: Connection): void {
    const full = this.waiting.length >= this.backlog;
    this.events.emit({
      type: 'client.connected',
      client: conn.info,
      phase: full ? Phase.retrying : Phase.waiting,
    });
    if (full) {
      this.retrying.push(conn);
    } else {
      this.waiting.push(conn);
      this.held.watch(conn);
      conn.startReading();
      this.wake();
    }
  }

  /** Takes a connection out before it was accepted; false if it is not here. */
  remove(conn: Connection): boolean {
    for (const list of [this.waiting, this.retrying]) {
      const at = list.indexOf(conn);
      if (at < 0) continue;
      list.splice(at, 1);
      this.held.unwatch(conn, false);
      this.refill();
      return true;
    }
    return false;
  }

  /**
   * accept(): the oldest waiting connection, or null once the server stops. `gate` runs
   * once a connection is there and before it is taken, so in step mode the client stays
   * visibly in the queue until the teacher lets the server accept it.
   */
  async accept(gate?: (id: number) => Promise<void> | undefined): Promise<Connection | null> {
    for (;;) {
      if (this.stopped) return null;
      const first = this.waiting[0];
      if (!first) {
        await new Promise<void>((resolve) => (this.waiter = resolve));
        continue;
      }
      const held = gate?.(first.id);
      if (held) await held;
      // It may have left, or the server stopped, while we were held.
      if (this.stopped || this.waiting[0] !== first) continue;
      return this.takeNext();
    }
  }

  stop(): void {
    this.stopped = true;
    for (const conn of this.waiting) this.held.unwatch(conn, false);
    this.wakeWaiter();
  }

  private refill(): void {
    while (this.waiting.length < this.backlog && this.retrying.length > 0) {
      const conn = this.retrying.shift() as Connection;
      this.waiting.push(conn);
      this.events.emit({ type: 'client.queued', id: conn.id });
      this.held.watch(conn);
      conn.startReading();
      this.wake();
    }
  }

  private wake(): void {
    if (this.waiting.length > 0) this.wakeWaiter();
  }

  private wakeWaiter(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  private takeNext(): Connection {
    const conn = this.waiting.shift() as Connection;
    // Its last count is told before accept() is, so what the page shows it held is exact.
    this.held.unwatch(conn, true);
    this.refill();
    return conn;
  }
}
