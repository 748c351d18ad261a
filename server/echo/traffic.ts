import { preview } from '../../shared/bytes.ts';
import { PREVIEW_BYTES } from '../../shared/protocol.ts';
import {
  DETAILED_READS_PER_CLIENT,
  DETAILED_READS_PER_WINDOW,
  WINDOW_MS,
  WINDOWS_PER_SUMMARY,
} from '../../shared/traffic-policy.ts';
import type { EventSource } from './event-source.ts';

/** What Traffic counts for: a connection of the echo server, or a traced program's client. */
export interface Counted {
  readonly id: number;
  tally: Tally | null;
}

interface Burst {
  conn: Counted;
  /** Windows this burst has counted in so far. */
  windows: number;
  /** When it counted its first read, on the events' clock. */
  since: number;
  /** Reads counted in the current window: past the client's share, the flood goes on. */
  recent: number;
  reads: number;
  echoes: number;
  bytesIn: number;
  bytesOut: number;
  last: Buffer | null;
}

/**
 * What is counted for one client. It lives on its connection, so a busy read looks
 * nothing up; counts from an earlier window are stale and start afresh when next used.
 */
export interface Tally {
  window: number;
  /** Reads reported one by one in `window`. */
  shown: number;
  /** The window in which this client is summed up whole: it flooded the one before. */
  summedIn: number;
  /** Past its share in `window`: the rest of its traffic there is counted here. */
  burst: Burst | null;
}

/**
 * Decides, read by read, whether the page gets an arrow or a share of a summary. Below
 * the budget every read and echo is its own event. Past it, the rest of the window's
 * traffic is counted, exactly, and reported per client as one `data.burst` a window
 * (up to WINDOWS_PER_SUMMARY windows while a flood goes on): the page stays truthful
 * and smooth, and a busy read costs the server a few additions instead of an event, a
 * preview and a trip through the reducer. The budget is shared/traffic-policy.ts's, where
 * the page's folding of arrows into summary rows takes its own constants from.
 */
export class Traffic {
  /** Numbers the windows; a tally made at 0 is stale from the start. */
  private window = 1;
  private detailed = 0;
  private bursts: Burst[] = [];
  /** Ends the window the first read opened; a timer, so no read pays for a clock. */
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly events: EventSource) {}

  /**
   * Counts a read. True when it (and its echo) are to be reported one by one; false when
   * it went into the client's burst.
   */
  read(conn: Counted, data: Buffer): boolean {
    let burst = this.summing(conn);
    if (!burst) {
      const tally = this.tallyOf(conn);
      if (
        !tally.burst &&
        tally.summedIn !== this.window &&
        tally.shown < DETAILED_READS_PER_CLIENT &&
        this.detailed < DETAILED_READS_PER_WINDOW
      ) {
        tally.shown++;
        this.detailed++;
        return true;
      }
      burst = this.burstOf(tally, conn);
    }
    burst.recent++;
    burst.reads++;
    burst.bytesIn += data.length;
    burst.last = data;
    return false;
  }

  /** Whether this client's traffic goes into a summary now, rather than an event each. */
  isSumming(conn: Counted): boolean {
    return this.summing(conn) !== null;
  }

  /** Counts the echo of a read that went into a burst. */
  echoed(conn: Counted, bytes: number): void {
    const burst = this.summing(conn) ?? this.burstOf(this.tallyOf(conn), conn);
    burst.echoes++;
    burst.bytesOut += bytes;
  }

  /** Reports what is counted for this client now, so it comes before its next event. */
  flush(conn: Counted): void {
    const tally = conn.tally;
    const burst = tally?.window === this.window ? tally.burst : null;
    if (!tally || !burst) return;
    tally.burst = null;
    this.bursts = this.bursts.filter((b) => b !== burst);
    this.report(burst);
  }

  /**
   * The burst a flooding client is being summed into in this window, if any: under load
   * nearly every read takes this path, so it looks at two fields and nothing else. The
   * window's timer is running whenever it answers, since a read or a carried-over burst
   * started it.
   */
  private summing(conn: Counted): Burst | null {
    const tally = conn.tally;
    return tally !== null && tally.window === this.window ? tally.burst : null;
  }

  private tallyOf(conn: Counted): Tally {
    this.timer ??= setTimeout(() => this.endWindow(), WINDOW_MS);
    const tally = (conn.tally ??= { window: this.window, shown: 0, summedIn: 0, burst: null });
    if (tally.window !== this.window) {
      tally.window = this.window;
      tally.shown = 0;
      tally.burst = null;
    }
    return tally;
  }

  private burstOf(tally: Tally, conn: Counted): Burst {
    if (!tally.burst) {
      tally.burst = {
        conn,
        windows: 1,
        since: this.events.now(),
        recent: 0,
        reads: 0,
        echoes: 0,
        bytesIn: 0,
        bytesOut: 0,
        last: null,
      };
      this.bursts.push(tally.burst);
    }
    return tally.burst;
  }

  /**
   * The window is over: what it counted goes out, and the next reads are detailed again.
   * A client that flooded it is summed up whole in the next, and its burst counts on into
   * that window, up to WINDOWS_PER_SUMMARY of them: the flood's first arrows are out
   * already, so its first summary can wait for the rest of the second like the others.
   */
  private endWindow(): void {
    this.timer = null;
    this.detailed = 0;
    const bursts = this.bursts;
    this.bursts = [];
    const next = ++this.window;
    let flooding = false;
    for (const burst of bursts) {
      const tally = burst.conn.tally;
      if (!tally || burst.recent + tally.shown <= DETAILED_READS_PER_CLIENT) {
        this.report(burst);
        continue;
      }
      flooding = true;
      const goesOn = burst.windows < WINDOWS_PER_SUMMARY;
      tally.summedIn = next;
      if (!goesOn) {
        this.report(burst);
        continue;
      }
      burst.windows++;
      burst.recent = 0;
      tally.window = next;
      tally.shown = 0;
      this.bursts.push(burst);
    }
    // Back to back while anyone floods, so a flag always speaks of the window just gone.
    if (flooding) this.timer = setTimeout(() => this.endWindow(), WINDOW_MS);
  }

  private report({ conn, since, reads, echoes, bytesIn, bytesOut, last }: Burst): void {
    const shown = last ? preview(last, PREVIEW_BYTES) : { preview: '', truncated: false };
    this.events.emit({
      type: 'data.burst',
      id: conn.id,
      since,
      reads,
      echoes,
      bytesIn,
      bytesOut,
      ...shown,
    });
  }
}
