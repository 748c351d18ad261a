import { preview } from '../../shared/bytes.ts';
import {
  CloseDetail,
  CloseReason,
  Closer,
  PREVIEW_BYTES,
  Step,
  type EchoConfig,
} from '../../shared/protocol.ts';
import type { Connection } from './connection.ts';
import { wordMatcher } from './disconnect-word.ts';
import type { EventSource } from './event-source.ts';
import { HeldBytes } from './held-bytes.ts';
import type { SendBlocks } from './send-blocks.ts';
import type { Stepper } from './stepper.ts';
import type { Traffic } from './traffic.ts';

/** What a session needs from the server that runs it. */
export interface SessionHost {
  events: EventSource;
  stepper: Stepper;
  traffic: Traffic;
  sendBlocks: SendBlocks;
  idleTimeoutSec: number;
  config(): EchoConfig;
  /** Reports the client closed for this reason and forgets it. */
  finish(conn: Connection, by: Closer, reason: CloseReason): void;
  /** Reports how the client's byte stream ended, and closes our side. */
  reportEnd(conn: Connection): void;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Serving one accepted client: the homework's inner loop of recv(), the word check and
 * sendall(), reporting each step. The server runs one at a time (iterative) or many.
 */
export class Sessions {
  private isWord: (data: Buffer) => boolean = () => false;
  private readonly unread: HeldBytes;

  constructor(private readonly host: SessionHost) {
    this.unread = new HeldBytes(host.events, true);
  }

  setWord(word: string): void {
    this.isWord = wordMatcher(word);
  }

  /** The homework's inner loop: recv, stop at the word or the end, echo, repeat. */
  async serve(conn: Connection): Promise<void> {
    const { id } = conn;
    const idleMs = this.host.idleTimeoutSec * 1000;
    if (idleMs > 0) {
      const idle = (): void => conn.abort(CloseReason.limit, true, CloseDetail.idleTimeout);
      conn.socket.setTimeout(idleMs, idle);
    }
    conn.sendWatch = this.host.sendBlocks;
    conn.direct = (chunk) => this.echoAtOnce(conn, chunk);
    for (;;) {
      const ready = conn.readable();
      // Bytes already waiting mean a streaming client: give the event loop a turn first,
      // so one client's backlog cannot keep others (or a newcomer's accept) waiting.
      await (ready ?? turn());
      const held = this.host.stepper.before(conn.pending > 0 ? Step.recv : Step.close, id);
      if (held) await this.hold(conn, held);
      const data = conn.read(this.host.config().recvSize);
      if (!data) break;
      if (this.isWord(data)) {
        this.host.traffic.flush(conn);
        this.host.events.emit({
          type: 'client.word',
          id,
          bytes: data.length,
          ...preview(data, PREVIEW_BYTES),
        });
        await this.host.stepper.before(Step.close, id);
        conn.close();
        this.host.finish(conn, Closer.server, CloseReason.word);
        return;
      }
      const detailed = this.reportRead(conn, data);
      const holding = this.host.stepper.before(Step.send, id);
      if (holding) await this.hold(conn, holding);
      // Awaiting only real promises keeps the common case free of extra microtask hops.
      const sent = conn.sendall(data);
      if (!(typeof sent === 'boolean' ? sent : await sent)) break;
      this.reportEcho(conn, detailed, data.length);
    }
    conn.direct = null;
    this.host.reportEnd(conn);
  }

  /**
   * Step mode or slow motion holds the server: what the client sends meanwhile waits
   * unread, and is told as a queued client's is, its last count before the server goes on.
   */
  private async hold(conn: Connection, held: Promise<void>): Promise<void> {
    this.unread.watch(conn);
    try {
      await held;
    } finally {
      this.unread.unwatch(conn, true);
    }
  }

  /**
   * The loop's body run synchronously from the socket's 'data' event, for the common case
   * where nothing can make it wait: one read's worth of bytes, not the word, no step mode
   * or slow motion. Same events, same order; anything else goes through the loop above.
   */
  private echoAtOnce(conn: Connection, chunk: Buffer): boolean {
    if (
      chunk.length > this.host.config().recvSize ||
      this.host.stepper.active ||
      this.isWord(chunk)
    ) {
      return false;
    }
    const detailed = this.reportRead(conn, chunk);
    if (conn.socket.write(chunk)) this.reportEcho(conn, detailed, chunk.length);
    else conn.pauseUntilDrained(() => this.reportEcho(conn, detailed, chunk.length));
    return true;
  }

  /** Reports a read, one by one or into the client's burst; says which. */
  private reportRead(conn: Connection, data: Buffer): boolean {
    if (!this.host.traffic.read(conn, data)) return false;
    const shown = preview(data, PREVIEW_BYTES);
    this.host.events.emit({ type: 'data.read', id: conn.id, bytes: data.length, ...shown });
    return true;
  }

  private reportEcho(conn: Connection, detailed: boolean, bytes: number): void {
    if (detailed) this.host.events.emit({ type: 'data.echoed', id: conn.id, bytes });
    else this.host.traffic.echoed(conn, bytes);
  }
}
