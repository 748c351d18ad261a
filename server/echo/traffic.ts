import { preview } from '../../shared/bytes.ts';
import { PREVIEW_BYTES } from '../../shared/protocol.ts';
import type { Connection } from './connection.ts';
import type { EventSource } from './event-source.ts';

/** Length of the window in which detailed events are counted, and of each summary. */
export const WINDOW_MS = 100;

/** Reads (each with its echo) reported one by one per window; enough for 2,000 events/s. */
export const DETAILED_READS_PER_WINDOW = 100;

/**
 * Of those, at most this many from one client: a student's flood loop is summed up within
 * a tenth of a second, and never uses up the arrows of everybody else's messages. A client
 * that read more than this in one window is summed up wholly in the next: the page folds a
 * flood's arrows into one summary row anyway, so sending them would only cost every viewer.
 */
export const DETAILED_READS_PER_CLIENT = 20;

interface Burst {
  conn: Connection;
  reads: number;
  echoes: number;
  bytesIn: number;
  bytesOut: number;
  last: Buffer | null;
}

/**
 * Decides, read by read, whether the page gets an arrow or a share of a summary. Below
 * the budget every read and echo is its own event. Past it, the rest of the window's
 * traffic is counted, exactly, and reported per client once a window as one
 * `data.burst`: the page stays truthful and smooth, and a busy read costs the server a
 * few additions instead of an event, a preview and a trip through the reducer.
 */
export class Traffic {
  private detailed = 0;
  /** Detailed reads per client this window; a client past its share is in `bursts`. */
  private readonly shares = new Map<number, number>();
  private readonly bursts = new Map<number, Burst>();
  /** Clients that read more than their share last window; this window they are summed up. */
  private flooding = new Set<number>();
  /** Ends the window the first read opened; a timer, so no read pays for a clock. */
  private window: NodeJS.Timeout | null = null;

  constructor(private readonly events: EventSource) {}

  /** Whether this read, and its echo, are reported one by one. */
  detail(conn: Connection): boolean {
    this.window ??= setTimeout(() => this.endWindow(), WINDOW_MS);
    if (this.bursts.has(conn.id) || this.detailed >= DETAILED_READS_PER_WINDOW) return false;
    if (this.flooding.has(conn.id)) return false;
    const share = (this.shares.get(conn.id) ?? 0) + 1;
    if (share > DETAILED_READS_PER_CLIENT) return false;
    this.shares.set(conn.id, share);
    this.detailed++;
    return true;
  }

  read(conn: Connection, data: Buffer): void {
    const burst = this.burstOf(conn);
    burst.reads++;
    burst.bytesIn += data.length;
    burst.last = data;
  }

  echoed(conn: Connection, bytes: number): void {
    const burst = this.burstOf(conn);
    burst.echoes++;
    burst.bytesOut += bytes;
  }

  /** Reports what is counted for this client now, so it comes before its next event. */
  flush(conn: Connection): void {
    const burst = this.bursts.get(conn.id);
    if (!burst) return;
    this.bursts.delete(conn.id);
    this.report(burst);
  }

  private burstOf(conn: Connection): Burst {
    let burst = this.bursts.get(conn.id);
    if (!burst) {
      burst = { conn, reads: 0, echoes: 0, bytesIn: 0, bytesOut: 0, last: null };
      this.bursts.set(conn.id, burst);
    }
    return burst;
  }

  /** The window is over: what it counted goes out, and the next reads are detailed again. */
  private endWindow(): void {
    this.window = null;
    this.detailed = 0;
    const bursts = [...this.bursts.values()];
    this.flooding = new Set(
      bursts
        .filter((b) => b.reads + (this.shares.get(b.conn.id) ?? 0) > DETAILED_READS_PER_CLIENT)
        .map((b) => b.conn.id),
    );
    this.shares.clear();
    this.bursts.clear();
    // Back to back while anyone floods, so the flag always speaks of the window just gone.
    if (this.flooding.size > 0) this.window = setTimeout(() => this.endWindow(), WINDOW_MS);
    for (const burst of bursts) this.report(burst);
  }

  private report({ conn, reads, echoes, bytesIn, bytesOut, last }: Burst): void {
    const shown = last ? preview(last, PREVIEW_BYTES) : { preview: '', truncated: false };
    this.events.emit({
      type: 'data.burst',
      id: conn.id,
      reads,
      echoes,
      bytesIn,
      bytesOut,
      ...shown,
    });
  }
}
