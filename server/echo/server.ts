import net from 'node:net';
import { preview } from '../../shared/bytes.ts';
import {
  ClientKind,
  CloseReason,
  Closer,
  Mode,
  PREVIEW_BYTES,
  Phase,
  type ClientInfo,
  type EchoConfig,
} from '../../shared/protocol.ts';
import { Connection, EndKind } from './connection.ts';
import { EventSource } from './event-source.ts';

/** An in-process client (web form, bot) that dialled the server and is waiting to be named. */
interface Dial {
  socket: net.Socket;
  kind: ClientKind;
  label: string;
}

/** Hooks that name raw clients (e.g. after the program behind the port); optional. */
export type RawLabeler = (address: string, port: number) => string | undefined;

const plainAddress = (address: string | undefined): string =>
  (address ?? '?').replace(/^::ffff:/, '');

const isLoopback = (address: string): boolean => address.startsWith('127.') || address === '::1';

/**
 * The homework's iterative echo server, for real: one TCP listener, an accept queue of
 * `backlog` places kept in user space (Node accepts eagerly), and the accept/recv/sendall
 * loop of the homework. Every step is reported to `events`; it knows nothing of the web.
 */
export class EchoServer {
  readonly events = new EventSource();
  private config: EchoConfig;
  private readonly tcp: net.Server;
  private readonly waiting: Connection[] = [];
  private readonly retrying: Connection[] = [];
  private readonly served = new Set<Connection>();
  private readonly open = new Map<number, Connection>();
  /** Every socket not yet closed, including those lingering after we sent our FIN. */
  private readonly sockets = new Set<net.Socket>();
  private readonly dials = new Set<Dial>();
  private nextId = 1;
  private acceptWaiter: ((conn: Connection | null) => void) | null = null;
  private words: Buffer[] = [];
  private loop: Promise<void> | null = null;
  private stopping = false;
  labelRaw: RawLabeler | null = null;

  constructor(config: EchoConfig) {
    this.config = { ...config };
    this.setWord(config.disconnectWord);
    this.tcp = net.createServer({ pauseOnConnect: true, allowHalfOpen: true, noDelay: true });
    this.tcp.on('connection', (socket) => this.admit(socket));
  }

  get settings(): EchoConfig {
    return { ...this.config };
  }

