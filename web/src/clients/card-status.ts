// Where a web client stands, told from two sources: its own WebSocket (connecting, open,
// closed) and the lab state, which knows what the server did with it (queued at place N,
// retrying, served, closed and why). The lab state wins when it knows.

import type { LabState } from '../../../shared/lab.ts';
import type { CloseReason, Closer } from '../../../shared/protocol.ts';
import { CardCloser, CardPhase, type WebClientCard } from './web-clients.ts';

export type CardStatus =
  | { kind: 'connecting' }
  /** Open, but the page has not yet seen the server's event for it. */
  | { kind: 'connected' }
  | { kind: 'retrying'; ahead: number }
  | { kind: 'waiting'; place: number; backlog: number }
  | { kind: 'served' }
  | {
      kind: 'closed';
      by: Closer | 'lost';
      reason: CloseReason | null;
      detail?: string;
      /** The bridge closed it because this page stopped reading its echoes. */
      stalled?: boolean;
    };

export function cardStatus(card: WebClientCard, lab: LabState): CardStatus {
  const client = card.id === null ? undefined : lab.clients[card.id];
  if (client?.phase === 'closed') {
    return { kind: 'closed', by: client.closedBy ?? 'server', reason: client.reason };
  }
  if (card.phase === CardPhase.closed) {
    const by =
      card.closedBy === CardCloser.you
        ? 'client'
        : card.closedBy === CardCloser.server
          ? 'server'
          : 'lost';
    if (card.stalled) return { kind: 'closed', by, reason: null, stalled: true };
    return card.closeReason
      ? { kind: 'closed', by, reason: null, detail: card.closeReason }
      : { kind: 'closed', by, reason: null };
  }
  if (card.phase === CardPhase.connecting || card.id === null) return { kind: 'connecting' };
  switch (client?.phase) {
    case 'retrying':
      return { kind: 'retrying', ahead: lab.retrying.indexOf(card.id) };
    case 'waiting':
      return {
        kind: 'waiting',
        place: lab.queue.indexOf(card.id) + 1,
        backlog: lab.config?.backlog ?? lab.queue.length,
      };
    case 'served':
      return { kind: 'served' };
    default:
      return { kind: 'connected' };
  }
}
