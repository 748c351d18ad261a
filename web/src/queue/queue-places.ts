// Where each client is drawn in the accept-queue panel, from the lab state alone. Pure, so
// the page stays readable with 100+ clients: every area draws at most SHOWN clients and
// counts the rest, and a large backlog draws its occupied places plus a count of free ones.

import type { ClientView, LabState } from '../../../shared/lab.ts';

/** Clients drawn per area; the rest are counted ("+ 37 more"). */
const SHOWN = 40;
/** Up to this backlog every place is drawn, empty ones included. */
const SLOTS_DRAWN = 16;

export interface QueuePlaces {
  served: readonly ClientView[];
  servedMore: number;
  /** The backlog's places in FIFO order; null is a free place. */
  slots: readonly (ClientView | null)[];
  /** Free places not drawn (large backlogs). */
  freeMore: number;
  /** Waiting clients not drawn. */
  waitingMore: number;
  backlog: number;
  waiting: number;
  retrying: readonly ClientView[];
  retryingMore: number;
}

const views = (lab: LabState, ids: readonly number[]): ClientView[] =>
  ids.flatMap((id) => {
    const client = lab.clients[id];
    return client ? [client] : [];
  });

export function queuePlaces(lab: LabState): QueuePlaces {
  const backlog = lab.config?.backlog ?? 0;
  const waiting = views(lab, lab.queue);
  const served = views(lab, lab.served);
  const retrying = views(lab, lab.retrying);
  const drawnWaiting = waiting.slice(0, SHOWN);
  const free = Math.max(0, backlog - waiting.length);
  const drawnFree = backlog <= SLOTS_DRAWN ? free : Math.min(free, 2);
  return {
    served: served.slice(0, SHOWN),
    servedMore: Math.max(0, served.length - SHOWN),
    slots: [...drawnWaiting, ...Array<null>(drawnFree).fill(null)],
    freeMore: free - drawnFree,
    waitingMore: waiting.length - drawnWaiting.length,
    backlog,
    waiting: waiting.length,
    retrying: retrying.slice(0, SHOWN),
    retryingMore: Math.max(0, retrying.length - SHOWN),
  };
}
