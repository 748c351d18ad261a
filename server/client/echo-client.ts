import net from 'node:net';

/** A TCP client of the echo server that matches each message with its whole echo. */
export class EchoClient {
  private received = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private ended: string | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.wake();
    });
    socket.on('end', () => this.finish('the server closed the connection'));
    socket.on('error', (err) => this.finish(describe(err)));
    socket.on('close', () => this.finish('the connection closed'));
  }

  static connect(host: string, port: number): Promise<EchoClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port, noDelay: true });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new EchoClient(socket));
      });
      socket.once('error', (err) => reject(new Error(describe(err, host, port))));
    });
  }

  /** Why the connection is over, or null while it is open. */
  get closedBecause(): string | null {
    return this.ended;
  }

  /** Sends the bytes and resolves with as many bytes of echo; rejects if the server goes. */
  async exchange(message: Buffer): Promise<Buffer> {
    this.socket.write(message);
    while (this.received.length < message.length) {
      if (this.ended) throw new Error(this.ended);
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
    const echo = this.received.subarray(0, message.length);
    this.received = this.received.subarray(message.length);
    return echo;
  }

  /** Sends the bytes and closes our side, as the homework's client does after the word. */
  async sendAndClose(message: Buffer): Promise<void> {
    await new Promise<void>((resolve) => this.socket.end(message, resolve));
    await this.closed();
  }

  async close(): Promise<void> {
    this.socket.end();
    await this.closed();
  }

  private closed(): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      // The server may keep its side open; do not hang on it.
      const timer = setTimeout(() => this.socket.destroy(), 2_000);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private finish(why: string): void {
    this.ended ??= why;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }
}

function describe(err: NodeJS.ErrnoException, host?: string, port?: number): string {
  const where = host === undefined ? 'the server' : `${host}:${port}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `nobody is listening on ${where}: is Echo Lab running?`;
    case 'ECONNRESET':
      return 'the server reset the connection';
    case 'EPIPE':
      return 'the server is gone';
    case 'ENOTFOUND':
      return `no such host: ${host}`;
    default:
      return `${err.code ?? 'error'}: ${err.message}`;
  }
}
