// What one web client sent and what came back, paired up. TCP is a byte stream, so echoes
// do not arrive "per message": a message may come back in several pieces (one per recv)
// or not at all while the client waits in the queue. Because the echo is exact, the n-th
// byte received belongs to the message that holds the n-th byte sent; that is how bytes
// are matched to messages here. Pure functions, no sockets, no React.

import { visibleText } from '../../../shared/bytes.ts';

/** Exchanges kept per card; older ones are dropped (their missing echo is still accounted). */
const EXCHANGES_KEPT = 20;

export interface Exchange {
  /** 1, 2, 3… per card, so React keys and people can tell them apart. */
  n: number;
  /** What was sent, made visible (control characters escaped). */
  sent: string;
  sentBytes: number;
  /** The disconnect word: the server answers it by closing, not with an echo. */
  word: boolean;
  /** What came back so far, made visible. */
  echo: string;
  echoBytes: number;
  /** Raw echo bytes, kept to redraw `echo` as more arrive (bounded by sentBytes). */
  echoRaw: Uint8Array;
}

export interface Exchanges {
  list: readonly Exchange[];
  next: number;
  /** Echo bytes still owed to exchanges that were dropped; they are skipped on arrival. */
  skip: number;
  /** Bytes that arrived with no message to match (should not happen with an echo server). */
  stray: number;
}

export const emptyExchanges = (): Exchanges => ({ list: [], next: 1, skip: 0, stray: 0 });

const expected = (e: Exchange): number => (e.word ? 0 : e.sentBytes);

export const isComplete = (e: Exchange): boolean => e.echoBytes >= expected(e);

function bound(state: Exchanges): Exchanges {
  if (state.list.length <= EXCHANGES_KEPT) return state;
  const dropped = state.list.slice(0, state.list.length - EXCHANGES_KEPT);
  const owed = dropped.reduce((sum, e) => sum + Math.max(0, expected(e) - e.echoBytes), 0);
  return { ...state, list: state.list.slice(-EXCHANGES_KEPT), skip: state.skip + owed };
}

export function addSent(state: Exchanges, bytes: Uint8Array, word: boolean): Exchanges {
  const exchange: Exchange = {
    n: state.next,
    sent: visibleText(bytes),
    sentBytes: bytes.length,
    word,
    echo: '',
    echoBytes: 0,
    echoRaw: new Uint8Array(0),
  };
  return bound({ ...state, list: [...state.list, exchange], next: state.next + 1 });
}

function append(e: Exchange, piece: Uint8Array): Exchange {
  const raw = new Uint8Array(e.echoRaw.length + piece.length);
  raw.set(e.echoRaw);
  raw.set(piece, e.echoRaw.length);
  return { ...e, echoRaw: raw, echoBytes: raw.length, echo: visibleText(raw) };
}

/** Hands received bytes to the oldest messages still owed an echo. */
export function addReceived(state: Exchanges, bytes: Uint8Array): Exchanges {
  let rest = bytes;
  let { skip, stray } = state;
  const skipped = Math.min(skip, rest.length);
  skip -= skipped;
  rest = rest.subarray(skipped);
  const list = [...state.list];
  for (let i = 0; i < list.length && rest.length > 0; i++) {
    const e = list[i];
    if (!e || isComplete(e)) continue;
    const take = Math.min(expected(e) - e.echoBytes, rest.length);
    list[i] = append(e, rest.subarray(0, take));
    rest = rest.subarray(take);
  }
  stray += rest.length;
  return { ...state, list, skip, stray };
}
