// The page's own TCP clients, one per card. Each card holds a WebSocket to the byte bridge
// (TCP_BRIDGE_PATH), which is a real TCP connection to the echo server: a binary frame is
// bytes on the wire, closing the socket is a FIN. Framework-free so it can be tested and
// reused (issue 4's bots and timeline); use-web-clients.ts binds it to React.

import { BridgeClose, TCP_BRIDGE_PATH, type BridgeHello } from '../../../shared/protocol.ts';
import { charCount } from '../i18n/format.ts';
import { addReceived, addSent, emptyExchanges, type Exchanges } from './exchanges.ts';
import { createStore } from '../store/store.ts';
import { pageKey } from './page-key.ts';

/** More cards than this would only hide the queue; the CLI or bots are for crowds. */
export const MAX_CARDS = 40;

export const CardPhase = { connecting: 'connecting', open: 'open', closed: 'closed' } as const;
export type CardPhase = (typeof CardPhase)[keyof typeof CardPhase];

/** Who ended the WebSocket, as the card saw it (the lab state says why, when it knows). */
export const CardCloser = { you: 'you', server: 'server', lost: 'lost' } as const;
export type CardCloser = (typeof CardCloser)[keyof typeof CardCloser];

export interface WebClientCard {
  /** Local key, stable from the click on "Connect" (the lab id comes later, with hello). */
  key: number;
  name: string;
  /** The client's id in lab events, from the bridge's hello. */
  id: number | null;
  label: string | null;
  maxMessage: number | null;
  phase: CardPhase;
  /** The disconnect word went out: like the homework's client, it sends nothing more. */
  ending: boolean;
  closedBy: CardCloser | null;
  /** Why the bridge closed it, when it says (e.g. a limit was hit). */
  closeReason: string | null;
  /** The bridge gave up on it: this page left its echoes unread too long. */
  stalled: boolean;
  sentBytes: number;
  receivedBytes: number;
  exchanges: Exchanges;
}

export const SendResult = {
  sent: 'sent',
  empty: 'empty',
  tooLong: 'too-long',
  notOpen: 'not-open',
} as const;
export type SendResult = (typeof SendResult)[keyof typeof SendResult];

export interface WebClientsStore {
  getState(): readonly WebClientCard[];
  subscribe(listener: () => void): () => void;
  /** Opens a new client; null when MAX_CARDS are open. */
  connect(name?: string): number | null;
  /** Sends the text's UTF-8 bytes unless it is empty or over `maxMessage` characters. */
  send(key: number, text: string, maxMessage: number): SendResult;
  /** Sends the disconnect word, as the homework's client does; the server then closes. */
  disconnect(key: number, word: string): SendResult;
  /** Removes a card; an open one is closed first (a FIN, no word). */
  remove(key: number): void;
  removeClosed(): void;
  dispose(): void;
}

/** The page's key names it to the bridge, which bounds the web clients one page may open. */
function bridgeUrl(
  name: string,
  base: string = location.href,
  page: string | null = pageKey(),
): string {
  const url = new URL(TCP_BRIDGE_PATH, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (name) url.searchParams.set('name', name);
  if (page) url.searchParams.set('page', page);
  return url.href;
}

const isHello = (value: unknown): value is BridgeHello =>
  typeof value === 'object' && value !== null && (value as BridgeHello).type === 'hello';

export function createWebClients(
  url: (name: string) => string = (name) => bridgeUrl(name),
): WebClientsStore {
  const store = createStore<readonly WebClientCard[]>([]);
  let nextKey = 1;
  const sockets = new Map<number, WebSocket>();
  const encoder = new TextEncoder();

  const update = (key: number, change: (card: WebClientCard) => WebClientCard): void => {
    const cards = store.getState();
    const index = cards.findIndex((c) => c.key === key);
    const card = cards[index];
    if (!card) return;
    const next = [...cards];
    next[index] = change(card);
    store.setState(next);
  };

  const closedByUs = new Set<number>();

  function open(key: number, name: string): WebSocket {
    const ws = new WebSocket(url(name));
    ws.binaryType = 'arraybuffer';
    ws.addEventListener('open', () => update(key, (c) => ({ ...c, phase: CardPhase.open })));
    ws.addEventListener('message', (event: MessageEvent<ArrayBuffer | string>) => {
      if (typeof event.data === 'string') {
        let hello: unknown;
        try {
          hello = JSON.parse(event.data);
        } catch {
          return;
        }
        if (!isHello(hello)) return;
        const { id, label, maxMessage } = hello;
        update(key, (c) => ({ ...c, id, label, maxMessage }));
        return;
      }
      const bytes = new Uint8Array(event.data);
      update(key, (c) => ({
        ...c,
        receivedBytes: c.receivedBytes + bytes.length,
        exchanges: addReceived(c.exchanges, bytes),
      }));
    });
    ws.addEventListener('close', (event) => {
      sockets.delete(key);
      const by = closedByUs.delete(key)
        ? CardCloser.you
        : event.code === 1000
          ? CardCloser.server
          : CardCloser.lost;
      const closeReason = by === CardCloser.lost && event.reason ? event.reason : null;
      const stalled = event.code === BridgeClose.stalled;
      update(key, (c) => ({ ...c, phase: CardPhase.closed, closedBy: by, closeReason, stalled }));
    });
    return ws;
  }

  function write(key: number, bytes: Uint8Array, word: boolean): SendResult {
    const ws = sockets.get(key);
    const card = store.getState().find((c) => c.key === key);
    if (!ws || !card || ws.readyState !== WebSocket.OPEN || card.ending) return SendResult.notOpen;
    ws.send(bytes);
    update(key, (c) => ({
      ...c,
      ending: c.ending || word,
      sentBytes: c.sentBytes + bytes.length,
      exchanges: addSent(c.exchanges, bytes, word),
    }));
    return SendResult.sent;
  }

  return {
    getState: store.getState,
    subscribe: store.subscribe,
    connect(name = '') {
      const cards = store.getState();
      if (cards.filter((c) => c.phase !== CardPhase.closed).length >= MAX_CARDS) return null;
      const key = nextKey++;
      const trimmed = name.trim().slice(0, 40);
      const next: WebClientCard[] = [
        ...cards,
        {
          key,
          name: trimmed,
          id: null,
          label: null,
          maxMessage: null,
          phase: CardPhase.connecting,
          ending: false,
          closedBy: null,
          closeReason: null,
          stalled: false,
          sentBytes: 0,
          receivedBytes: 0,
          exchanges: emptyExchanges(),
        },
      ];
      sockets.set(key, open(key, trimmed));
      store.setState(next);
      return key;
    },
    send(key, text, maxMessage) {
      if (text === '') return SendResult.empty;
      if (charCount(text) > maxMessage) return SendResult.tooLong;
      return write(key, encoder.encode(text), false);
    },
    disconnect(key, word) {
      return write(key, encoder.encode(word), true);
    },
    remove(key) {
      const ws = sockets.get(key);
      if (ws) {
        closedByUs.add(key);
        ws.close(1000);
      }
      store.setState(store.getState().filter((c) => c.key !== key));
    },
    removeClosed() {
      store.setState(store.getState().filter((c) => c.phase !== CardPhase.closed));
    },
    dispose() {
      for (const [key, ws] of sockets) {
        closedByUs.add(key);
        ws.close(1000);
      }
      sockets.clear();
    },
  };
}
