// The only code that turns events into state. The server folds its event stream with it
// to build the snapshot a late page receives; the page folds live events with it. Being
// the same function on both sides, the two can never disagree.

import {
  CLOSED_KEPT,
  initialState,
  type ClientView,
  type LabState,
  type Unread,
} from './lab-state.ts';
import { foldChild } from './lab-child.ts';
import { moderate } from './moderation.ts';
import { countTraffic, isTraffic, type TrafficEvent } from './traffic-policy.ts';
import { Phase, Step, type LabEvent } from './protocol.ts';

export * from './lab-state.ts';
export type { ChildLine, ChildState } from './lab-child.ts';
export type { Moderation, Previewed } from './moderation.ts';
export { HIDDEN_WINDOW, hasPreview, isPreviewedType, NO_MODERATION } from './moderation.ts';

const without = (ids: readonly number[], id: number): readonly number[] =>
  ids.includes(id) ? ids.filter((x) => x !== id) : ids;

function patchClient(state: LabState, id: number, patch: Partial<ClientView>): LabState {
  const client = state.clients[id];
  if (!client) return state;
  return { ...state, clients: { ...state.clients, [id]: { ...client, ...patch } } };
}

/**
 * Adds a run of reads, echoes and bursts to their clients and to the totals. Under load
 * nearly every event is one of these, so the client table is copied once per run rather
 * than once per event; the result is the same as adding them one by one.
 */
function addTraffic(state: LabState, run: readonly TrafficEvent[]): LabState {
  const clients: Record<number, ClientView> = { ...state.clients };
  const totals = { ...state.totals };
  const copied = new Set<number>();
  let { step, stepClient, stepSince } = state;
  for (const e of run) {
    const old = clients[e.id];
    if (!old) continue;
    const client = copied.has(e.id) ? old : { ...old };
    copied.add(e.id);
    clients[e.id] = client;
    countTraffic(client, e);
    countTraffic(totals, e);
    if (e.type !== 'data.echoed') {
      client.lastPreview = e.preview;
      if (client.unread) client.unread = stillUnread(client.unread, e);
    }
    step = e.type === 'client.word' ? Step.close : e.type === 'data.read' ? Step.send : Step.recv;
    stepClient = e.id;
    stepSince = e.t;
  }
  return copied.size === 0 ? state : { ...state, clients, totals, step, stepClient, stepSince };
}

/** The reads after a data.waiting report take its bytes, oldest first, until none is left. */
function stillUnread(
  unread: Unread,
  e: Exclude<TrafficEvent, { type: 'data.echoed' }>,
): Unread | null {
  const left = unread.bytes - (e.type === 'data.burst' ? e.bytesIn : e.bytes);
  return left > 0 ? { ...unread, bytes: left } : null;
}

function closeClient(state: LabState, e: Extract<LabEvent, { type: 'client.closed' }>): LabState {
  const client = state.clients[e.id];
  if (!client || client.phase === Phase.closed) return state;
  const closed = [...state.closed, e.id];
  let clients: Record<number, ClientView> = {
    ...state.clients,
    [e.id]: {
      ...client,
      phase: Phase.closed,
      closedAt: e.t,
      closedBy: e.by,
      reason: e.reason,
      sendBlocked: null,
      unread: null,
    },
  };
  while (closed.length > CLOSED_KEPT) {
    const { [closed.shift() as number]: _forgotten, ...kept } = clients;
    clients = kept;
  }
  const wasServed = client.phase === Phase.served;
  return {
    ...state,
    clients,
    closed,
    queue: without(state.queue, e.id),
    retrying: without(state.retrying, e.id),
    served: without(state.served, e.id),
    step: wasServed && state.stepClient === e.id ? Step.accept : state.step,
    stepClient: wasServed && state.stepClient === e.id ? null : state.stepClient,
  };
}

type SendEvent = Extract<LabEvent, { type: 'send.blocked' | 'send.unsent' | 'send.resumed' }>;

/** A blocked sendall() puts the server on that line for that client until it goes on. */
function foldSendBlock(state: LabState, e: SendEvent): LabState {
  const client = state.clients[e.id];
  if (!client || client.phase !== Phase.served) return state;
  if (e.type === 'send.resumed') return patchClient(state, e.id, { sendBlocked: null });
  const old = client.sendBlocked;
  if (e.type === 'send.unsent') {
    return old ? patchClient(state, e.id, { sendBlocked: { ...old, unsent: e.unsent } }) : state;
  }
  const since = old?.since ?? Math.max(0, e.t - e.blockedMs);
  return {
    ...patchClient(state, e.id, { sendBlocked: { since, unsent: e.unsent, kernel: e.kernel } }),
    step: Step.send,
    stepClient: e.id,
  };
}

