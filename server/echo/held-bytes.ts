import { preview } from '../../shared/bytes.ts';
import { PREVIEW_BYTES } from '../../shared/protocol.ts';
import type { Connection } from './connection.ts';
import type { EventSource } from './event-source.ts';

/** At most one report of a waiting client's unread bytes this often, per client. */
export const HELD_REPORT_MS = 250;

/**
 * Tells what a client has sent that nobody reads: the bytes Echo Lab holds for it, unread,
 * while it waits in the accept queue, or (`served`) while step mode or slow motion holds
 * the server before its recv(). Reports are bounded in rate per client (the first at once,
 * then at most one per HELD_REPORT_MS with the latest count), and the last one is sent
 * when the watch ends, so the count is exact when accept() or recv() takes the bytes.
 */
export class HeldBytes {
  private readonly timers = new Map<Connection, NodeJS.Timeout | null>();
  private readonly due = new Set<Connection>();

  constructor(
    private readonly events: EventSource,
    private readonly served = false,
  ) {}

  watch(conn: Connection): void {
    if (this.timers.has(conn)) return;
    this.timers.set(conn, null);
    conn.onBuffered = () => this.changed(conn);
    if (conn.pending > 0) this.changed(conn);
  }

  /** Stops watching; `flush` first reports a change not yet told (accept() takes it). */
  unwatch(conn: Connection, flush: boolean): void {
    if (!this.timers.has(conn)) return;
    if (flush && this.due.has(conn)) this.report(conn);
    const timer = this.timers.get(conn);
    if (timer) clearTimeout(timer);
    this.timers.delete(conn);
    this.due.delete(conn);
    conn.onBuffered = null;
  }

  private changed(conn: Connection): void {
    this.due.add(conn);
    if (this.timers.get(conn)) return;
    this.report(conn);
    this.timers.set(conn, setTimeout(() => this.tick(conn), HELD_REPORT_MS).unref());
  }

  private tick(conn: Connection): void {
    if (!this.timers.has(conn)) return;
    this.timers.set(conn, null);
    if (this.due.has(conn)) this.changed(conn);
  }

  private report(conn: Connection): void {
    this.due.delete(conn);
    const bytes = conn.pending;
    if (bytes === 0) return;
    // A few bytes past the preview's size let it cut at a whole UTF-8 character.
    const shown = preview(conn.peek(PREVIEW_BYTES + 4), PREVIEW_BYTES);
    this.events.emit({
      type: 'data.waiting',
      id: conn.id,
      bytes,
      ...shown,
      ...(this.served ? { served: true as const } : {}),
    });
  }
}