  /** Binds and starts the accept loop; resolves with the real port (useful with port 0). */
  async listen(): Promise<net.AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.tcp.once('error', reject);
      this.tcp.listen({ host: this.config.host, port: this.config.port }, () => {
        this.tcp.off('error', reject);
        resolve();
      });
    });
    const address = this.tcp.address() as net.AddressInfo;
    this.config.port = address.port;
    this.events.emit({ type: 'server.started', config: this.settings, startedAt: Date.now() });
    this.loop = this.run();
    return address;
  }

  /** Opens a real TCP connection to this server on behalf of an in-process client. */
  dial(kind: ClientKind, label: string): net.Socket {
    const host = { '0.0.0.0': '127.0.0.1', '::': '::1' }[this.config.host] ?? this.config.host;
    const socket = net.connect({ host, port: this.config.port, noDelay: true });
    const dial: Dial = { socket, kind, label };
    this.dials.add(dial);
    socket.once('close', () => this.dials.delete(dial));
    return socket;
  }

  /** Changes settings at run time; clients already waiting keep their places. */
  reconfigure(patch: Partial<Omit<EchoConfig, 'host' | 'port'>>): void {
    this.config = { ...this.config, ...patch };
    this.setWord(this.config.disconnectWord);
    this.events.emit({ type: 'config.changed', config: this.settings });
    this.refill();
  }

  /** Disconnects one client, wherever it is; false if there is no such open client. */
  disconnect(id: number, reason: CloseReason = CloseReason.kicked): boolean {
    const conn = this.open.get(id);
    if (!conn) return false;
    conn.abort(reason);
    return true;
  }

  /** Bytes each open connection holds in user space: unread, and written but unsent. */
  buffers(): { id: number; pending: number; unsent: number }[] {
    return [...this.open.values()].map((c) => ({
      id: c.id,
      pending: c.pending,
      unsent: c.socket.writableLength,
    }));
  }

  async close(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.tcp.close(() => resolve()));
    this.acceptWaiter?.(null);
    const lingering = new Set(this.sockets);
    for (const conn of [...this.open.values()]) {
      lingering.delete(conn.socket);
      conn.abort(CloseReason.shutdown, true);
    }
    for (const socket of lingering) socket.destroy();
    await this.loop;
    await Promise.all([...this.served].map((c) => once(c.socket, 'close')));
    await closed;
    this.events.emit({ type: 'server.stopped' });
  }

  private setWord(word: string): void {
    this.words = [word, `${word}\n`, `${word}\r\n`].map((w) => Buffer.from(w));
  }

  private isWord(data: Buffer): boolean {
    return data.length <= (this.words[2]?.length ?? 0) && this.words.some((w) => w.equals(data));
  }

  private identify(socket: net.Socket): ClientInfo {
    const id = this.nextId++;
    const address = plainAddress(socket.remoteAddress);
    const port = socket.remotePort ?? 0;
    if (isLoopback(address)) {
      for (const dial of this.dials) {
        if (dial.socket.localPort !== port) continue;
        this.dials.delete(dial);
        return { id, kind: dial.kind, address, port, label: dial.label };
      }
    }
    const label = this.labelRaw?.(address, port) ?? `${address}:${port}`;
    return { id, kind: ClientKind.raw, address, port, label };
  }

  /** A finished handshake: the connection joins the queue, or retries if it is full. */
  private admit(socket: net.Socket): void {
    const conn = new Connection(socket, this.identify(socket));
    if (this.stopping) {
      socket.destroy();
      return;
    }
    this.open.set(conn.id, conn);
    this.sockets.add(socket);
    socket.once('close', () => {
      this.open.delete(conn.id);
      this.sockets.delete(socket);
    });
    conn.onEndChange = () => this.onEndChange(conn);
    const full = this.waiting.length >= this.config.backlog;
    this.events.emit({
      type: 'client.connected',
      client: conn.info,
      phase: full ? Phase.retrying : Phase.waiting,
    });
    if (full) {
      this.retrying.push(conn);
    } else {
      this.waiting.push(conn);
      conn.startReading();
      this.wakeAccept();
    }
  }

  /** A connection not being served ended: it leaves the queue unless bytes wait to be echoed. */
  private onEndChange(conn: Connection): void {
    if (this.served.has(conn)) return;
    const end = conn.end;
    if (end === EndKind.open || (end === EndKind.fin && conn.pending > 0)) return;
    const list = this.waiting.includes(conn) ? this.waiting : this.retrying;
    const at = list.indexOf(conn);
    if (at < 0) return;
    list.splice(at, 1);
    this.reportEnd(conn);
    this.refill();
  }

  private reportEnd(conn: Connection): void {
    const end = conn.end;
    if (end === EndKind.aborted) {
      const reason = (conn.error as CloseReason | null) ?? CloseReason.kicked;
      this.finish(conn, Closer.server, reason);
    } else if (end === EndKind.fin) {
      conn.close();
      this.finish(conn, Closer.client, CloseReason.fin);
    } else {
      conn.socket.destroy();
      this.finish(conn, Closer.client, CloseReason.reset, conn.error ?? undefined);
    }
  }

  private finish(conn: Connection, by: Closer, reason: CloseReason, detail?: string): void {
    this.open.delete(conn.id);
    const extra = detail === undefined ? {} : { detail };
    this.events.emit({ type: 'client.closed', id: conn.id, by, reason, ...extra });
  }

  /** Moves retrying clients into free places of the queue, oldest first. */
  private refill(): void {
    while (this.waiting.length < this.config.backlog && this.retrying.length > 0) {
      const conn = this.retrying.shift() as Connection;
      this.waiting.push(conn);
      this.events.emit({ type: 'client.queued', id: conn.id });
      conn.startReading();
      this.wakeAccept();
    }
  }

  private wakeAccept(): void {
    const waiter = this.acceptWaiter;
    if (!waiter || this.waiting.length === 0) return;
    this.acceptWaiter = null;
    waiter(this.takeNext());
  }

  private takeNext(): Connection {
    const conn = this.waiting.shift() as Connection;
    this.refill();
    return conn;
  }

  /** accept(): the oldest waiting connection, or null once the server stops. */
  private accept(): Promise<Connection | null> {
    if (this.stopping) return Promise.resolve(null);
    if (this.waiting.length > 0) return Promise.resolve(this.takeNext());
    return new Promise((resolve) => (this.acceptWaiter = resolve));
  }

  /** The homework's outer loop. Iterative: serve one client to the end, then the next. */
  private async run(): Promise<void> {
    for (;;) {
      const conn = await this.accept();
      if (!conn) return;
      this.served.add(conn);
      this.events.emit({ type: 'client.accepted', id: conn.id });
      const session = this.serve(conn).finally(() => this.served.delete(conn));
      if (this.config.mode === Mode.iterative) await session;
    }
  }

  /** The homework's inner loop: recv, stop at the word or the end, echo, repeat. */
  private async serve(conn: Connection): Promise<void> {
    const { id } = conn;
    for (;;) {
      const data = await conn.recv(this.config.recvSize);
      if (!data) break;
      const shown = preview(data, PREVIEW_BYTES);
      if (this.isWord(data)) {
        this.events.emit({ type: 'client.word', id, bytes: data.length, ...shown });
        conn.close();
        this.finish(conn, Closer.server, CloseReason.word);
        return;
      }
      this.events.emit({ type: 'data.read', id, bytes: data.length, ...shown });
      if (!(await conn.sendall(data))) break;
      this.events.emit({ type: 'data.echoed', id, bytes: data.length });
    }
    this.reportEnd(conn);
  }
}

const once = (socket: net.Socket, event: string): Promise<void> =>
  socket.destroyed ? Promise.resolve() : new Promise((resolve) => socket.once(event, resolve));