function applyEvent(state: LabState, e: LabEvent): LabState {
  switch (e.type) {
    case 'server.started': {
      const fresh = { ...initialState(), config: e.config, startedAt: e.startedAt };
      // A traced program listening again after a restart is still that program.
      return { ...fresh, step: Step.accept, child: state.child };
    }
    case 'server.stopped':
      return { ...state, step: Step.stopped, stepClient: null, held: [], delayed: [] };
    case 'config.changed':
      return { ...state, config: e.config };
    case 'client.connected': {
      const view: ClientView = {
        ...e.client,
        phase: e.phase,
        program: null,
        connectedAt: e.t,
        acceptedAt: null,
        closedAt: null,
        bytesIn: 0,
        bytesOut: 0,
        reads: 0,
        echoes: 0,
        lastPreview: '',
        closedBy: null,
        reason: null,
        sendBlocked: null,
        unread: null,
      };
      const { id } = e.client;
      return {
        ...state,
        clients: { ...state.clients, [id]: view },
        queue: e.phase === Phase.waiting ? [...state.queue, id] : state.queue,
        retrying: e.phase === Phase.retrying ? [...state.retrying, id] : state.retrying,
        totals: { ...state.totals, connections: state.totals.connections + 1 },
      };
    }
    case 'client.queued':
      return {
        ...patchClient(state, e.id, { phase: Phase.waiting }),
        retrying: without(state.retrying, e.id),
        queue: [...state.queue, e.id],
      };
    case 'client.accepted':
      return {
        ...patchClient(state, e.id, { phase: Phase.served, acceptedAt: e.t }),
        queue: without(state.queue, e.id),
        served: [...state.served, e.id],
        step: Step.recv,
        stepClient: e.id,
      };
    case 'data.waiting': {
      const { seq, bytes, preview, truncated } = e;
      return patchClient(state, e.id, { unread: { seq, bytes, preview, truncated } });
    }
    case 'data.read':
    case 'client.word':
    case 'data.echoed':
    case 'data.burst':
      return addTraffic(state, [e]);
    case 'client.closed':
      return closeClient(state, e);
    case 'send.blocked':
    case 'send.unsent':
    case 'send.resumed':
      return foldSendBlock(state, e);
    case 'server.paused':
      return { ...state, held: [...state.held, { step: e.step, id: e.id }] };
    case 'server.delayed': {
      const delayed = { step: e.step, id: e.id, since: e.t, ms: e.ms };
      return { ...state, delayed: [...state.delayed.filter((d) => d.id !== e.id), delayed] };
    }
    case 'server.resumed': {
      const at = state.held.findIndex((h) => h.step === e.step && h.id === e.id);
      return at < 0 ? state : { ...state, held: state.held.filter((_, i) => i !== at) };
    }
    case 'client.named':
      return patchClient(
        state,
        e.id,
        e.chosen ? { label: e.label } : { label: e.label, program: e.program },
      );
    case 'client.identified':
      return patchClient(state, e.id, { kind: e.kind, label: e.label, address: e.address });
    case 'diagram.cleared':
      return state;
    case 'client.refused':
      return {
        ...state,
        totals: { ...state.totals, refused: state.totals.refused + (e.count ?? 1) },
      };
    case 'message.hidden':
    case 'name.hidden':
    case 'address.blocked':
      return { ...state, moderation: moderate(state.moderation, e) };
    case 'child.call':
      return state;
    case 'child.started':
    case 'child.output':
    case 'child.exited':
    case 'child.at':
    case 'queue.overflowed':
      return { ...state, child: foldChild(state.child, e) };
  }
}

/** Folds one event into the state. Events at or before `state.seq` are ignored. */
export function reduce(state: LabState, event: LabEvent): LabState {
  if (event.seq <= state.seq && event.type !== 'server.started') return state;
  const next = withHeld(endDelay({ ...applyEvent(state, event), seq: event.seq }, event));
  const moved = next.step !== state.step || next.stepClient !== state.stepClient;
  return moved ? { ...next, stepSince: event.t } : next;
}

/**
 * While the server holds an action, that action is the step to show, whatever else
 * happens meanwhile (clients connecting, other sessions' traffic): it is what the server
 * will do next. Only the server's own word (`server.resumed`) ends a hold.
 */
function withHeld(state: LabState): LabState {
  const first = state.held[0];
  if (!first) return state.paused ? { ...state, paused: false } : state;
  return { ...state, paused: true, step: first.step, stepClient: first.id };
}

/** The events that end a slow-motion wait: the action taken, a hold, or the client gone. */
const ENDS_DELAY = new Set<LabEvent['type']>([
  'client.accepted',
  'data.read',
  'client.word',
  'data.echoed',
  'data.burst',
  'client.closed',
  'server.paused',
]);

function endDelay(state: LabState, e: LabEvent): LabState {
  if (state.delayed.length === 0 || !ENDS_DELAY.has(e.type) || !('id' in e)) return state;
  const delayed = state.delayed.filter((d) => d.id !== e.id);
  return delayed.length === state.delayed.length ? state : { ...state, delayed };
}

/** Folds events in order, as `reduce` one by one would, but runs of traffic at once. */
export function reduceAll(state: LabState, events: Iterable<LabEvent>): LabState {
  let next = state;
  let run: TrafficEvent[] = [];
  const settle = (): void => {
    const last = run[run.length - 1];
    if (!last) return;
    next = withHeld({ ...addTraffic(next, run), seq: last.seq });
    for (const e of run) next = endDelay(next, e);
    run = [];
  };
  for (const event of events) {
    if (!isTraffic(event)) {
      settle();
      next = reduce(next, event);
    } else if (event.seq > (run[run.length - 1]?.seq ?? next.seq)) {
      run.push(event);
    }
  }
  settle();
  return next;
}
