import type { IncomingMessage } from 'node:http';
import type { Server, Socket } from 'socket.io';
import { WebSocket, WebSocketServer, type ServerOptions } from 'ws';
import type { Limits } from '../limits.ts';
import type { OriginPolicy } from '../security/origin.ts';
import { Tally } from '../security/tally.ts';

type GateLimits = Pick<Limits, 'maxViewers' | 'maxViewersPerAddress'>;
type EngineAnswer = (message: string | null, success: boolean) => void;
/** An engine.io connection, as far as the gate uses it. */
interface Conn {
  request: IncomingMessage;
  write(data: string): void;
  close(): void;
}

/** Time a refused page has to read why before its socket is cut, whether it answers or not. */
const REFUSED_GRACE_MS = 1_000;

/**
 * Closes a refused connection once what it was told is written. engine.io then forgets it
 * at once, but ws waits up to 30 s for the peer's close frame; a peer that never sends one
 * is cut off after the grace, so a refusal costs one handshake and no more.
 */
function closeRefused(conn: Conn): void {
  conn.close();
  const ws = (conn as { transport?: { socket?: WebSocket } }).transport?.socket;
  if (ws) setTimeout(() => ws.terminate(), REFUSED_GRACE_MS).unref();
}

const transportOf = (req: IncomingMessage): string | null =>
  new URL(req.url ?? '/', 'http://x').searchParams.get('transport');

/** socket.io's CONNECT_ERROR packet for the main namespace, which socket.io-client reads. */
const connectError = (message: string): string => `4${JSON.stringify({ message })}`;

/** ws's close code for a message over its maxPayload. */
const MESSAGE_TOO_BIG = 1009;

/**
 * The ws server engine.io runs on, except that a page whose message is over the limit is
 * told so before ws closes it: ws stops reading at the limit and closes with 1009 and no
 * reason, which socket.io-client does not show. The frame still goes unread.
 */
export function viewerSocketServer(maxBytes: number) {
  const refusal = `4${connectError(`message too large (limit ${maxBytes} bytes)`)}`;
  class TellingWebSocket extends WebSocket {
    override close(code?: number, reason?: string | Buffer): void {
      if (code === MESSAGE_TOO_BIG && this.readyState === WebSocket.OPEN) this.send(refusal);
      super.close(code, reason);
    }
  }
  return class extends WebSocketServer {
    constructor(options?: ServerOptions, callback?: () => void) {
      super({ ...options, WebSocket: TellingWebSocket }, callback);
    }
  };
}

/**
 * Who may watch, and how a page that may not is told why. A browser shows nothing of a
 * refused WebSocket handshake but "websocket error", so a refused WebSocket is let through
 * engine.io's handshake, handed socket.io's CONNECT_ERROR with the reason, and closed as
 * soon as that is written: it never joins, never gets a snapshot, and costs one handshake.
 * A long-polling handshake is refused with HTTP 403, the reason in its body.
 */
export class ViewerGate {
  private readonly refusals = new WeakMap<IncomingMessage, string>();
  private readonly perAddress = new Tally();

  constructor(
    private readonly policy: OriginPolicy,
    private readonly limits: GateLimits,
  ) {}

  /** engine.io's allowRequest; `handshakes` is how many engine.io connections are open. */
  allowRequest(req: IncomingMessage, answer: EngineAnswer, handshakes: number): void {
    // The limit itself is checked on joining; this looser cap bounds handshakes that
    // never go on to join.
    const refused =
      this.policy.refuse(req) ?? (handshakes >= this.limits.maxViewers * 2 ? this.tooMany() : null);
    if (!refused) return answer(null, true);
    if (transportOf(req) !== 'websocket') return answer(refused, false);
    this.refusals.set(req, refused);
    answer(null, true);
  }

  /** Refuses, with their reason, connections let through only to be told why. */
  attach(io: Server): void {
    io.engine.on('connection', (conn: Conn) => {
      const refused = this.refusals.get(conn.request);
      if (refused === undefined) return;
      conn.write(connectError(refused));
      closeRefused(conn);
    });
    io.use((socket, next) => {
      const refused = this.refusals.get(socket.request) ?? this.full(io, socket);
      if (refused === null) return next();
      next(new Error(refused));
      // socket.io writes the CONNECT_ERROR on the next tick; close once it is out.
      setImmediate(() => closeRefused(socket.conn));
    });
  }

  private tooMany(): string {
    return `too many pages watching (limit ${this.limits.maxViewers})`;
  }

  /** Null, and the page counted against its address, if there is room for it. */
  private full(io: Server, socket: Socket): string | null {
    if (io.of('/').sockets.size >= this.limits.maxViewers) return this.tooMany();
    const address = socket.handshake.address;
    const perAddress = this.limits.maxViewersPerAddress;
    if (this.perAddress.count(address) >= perAddress) {
      return `too many pages from your address (limit ${perAddress})`;
    }
    this.perAddress.add(address, 1);
    socket.conn.once('close', () => this.perAddress.add(address, -1));
    return null;
  }
}
