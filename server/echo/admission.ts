import type net from 'node:net';
import { ClientKind, CloseReason, RefuseCause, type ClientInfo } from '../../shared/protocol.ts';
import { reaches, type Blocklist } from './blocklist.ts';
import { dialledInfo, plainAddress, type ClientNames, type LocalClient } from './client-names.ts';
import type { Connection } from './connection.ts';
import type { EventSource } from './event-source.ts';
import type { Refusals } from './refusals.ts';

/** What admission needs of the server it admits clients to. */
export interface AdmissionDeps {
  events: EventSource;
  names: ClientNames;
  blocked: Blocklist;
  refusals: Refusals;
  maxClients: number;
  /** Connections not yet reported closed, by id. */
  open: ReadonlyMap<number, Connection>;
  /** Every socket not yet closed, for the server to close them all when it stops. */
  sockets: Set<net.Socket>;
  stopping: () => boolean;
  /** Makes a connection of the socket and gives it its place in the queue. */
  enter: (socket: net.Socket, info: ClientInfo) => Connection;
}

/**
 * Who comes in, and as whom. Every connection comes in at once, in accept order. One from
 * loopback may be our own dial (a web form's, a bot's), which only the dialling thread can
 * tell: it enters as raw and is relabelled when that thread answers, so no client ever
 * waits for that thread, however long it is busy.
 */
export class Admission {
  /** Loopback connections from a blocked address, held until it is known whether they are ours. */
  private holding = 0;
  /** Open connections that may still turn out to be ours, by id. */
  private readonly unknown = new Set<number>();

  constructor(private readonly d: AdmissionDeps) {}

  /** Whether this connection is known for what it is: until then, blocking does not reach it. */
  isKnown(id: number): boolean {
    return !this.unknown.has(id);
  }

  admit(socket: net.Socket): void {
    const { d } = this;
    if (d.stopping()) {
      socket.destroy();
      return;
    }
    if (d.open.size + this.holding >= d.maxClients) {
      this.refuse(socket);
      return;
    }
    d.sockets.add(socket);
    socket.once('close', () => d.sockets.delete(socket));
    const { info, ours } = d.names.identify(socket);
    if (!ours) {
      const conn = this.enter(socket, info);
      if (conn) d.names.nameProgram(conn.info, () => d.open.has(conn.id));
    } else if (d.blocked.has(info.address)) {
      this.hold(socket, info, ours);
    } else {
      const conn = d.enter(socket, info);
      this.unknown.add(conn.id);
      void ours.catch(() => null).then((local) => this.recognise(conn, local));
    }
  }

  /** Past --max-clients, or blocked: one line saying why, then close; it never takes a place. */
  refuse(socket: net.Socket, cause: RefuseCause = RefuseCause.limit): void {
    const limit = this.d.maxClients;
    socket.on('error', () => socket.destroy());
    socket.end(
      cause === RefuseCause.blocked
        ? 'echo-lab: your address is blocked by the teacher for this session\r\n'
        : `echo-lab: too many clients at once (limit ${limit}); try again later\r\n`,
    );
    setTimeout(() => socket.destroy(), 1_000).unref();
    const address = plainAddress(socket.remoteAddress);
    const port = socket.remotePort ?? 0;
    this.d.refusals.refused(address, port, limit, cause);
  }

  /**
   * A loopback connection from a blocked address is refused if raw, but our own dials come
   * from there too: it may only be refused once it is known to be raw, so it waits for the
   * answer, outside the queue. Only these wait; each enters when known, after any that came
   * in meanwhile.
   */
  private hold(socket: net.Socket, info: ClientInfo, ours: Promise<LocalClient | null>): void {
    this.holding++;
    const ignore = (): void => undefined;
    socket.on('error', ignore);
    void ours
      .catch(() => null)
      .then((local) => {
        this.holding--;
        socket.off('error', ignore);
        // Gone before it was known: it never reached the queue, so there is nothing to report.
        if (socket.destroyed || this.d.stopping()) socket.destroy();
        else if (local) this.enter(socket, dialledInfo(info, local));
        else this.recognise(this.enter(socket, info), null);
      });
  }

  /** A raw client from a blocked address is refused; anyone else takes a place. */
  private enter(socket: net.Socket, info: ClientInfo): Connection | null {
    if (info.kind === ClientKind.raw && this.d.blocked.has(info.address)) {
      this.refuse(socket, RefuseCause.blocked);
      return null;
    }
    return this.d.enter(socket, info);
  }

  /** The dialling thread's answer about a connection already in: ours, or raw after all. */
  private recognise(conn: Connection | null, local: LocalClient | null): void {
    const { d } = this;
    if (!conn) return;
    this.unknown.delete(conn.id);
    if (d.stopping()) return;
    if (local) {
      conn.info = dialledInfo(conn.info, local);
      const { id, label, address } = conn.info;
      // Even if it has closed since: the page still shows it, and should by its right name.
      d.events.emit({ type: 'client.identified', id, kind: local.kind, label, address });
    } else {
      d.names.nameProgram(conn.info, () => d.open.has(conn.id));
    }
    // What blocking left alone while it was not known.
    const { address } = conn.info;
    if (d.open.has(conn.id) && d.blocked.has(address) && reaches(address, conn.info)) {
      conn.abort(CloseReason.kicked);
    }
  }
}
