import net from 'node:net';
import {
  CloseReason,
  Closer,
  Mode,
  Step,
  type ClientInfo,
  type EchoConfig,
} from '../../shared/protocol.ts';
import { AcceptQueue } from './accept-queue.ts';
import { Blocklist, reaches } from './blocklist.ts';
import { Refusals } from './refusals.ts';
import { Connection, EndKind } from './connection.ts';
import { EventSource } from './event-source.ts';
import { Admission } from './admission.ts';
import { ClientNames, plainAddress, type AskDialler } from './client-names.ts';
import { Stepper } from './stepper.ts';
import { Traffic } from './traffic.ts';
import { Sessions } from './session.ts';
import { SendBlocks } from './send-blocks.ts';
import { DEFAULT_LIMITS, type Limits } from '../limits.ts';

export type EchoLimits = Pick<
  Limits,
  'maxClients' | 'clientBufferBytes' | 'idleTimeoutSec' | 'sendTimeoutSec'
>;

/** Settings the teacher may change while the server runs. */
export type ConfigPatch = Partial<Omit<EchoConfig, 'host' | 'port'>>;

/** Bytes one open connection holds in user space: unread, and written but unsent. */
export interface ClientBuffers {
  id: number;
  pending: number;
  unsent: number;
}

/** Just the server's settings, whatever wider object (CLI options) they came in. */
export function echoConfig(from: EchoConfig): EchoConfig {
  const { host, port, mode, backlog, recvSize, disconnectWord, maxMessage } = from;
  const { stepping, delayMs } = from;
  return { host, port, mode, backlog, recvSize, disconnectWord, maxMessage, stepping, delayMs };
}

export interface EchoOptions extends Partial<EchoLimits> {
  /** Name loopback raw clients after their program (Linux /proc); off unless asked. */
  namePrograms?: boolean;
  /** Set when in-process clients dial from another thread: how to learn which they are. */
  askDialler?: AskDialler;
}

/**
 * The homework's echo server, for real: one TCP listener, the accept queue of
 * listen(backlog), and the accept/recv/sendall loop. Every step is reported to `events`;
 * it knows nothing of the web.
 */
export class EchoServer {
  readonly events = new EventSource();
  private config: EchoConfig;
  private readonly tcp: net.Server;
  private readonly queue: AcceptQueue;
  private readonly stepper = new Stepper(this.events);
  private readonly traffic = new Traffic(this.events);
  private readonly sessions: Sessions;
  private readonly served = new Set<Connection>();
  /** Connections not yet reported closed, by id. */
  private readonly open = new Map<number, Connection>();
  /** Every socket not yet closed, including those lingering after we sent our FIN. */
  private readonly sockets = new Set<net.Socket>();
  private loop: Promise<void> | null = null;
  private stopping = false;

  private readonly limits: EchoLimits;
  /** Refusals, summed up per address and cause so a retry loop cannot flood the pages. */
  private readonly refusals = new Refusals(this.events);
  /** Addresses the teacher keeps out for the rest of this run. */
  private readonly blocked = new Blocklist(this.events, this.refusals);
  private readonly admission: Admission;

  constructor(config: EchoConfig, options: EchoOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...options };
    this.admission = new Admission({
      events: this.events,
      names: new ClientNames(
        this.events,
        options.namePrograms ?? false,
        options.askDialler ?? null,
      ),
      blocked: this.blocked,
      refusals: this.refusals,
      maxClients: this.limits.maxClients,
      open: this.open,
      sockets: this.sockets,
      stopping: () => this.stopping,
      enter: (socket, info) => this.enter(socket, info),
    });
    this.config = echoConfig(config);
    this.stepper.configure(config.stepping, config.delayMs);
    const sendBlocks = new SendBlocks({
      events: this.events,
      traffic: this.traffic,
      sendTimeoutSec: this.limits.sendTimeoutSec,
    });
    this.sessions = new Sessions({
      events: this.events,
      stepper: this.stepper,
      traffic: this.traffic,
      sendBlocks,
      idleTimeoutSec: this.limits.idleTimeoutSec,
      config: () => this.config,
      finish: (conn, by, reason) => this.finish(conn, by, reason),
      reportEnd: (conn) => this.reportEnd(conn),
    });
    this.sessions.setWord(config.disconnectWord);
    this.queue = new AcceptQueue(config.backlog, this.events);
    this.tcp = net.createServer({ pauseOnConnect: true, allowHalfOpen: true, noDelay: true });
    this.tcp.on('connection', (socket) => this.admission.admit(socket));
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

