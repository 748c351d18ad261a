// Clients that speak to Echo Lab the way a hostile or careless program would: HTTP with
// headers of our choosing, WebSocket upgrades that may be refused, and engine.io/socket.io
// typed by hand over a plain WebSocket, so that we can send what no well-behaved client
// library would let us send.

import http from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { WebSocket, type RawData } from 'ws';
import type { Application } from '../../server/app.ts';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  Snapshot,
} from '../../shared/protocol.ts';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A GET with exactly these headers (Host included: Node adds none when one is given). */
export function httpGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'GET', headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(5_000, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

export type UpgradeResult =
  { opened: true; ws: WebSocket } | { opened: false; status: number; body: string };

/**
 * Tries a WebSocket handshake with these headers. A refusal resolves with the HTTP status
 * and body the server answered (status 0 if it just dropped the connection).
 */
export function tryUpgrade(
  url: string,
  headers: Record<string, string> = {},
): Promise<UpgradeResult> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers, handshakeTimeout: 5_000 });
    let settled = false;
    const settle = (result: UpgradeResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    ws.on('open', () => settle({ opened: true, ws }));
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      const done = (): void =>
        settle({
          opened: false,
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString(),
        });
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    });
    ws.on('error', () => settle({ opened: false, status: 0, body: '' }));
  });
}

type Viewer = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectResult {
  socket: Viewer;
  /** The snapshot the server sent, if it let us in. */
  snapshot: Snapshot | null;
  /** The connect_error, if it did not. */
  error: (Error & { description?: unknown; context?: unknown }) | null;
}

/**
 * A socket.io client that resolves once it is in (with its first snapshot) or refused
 * (with its connect_error). Reconnection is off so a refusal is final; the caller closes it.
 */
export function connectViewer(
  url: string,
  options: {
    auth?: Record<string, unknown>;
    extraHeaders?: Record<string, string>;
    transports?: ('polling' | 'websocket')[];
  } = {},
): Promise<ConnectResult> {
  const socket: Viewer = io(url, {
    reconnection: false,
    timeout: 5_000,
    transports: options.transports ?? ['websocket'],
    forceNew: true,
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : {}),
  });
  return new Promise((resolve) => {
    socket.once('snapshot', (snapshot) => resolve({ socket, snapshot, error: null }));
    socket.once('connect_error', (error) => resolve({ socket, snapshot: null, error }));
  });
}

/**
 * engine.io v4 + socket.io v5 typed by hand over a plain WebSocket. It answers pings, joins
 * the main namespace on request, and keeps every text and binary frame the server sent.
 */
export class HandTypedSocketIo {
  readonly texts: string[] = [];
  readonly binaries: Buffer[] = [];
  closeCode: number | null = null;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) this.binaries.push(Buffer.from(data as Buffer));
      else {
        const text = (data as Buffer).toString();
        // engine.io heartbeat: the server pings, a live client pongs.
        if (text === '2') ws.send('3');
        this.texts.push(text);
      }
      this.changed();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.changed();
    });
    ws.on('error', () => this.changed());
  }

  /** Opens the WebSocket and reads engine.io's open packet ("0{...}"). */
  static async open(
    port: number,
    headers: Record<string, string> = {},
  ): Promise<HandTypedSocketIo> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, {
      headers,
    });
    const client = new HandTypedSocketIo(ws);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await client.until(() => client.texts.some((t) => t.startsWith('0{')), 'the open packet');
    return client;
  }

  /** Sends socket.io CONNECT for "/" and waits for the server's CONNECT and snapshot. */
  async join(auth?: Record<string, unknown>): Promise<void> {
    this.ws.send(auth ? `40${JSON.stringify(auth)}` : '40');
    await this.until(() => this.texts.some((t) => t.startsWith('42["snapshot"')), 'a snapshot');
  }

  send(frame: string | Buffer): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
  }

  get closed(): boolean {
    return this.closeCode !== null;
  }

  /** The ack for packet id `id` ("43<id>[...]"), parsed. */
  async ack(id: number, ms = 3_000): Promise<unknown> {
    const prefix = `43${id}[`;
    await this.until(() => this.texts.some((t) => t.startsWith(prefix)), `ack ${id}`, ms);
    const text = this.texts.find((t) => t.startsWith(prefix))!;
    return (JSON.parse(text.slice(prefix.length - 1)) as unknown[])[0];
  }

  waitClosed(ms = 3_000): Promise<void> {
    return this.until(() => this.closed, 'the close', ms);
  }

  /** Resolves true if the server closed the WebSocket within `ms`, false if it stayed open. */
  async closesWithin(ms: number): Promise<boolean> {
    try {
      await this.waitClosed(ms);
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    this.ws.terminate();
  }

  until(done: () => boolean, what: string, ms = 3_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(`waited ${ms} ms for ${what}; got ${JSON.stringify(this.texts.slice(-3))}`),
        );
      }, ms);
      this.waiters.add(check);
      check();
    });
  }

  private changed(): void {
    for (const check of [...this.waiters]) check();
  }
}

/** True when `seqs` runs from `first` upward with no gap and no repeat. */
export function isGapless(seqs: readonly number[], first: number): boolean {
  return seqs.every((s, i) => s === first + i);
}

export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The web port of an app as a URL. */
export const pageUrl = (app: Application): string => `http://127.0.0.1:${app.addresses.webPort}`;
