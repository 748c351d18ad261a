import net from 'node:net';
import { DEFAULTS, type EchoConfig, type LabEvent } from '../../shared/protocol.ts';
import { EchoServer, type EchoOptions } from '../../server/echo/server.ts';

/** An echo server on a free loopback port, with every event it emitted. */
export async function startEcho(overrides: Partial<EchoConfig> = {}, options: EchoOptions = {}) {
  const server = new EchoServer({ ...DEFAULTS, port: 0, ...overrides }, options);
  const events: LabEvent[] = [];
  const waiters = new Set<() => void>();
  server.events.subscribe((e) => {
    events.push(e);
    for (const check of waiters) check();
  });
  const { port } = await server.listen();

  /** Resolves with the first event (past or future) that matches. */
  function waitFor<T extends LabEvent>(match: (e: LabEvent) => e is T, ms?: number): Promise<T>;
  function waitFor(match: (e: LabEvent) => boolean, ms?: number): Promise<LabEvent>;
  function waitFor(match: (e: LabEvent) => boolean, ms = 5_000): Promise<LabEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching event in ${ms} ms; last: ${JSON.stringify(events.at(-1))}`));
      }, ms);
      const check = (): void => {
        const found = events.find(match);
        if (!found) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
      };
      waiters.add(check);
      check();
    });
  }
  return { server, port, events, waitFor };
}

export const ofType =
  <T extends LabEvent['type']>(type: T, id?: number) =>
  (e: LabEvent): e is Extract<LabEvent, { type: T }> =>
    e.type === type && (id === undefined || ('id' in e && e.id === id));

/** A raw TCP test client that collects what it receives. */
export class RawClient {
  received = Buffer.alloc(0);
  ended = false;
  closed = false;
  error: string | null = null;
  private readonly listeners = new Set<() => void>();

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.changed();
    });
    socket.on('end', () => ((this.ended = true), this.changed()));
    socket.on('close', () => ((this.closed = true), this.changed()));
    socket.on(
      'error',
      (err: NodeJS.ErrnoException) => ((this.error = err.code ?? 'error'), this.changed()),
    );
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port, allowHalfOpen: true });
      socket.once('connect', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  send(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /** Waits until `n` bytes in all have arrived. */
  receive(n: number, ms = 5_000): Promise<Buffer> {
    return this.until(() => this.received.length >= n, ms, `${n} bytes`).then(() =>
      this.received.subarray(0, n),
    );
  }

  waitEnded(ms = 5_000): Promise<void> {
    return this.until(() => this.ended || this.closed, ms, 'the end of the stream');
  }

  reset(): void {
    this.socket.resetAndDestroy();
  }

  private until(done: () => boolean, ms: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done()) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`waited ${ms} ms for ${what}; have ${this.received.length} bytes`));
      }, ms);
      this.listeners.add(check);
      check();
    });
  }

  private changed(): void {
    for (const check of [...this.listeners]) check();
  }
}

export const idOf = (events: LabEvent[], localPort: number): number => {
  const e = events.find((x) => x.type === 'client.connected' && x.client.port === localPort);
  if (!e || e.type !== 'client.connected') throw new Error(`no client on port ${localPort}`);
  return e.client.id;
};