  /** Changes settings at run time; clients already waiting keep their places. */
  reconfigure(patch: ConfigPatch): void {
    this.config = { ...this.config, ...patch };
    this.sessions.setWord(this.config.disconnectWord);
    this.events.emit({ type: 'config.changed', config: this.settings });
    this.queue.setBacklog(this.config.backlog);
    this.stepper.configure(this.config.stepping, this.config.delayMs);
  }

  /** Step mode: lets the server take the action it is holding; false if it holds none. */
  step(): boolean {
    return this.stepper.next();
  }

  /** Disconnects one client, wherever it is; false if there is no such open client. */
  disconnect(id: number, reason: CloseReason = CloseReason.kicked): boolean {
    const conn = this.open.get(id);
    if (!conn) return false;
    conn.abort(reason);
    return true;
  }

  /** Keeps an address out for the rest of the run (see Blocklist); false when the list is full. */
  block(address: string): boolean {
    const plain = plainAddress(address);
    if (!this.blocked.add(plain)) return false;
    for (const conn of [...this.open.values()]) {
      // One that may still be our own dial is left to the admission, which knows it first.
      if (reaches(plain, conn.info) && this.admission.isKnown(conn.id)) {
        conn.abort(CloseReason.kicked);
      }
    }
    return true;
  }

  unblock(address: string): boolean {
    return this.blocked.remove(plainAddress(address));
  }

  buffers(): ClientBuffers[] {
    return [...this.open.values()].map((c) => ({
      id: c.id,
      pending: c.pending,
      unsent: c.socket.writableLength,
    }));
  }

  /** Stops accepting, closes every client with a FIN, and resolves once all are gone. */
  async close(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.tcp.close(() => resolve()));
    this.queue.stop();
    this.stepper.releaseAll();
    const lingering = new Set(this.sockets);
    for (const conn of [...this.open.values()]) {
      lingering.delete(conn.socket);
      conn.abort(CloseReason.shutdown, true);
    }
    for (const socket of lingering) socket.destroy();
    await this.loop;
    await Promise.all([...this.served].map((c) => closing(c.socket)));
    await closed;
    this.refusals.flush();
    this.events.emit({ type: 'server.stopped' });
  }

  /** Takes a place in the queue: the admission has checked who it is. */
  private enter(socket: net.Socket, info: ClientInfo): Connection {
    const conn = new Connection(socket, info, this.limits.clientBufferBytes);
    this.open.set(conn.id, conn);
    socket.once('close', () => this.open.delete(conn.id));
    conn.onEndChange = () => this.onEndChange(conn);
    this.queue.add(conn);
    return conn;
  }

  /** A connection not being served ended: it leaves the queue unless bytes wait to be echoed. */
  private onEndChange(conn: Connection): void {
    if (this.served.has(conn)) return;
    const end = conn.end;
    if (end === EndKind.open || (end === EndKind.fin && conn.pending > 0)) return;
    if (this.queue.remove(conn)) this.reportEnd(conn);
  }

  private reportEnd(conn: Connection): void {
    const end = conn.end;
    if (end === EndKind.aborted) {
      const reason = (conn.error as CloseReason | null) ?? CloseReason.kicked;
      this.finish(conn, Closer.server, reason, conn.abortDetail ?? undefined);
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
    this.traffic.flush(conn);
    const extra = detail === undefined ? {} : { detail };
    this.events.emit({ type: 'client.closed', id: conn.id, by, reason, ...extra });
  }

  /** The homework's outer loop. Iterative: serve one client to the end, then the next. */
  private async run(): Promise<void> {
    for (;;) {
      const conn = await this.queue.accept((id) => this.stepper.before(Step.accept, id));
      if (!conn) return;
      this.served.add(conn);
      this.events.emit({ type: 'client.accepted', id: conn.id });
      const session = this.sessions.serve(conn).finally(() => this.served.delete(conn));
      if (this.config.mode === Mode.iterative) await session;
    }
  }
}

const closing = (socket: net.Socket): Promise<void> =>
  socket.destroyed ? Promise.resolve() : new Promise((resolve) => socket.once('close', resolve));
