import { performance } from 'node:perf_hooks';
import { CloseDetail, CloseReason } from '../../shared/protocol.ts';
import type { Connection, SendWatch } from './connection.ts';
import type { EventSource } from './event-source.ts';
import { plainAddress } from './client-names.ts';
import { kernelSendQueues } from './kernel-queue.ts';
import type { Traffic } from './traffic.ts';

/**
 * A sendall() blocked this long is reported. A healthy flood blocks too, for a few
 * milliseconds at a time whenever the kernel's buffer is momentarily full: it never gets
 * this far, so it shows no events.
 */
const SEND_BLOCK_REPORT_MS = 500;

/** While a block lasts, the unsent count is looked at again (and reported if it moved) this often. */
const SEND_BLOCK_UPDATE_MS = 1_000;

/** How often blocks are looked at while there are any; nothing runs while there are none. */
const TICK_MS = 250;

interface Block {
  /** performance.now() when sendall() first could not hand over its bytes. */
  since: number;
  reported: boolean;
  unsent: number;
  /** When unsent was last measured; 0 before the first time. */
  measuredAt: number;
}

export interface SendBlocksHost {
  events: EventSource;
  traffic: Traffic;
  /** Seconds a served client may keep sendall() blocked before it is closed; 0 is never. */
  sendTimeoutSec: number;
}

/**
 * Watches sendall() calls that cannot hand their bytes to the kernel, as the homework's
 * blocking sendall() would sit there: reports the long ones with what the server holds
 * unsent, and with --send-timeout closes a client that keeps one blocked too long. Events
 * stay bounded however the client behaves: a block shorter than SEND_BLOCK_REPORT_MS costs
 * none; a longer one, one when reported, at most one a second while it lasts (only when
 * the count moved), one when it ends. One /proc read serves every block due at a tick.
 */
export class SendBlocks implements SendWatch {
  private readonly blocks = new Map<Connection, Block>();
  private timer: NodeJS.Timeout | null = null;
  /** A /proc read is under way; the next tick waits for it rather than start another. */
  private measuring = false;

  constructor(private readonly host: SendBlocksHost) {}

  start(conn: Connection): void {
    if (this.blocks.has(conn)) return;
    this.blocks.set(conn, { since: performance.now(), reported: false, unsent: 0, measuredAt: 0 });
    this.timer ??= setTimeout(() => this.tick(), TICK_MS).unref();
  }

  end(conn: Connection): void {
    const block = this.blocks.get(conn);
    if (!block) return;
    this.blocks.delete(conn);
    if (block.reported) this.host.events.emit({ type: 'send.resumed', id: conn.id });
  }

  forget(conn: Connection): void {
    this.blocks.delete(conn);
  }

  private tick(): void {
    this.timer = null;
    const now = performance.now();
    const limitMs = this.host.sendTimeoutSec * 1000;
    const due: [Connection, Block][] = [];
    for (const [conn, block] of this.blocks) {
      const age = now - block.since;
      if (limitMs > 0 && age >= limitMs) {
        this.blocks.delete(conn);
        conn.abort(CloseReason.limit, false, CloseDetail.sendTimeout);
      } else if (
        block.reported
          ? now - block.measuredAt >= SEND_BLOCK_UPDATE_MS
          : age >= SEND_BLOCK_REPORT_MS
      ) {
        due.push([conn, block]);
      }
    }
    if (due.length > 0 && !this.measuring) void this.measure(due);
    if (this.blocks.size > 0) this.timer = setTimeout(() => this.tick(), TICK_MS).unref();
  }

  private async measure(due: readonly (readonly [Connection, Block])[]): Promise<void> {
    this.measuring = true;
    // The socket's own ends: a web client's info names the browser, not the TCP peer.
    const queues = await kernelSendQueues(
      due.map(([{ socket }]) => ({
        localPort: socket.localPort ?? 0,
        remoteAddress: plainAddress(socket.remoteAddress),
        remotePort: socket.remotePort ?? 0,
      })),
    );
    this.measuring = false;
    const now = performance.now();
    due.forEach(([conn, block], i) => {
      // Gone, or drained and blocked again meanwhile: that newer block has its own clock.
      if (this.blocks.get(conn) !== block || conn.socket.destroyed) return;
      const queued = queues[i] ?? null;
      const unsent = conn.socket.writableLength + (queued ?? 0);
      block.measuredAt = now;
      const id = conn.id;
      if (!block.reported) {
        block.reported = true;
        // Reads summed up so far come first, so the page tells them before the block.
        this.host.traffic.flush(conn);
        const blockedMs = Math.round(now - block.since);
        this.host.events.emit({
          type: 'send.blocked',
          id,
          unsent,
          kernel: queued !== null,
          blockedMs,
        });
      } else if (unsent !== block.unsent) {
        this.host.events.emit({ type: 'send.unsent', id, unsent });
      }
      block.unsent = unsent;
    });
  }
}
