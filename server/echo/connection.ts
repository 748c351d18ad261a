import type { Socket } from 'node:net';
import type { ClientInfo } from '../../shared/protocol.ts';
import type { Tally } from './traffic.ts';

/**
 * Bytes held in user space per connection before we stop reading it, by default. Past
 * this the kernel's own buffers fill and TCP flow control slows the sender, as with a
 * real blocking server that is not calling recv().
 */
export const RECEIVE_BUFFER_LIMIT = 64 * 1024;

/** How long a connection we closed may wait for the peer's FIN before it is destroyed. */
const LINGER_MS = 2_000;

/** Told when a sendall() cannot hand its bytes to the kernel at once, and when that ends. */
export interface SendWatch {
  /** socket.write() returned false: the bytes wait in our write queue. */
  start(conn: Connection): void;
  /** The queue drained: the kernel took every byte. */
  end(conn: Connection): void;
  /** The connection closed with bytes unsent; its close tells the rest. */
  forget(conn: Connection): void;
}

export const EndKind = { open: 'open', fin: 'fin', reset: 'reset', aborted: 'aborted' } as const;
export type EndKind = (typeof EndKind)[keyof typeof EndKind];

/**
 * One accepted TCP connection, seen through the two calls the homework uses:
 * `recv(n)` and `sendall(bytes)`. Incoming bytes wait in a bounded buffer (our stand-in
 * for the kernel's receive buffer) until the server loop asks for them.
 */
export class Connection {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private reading = false;
  private finReceived = false;
  private failed: string | null = null;
  private abortedBy: string | null = null;
  private abortedFor: string | null = null;
  private closed = false;
  private wake: (() => void) | null = null;
  /** Called whenever the connection's end state changes, e.g. to drop it from the queue. */
  onEndChange: (() => void) | null = null;
  /**
   * Set by the server while it serves this connection: takes a chunk at once when the
   * serve loop sits idle in recv() with nothing buffered; returning false leaves the chunk
   * to the loop. It spares the common case a promise and a few microtask hops per read.
   */
  direct: ((chunk: Buffer) => boolean) | null = null;
  /** Kept by the server's traffic counter, here so that a busy read looks nothing up. */
  tally: Tally | null = null;
  /** Set by the server while it serves this connection, to time blocked sendall() calls. */
  sendWatch: SendWatch | null = null;
  /** Told when bytes are buffered unread, e.g. to report what a queued client sent. */
  onBuffered: (() => void) | null = null;

  constructor(
    readonly socket: Socket,
    /** Replaced, never changed in place, when a loopback client turns out to be ours. */
    public info: ClientInfo,
    private readonly bufferLimit = RECEIVE_BUFFER_LIMIT,
  ) {
    socket.on('data', (chunk: Buffer) => {
      if (this.direct && this.wake && this.buffered === 0 && this.direct(chunk)) return;
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      if (this.buffered >= bufferLimit) socket.pause();
      this.notify();
      this.onBuffered?.();
    });
    socket.on('end', () => {
      this.finReceived = true;
      this.notify(true);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.failed = err.code ?? err.message;
      this.notify(true);
    });
    socket.on('close', () => {
      this.closed = true;
      this.notify(true);
    });
  }

  get id(): number {
    return this.info.id;
  }

  /** Bytes received and not yet returned by recv(). */
  get pending(): number {
    return this.buffered;
  }

  /** The first `n` bytes received and not yet read, left in place. */
  peek(n: number): Buffer {
    const parts: Buffer[] = [];
    let size = 0;
    for (const chunk of this.chunks) {
      if (size >= n) break;
      const part = chunk.subarray(0, n - size);
      parts.push(part);
      size += part.length;
    }
    return Buffer.concat(parts, size);
  }

  /** Why the byte stream ended, once every byte received has been read. */
  get end(): EndKind {
    if (this.abortedBy) return EndKind.aborted;
    if (this.failed) return EndKind.reset;
    if (this.finReceived) return EndKind.fin;
    if (this.closed) return EndKind.reset;
    return EndKind.open;
  }

