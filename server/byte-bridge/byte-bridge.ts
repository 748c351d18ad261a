import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { visibleString } from '../../shared/bytes.ts';
import { BridgeClose, ClientKind, type BridgeHello } from '../../shared/protocol.ts';
import { NAME_CHARS } from '../../shared/schema/bounds.ts';
import { isLocal, plainAddress } from '../echo/client-names.ts';
import type { ShownServer } from '../shown/shown-server.ts';
import type { Limits } from '../limits.ts';
import type { OriginPolicy } from '../security/origin.ts';
import { hangUp } from './hang-up.ts';
import type { PageKeys } from '../viewers/page-keys.ts';
import { Tally } from '../security/tally.ts';

type BridgeLimits = Pick<
  Limits,
  'maxFrameBytes' | 'maxWebClientsPerAddress' | 'maxWebClientsPerPage' | 'bridgeStallTimeoutSec'
>;

/** Bytes queued toward the page before we stop reading the TCP side. */
const HIGH_WATER = 256 * 1024;

/**
 * A name for the page, short enough for a lifeline (24 characters), shown as visibly as a
 * client's bytes: controls, bidi and zero-width characters and mixed-script look-alikes
 * are escaped, so no name can pass for another.
 */
export const cleanName = (raw: string | null): string =>
  visibleString(
    Array.from((raw ?? '').slice(0, 256).trim())
      .slice(0, NAME_CHARS)
      .join('')
      .trim(),
  );

/**
 * Web-form clients: every WebSocket on the bridge path is one real TCP connection to the
 * echo server, and only to it (the address never comes from the request). Binary frames
 * are bytes both ways; a WebSocket close is a FIN and a FIN closes the WebSocket.
 */
export class ByteBridge {
  private readonly wss: WebSocketServer;
  private readonly perAddress = new Tally();
  private readonly perPage = new Tally();
  private count = 0;

  constructor(
    private readonly echo: ShownServer,
    private readonly policy: OriginPolicy,
    private readonly limits: BridgeLimits,
    private readonly pages: PageKeys,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes });
    this.wss.on('connection', (ws: WebSocket, req: IncomingMessage) => this.admit(ws, req));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refused = this.policy.refuse(req);
    if (refused) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n${refused}\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  close(): void {
    for (const ws of this.wss.clients) ws.close(1001, 'Echo Lab is stopping');
    this.wss.close();
  }

  /**
   * Over a limit, the WebSocket opens and closes at once with a reason the page can show.
   * A page's key is one the server issued to a page still watching; without one, all of an
   * address's clients share one "no page" count under the same per-page limit.
   */
  private admit(ws: WebSocket, req: IncomingMessage): void {
    const address = req.socket.remoteAddress ?? '?';
    const key = new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? '';
    const page = this.pages.has(key) ? `page ${key}` : `no page ${address}`;
    const { maxWebClientsPerAddress: perAddress, maxWebClientsPerPage: perPage } = this.limits;
    // This machine's own pages keep their web forms: blocking it is meant for its raw clients.
    if (this.echo.isBlocked(address) && !isLocal(plainAddress(address))) {
      ws.close(BridgeClose.blocked, 'your address is blocked by the teacher for this session');
      return;
    }
    if (this.perAddress.count(address) >= perAddress) {
      ws.close(BridgeClose.limit, `too many web clients from your address (limit ${perAddress})`);
      return;
    }
    if (this.perPage.count(page) >= perPage) {
      ws.close(BridgeClose.limit, `too many web clients on this page (limit ${perPage})`);
      return;
    }
    this.perAddress.add(address, 1);
    this.perPage.add(page, 1);
    ws.once('close', () => {
      this.perAddress.add(address, -1);
      this.perPage.add(page, -1);
    });
    this.bridge(ws, req);
  }

  private bridge(ws: WebSocket, req: IncomingMessage): void {
    const name = cleanName(new URL(req.url ?? '/', 'http://x').searchParams.get('name'));
    const label = name || `web ${++this.count}`;
    const { socket: tcp, id } = this.echo.dial(ClientKind.web, label, req.socket.remoteAddress);

    void id.then((clientId) => {
      const hello: BridgeHello = {
        type: 'hello',
        id: clientId,
        label,
        maxMessage: this.echo.settings.maxMessage,
      };
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(hello));
    });

    ws.on('message', (data: RawData) => {
      // A text frame's bytes are its UTF-8, which ws has already checked: the same bytes.
      const bytes = toBuffer(data);
      if (!tcp.write(bytes)) {
        ws.pause();
        tcp.once('drain', () => ws.resume());
      }
    });
    const stall = this.stallWatch(ws, tcp);
    tcp.on('data', (chunk: Buffer) => {
      ws.send(chunk, { binary: true }, () => {
        if (!tcp.isPaused() || ws.bufferedAmount >= HIGH_WATER / 2) return;
        stall.clear();
        tcp.resume();
      });
      if (ws.bufferedAmount <= HIGH_WATER) return;
      tcp.pause();
      stall.start();
    });

    // The server closed (FIN): pass it on after every byte already on its way.
    tcp.on('end', () => ws.close(1000, 'closed by the server'));
    tcp.on('error', (err: NodeJS.ErrnoException) => ws.close(1011, err.code ?? 'TCP error'));
    tcp.on('close', () => {
      stall.clear();
      if (ws.readyState === ws.OPEN) ws.close(1000, 'closed');
    });
    // The page is gone: so is its TCP side, whatever was in flight.
    ws.on('close', () => hangUp(tcp));
    ws.on('error', () => hangUp(tcp));
  }

  /**
   * A page that reads nothing for the stall timeout is closed with a reason and its TCP
   * side reset; it gets the same time again to read the close before it is cut off.
   */
  private stallWatch(ws: WebSocket, tcp: Socket): { start(): void; clear(): void } {
    const seconds = this.limits.bridgeStallTimeoutSec;
    let timer: NodeJS.Timeout | null = null;
    const clear = (): void => {
      if (timer) clearTimeout(timer);
      timer = null;
    };
    const giveUp = (): void => {
      hangUp(tcp);
      ws.close(BridgeClose.stalled, `this page stopped reading its echoes for ${seconds} s`);
      setTimeout(() => ws.terminate(), seconds * 1000).unref();
    };
    return {
      start: () => void (timer ??= setTimeout(giveUp, seconds * 1000)),
      clear,
    };
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}
