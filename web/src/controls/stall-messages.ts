// What the real server is stuck on, when a client stalls it: blocked in sendall() on a
// client that does not read, or in recv() on one that sends nothing. Pure: the notice
// under the step bar and the log's explanations use it, and tests check the words.

import type { LabState } from '../../../shared/lab.ts';
import { fill, formatBytes } from '../i18n/format.ts';
import type { Lang, Messages } from '../i18n/lang.ts';

type Key =
  'send' | 'sendNoKernel' | 'recv' | 'waiting' | 'disconnect' | 'disconnectLabel' | 'label';

export const stallMessages: Messages<Key> = {
  en: {
    send: 'sendall(): «{client}» is not reading — {bytes} unsent, for {since}',
    sendNoKernel:
      "sendall(): «{client}» is not reading — {bytes} unsent (not counting the kernel's own buffer), for {since}",
    recv: 'recv(): waiting for «{client}» for {since}',
    waiting: '{n:waits|wait} in the queue',
    disconnect: 'Disconnect',
    disconnectLabel: 'Disconnect {client}',
    label: 'The server is stuck',
  },
  es: {
    send: 'sendall(): «{client}» no lee — {bytes} sin enviar, desde hace {since}',
    sendNoKernel:
      'sendall(): «{client}» no lee — {bytes} sin enviar (sin contar el búfer del kernel), desde hace {since}',
    recv: 'recv(): esperando a «{client}» desde hace {since}',
    waiting: '{n:espera|esperan} en la cola',
    disconnect: 'Desconectar',
    disconnectLabel: 'Desconectar a {client}',
    label: 'El servidor está atascado',
  },
};

/** A wait in whole seconds: "12 s", "1 min 12 s", "2 h 5 min". */
export function waitedFor(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ${s % 60} s`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** A recv() wait shorter than this is a client between two lines it types, not a stall. */
const RECV_STALL_MS = 5_000;

export interface Stall {
  kind: 'send' | 'recv';
  client: number;
  label: string;
  /** When it began, in ms since the server started. */
  since: number;
  /** sendall() only: bytes the server holds unsent, and whether the kernel's are counted. */
  unsent: number;
  kernel: boolean;
}

type Lab = Pick<
  LabState,
  'step' | 'stepClient' | 'stepSince' | 'paused' | 'served' | 'clients' | 'config'
>;

/**
 * What the server is stuck on at `now` (ms since it started): every served client it is
 * blocked in sendall() to, or, in iterative mode, the client it has waited in recv() for
 * RECV_STALL_MS or more. Concurrent mode waits for nobody in recv(): others are served.
 */
export function stallsOf(lab: Lab, now: number): Stall[] {
  const stalls: Stall[] = [];
  for (const id of lab.served) {
    const client = lab.clients[id];
    const blocked = client?.sendBlocked;
    if (!client || !blocked) continue;
    const { since, unsent, kernel } = blocked;
    stalls.push({ kind: 'send', client: id, label: client.label, since, unsent, kernel });
  }
  const id = lab.stepClient;
  const client = id === null ? undefined : lab.clients[id];
  const since = lab.stepSince as number | undefined;
  if (
    stalls.length === 0 &&
    lab.config?.mode === 'iterative' &&
    lab.step === 'recv' &&
    !lab.paused &&
    id !== null &&
    client?.phase === 'served' &&
    since !== undefined &&
    now - since >= RECV_STALL_MS
  ) {
    stalls.push({ kind: 'recv', client: id, label: client.label, since, unsent: 0, kernel: true });
  }
  return stalls;
}

/** One stall in words, its wait counted up to `now`. */
export function stallText(stall: Stall, now: number, lang: Lang): string {
  const m = stallMessages[lang];
  const since = waitedFor(now - stall.since);
  if (stall.kind === 'recv') return fill(m.recv, { client: stall.label, since });
  const template = stall.kernel ? m.send : m.sendNoKernel;
  return fill(template, { client: stall.label, bytes: formatBytes(stall.unsent, lang), since });
}