  /** Which limit closed it, when one did (a CloseDetail). */
  get abortDetail(): string | null {
    return this.abortedFor;
  }

  get error(): string | null {
    return this.abortedBy ?? this.failed;
  }

  /** Starts pulling bytes from the kernel (sockets are created paused). */
  startReading(): void {
    if (this.reading) return;
    this.reading = true;
    if (this.buffered < this.bufferLimit) this.socket.resume();
  }

  /**
   * Resolves when recv() would return at once: bytes are buffered or the stream ended.
   * Returns nothing when that is already so, sparing the hot path a promise.
   */
  readable(): Promise<void> | undefined {
    this.startReading();
    if (this.buffered > 0 || this.end !== EndKind.open) return undefined;
    // Every wake-up (bytes, FIN, error, close) makes the connection readable.
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** recv(n) once readable: at most n bytes, or null at the end of the stream. */
  read(n: number): Buffer | null {
    if (this.buffered === 0) return null;
    const bytes = this.take(n);
    if (this.buffered < this.bufferLimit && !this.finReceived) this.socket.resume();
    return bytes;
  }

  /**
   * Like sendall(): hands every byte to the socket. Answers at once (true) when the socket
   * took them, which is nearly always, and only makes a promise to wait while its buffer
   * is full; false when the connection can no longer send.
   */
  sendall(bytes: Buffer): boolean | Promise<boolean> {
    if (this.end === EndKind.aborted || this.closed || this.socket.writableEnded) return false;
    if (this.socket.write(bytes)) return true;
    return new Promise<boolean>((resolve) => this.untilDrained(resolve));
  }

  /**
   * Stops reading until what was written has drained, as sendall() would have waited; then
   * `then`, unless the connection closed first with the bytes unsent.
   */
  pauseUntilDrained(then: () => void): void {
    this.socket.pause();
    this.untilDrained((drained) => {
      if (drained) then();
      if (!this.finReceived && this.buffered < this.bufferLimit) this.socket.resume();
    });
  }

  /** Waits for the write queue to drain (true) or the connection to close (false). */
  private untilDrained(done: (drained: boolean) => void): void {
    const watch = this.sendWatch;
    watch?.start(this);
    const finish = (): void => {
      this.socket.off('drain', finish);
      this.socket.off('close', finish);
      const drained = !this.closed;
      if (drained) watch?.end(this);
      else watch?.forget(this);
      done(drained);
    };
    this.socket.on('drain', finish);
    this.socket.on('close', finish);
  }

  /** Sends our FIN; the connection is destroyed if the peer has not closed after a while. */
  close(): void {
    if (this.socket.destroyed) return;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), LINGER_MS).unref();
  }

  /**
   * Ends the connection for a server-side reason. Abrupt (RST) when the teacher kicks a
   * client; graceful (FIN, then destroy) when Echo Lab shuts down.
   */
  abort(reason: string, graceful = false, detail: string | null = null): void {
    if (this.abortedBy === null) {
      this.abortedBy = reason;
      this.abortedFor = detail;
    }
    if (graceful) {
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 200).unref();
    } else {
      this.socket.resetAndDestroy();
    }
    this.notify(true);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    let out: Buffer;
    if (first.length > n) {
      out = first.subarray(0, n);
      this.chunks[0] = first.subarray(n);
    } else if (first.length === n || this.chunks.length === 1) {
      out = first;
      this.chunks.shift();
    } else {
      const parts: Buffer[] = [];
      let size = 0;
      while (size < n && this.chunks.length > 0) {
        const chunk = this.chunks[0] as Buffer;
        const part = chunk.length > n - size ? chunk.subarray(0, n - size) : chunk;
        if (part === chunk) this.chunks.shift();
        else this.chunks[0] = chunk.subarray(part.length);
        parts.push(part);
        size += part.length;
      }
      out = Buffer.concat(parts, size);
    }
    this.buffered -= out.length;
    return out;
  }

  private notify(endChanged = false): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
    if (endChanged) this.onEndChange?.();
  }
}
