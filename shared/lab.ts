// The only code that turns events into state. The server folds its event stream with it
// to build the snapshot a late page receives; the page folds live events with it. Being
// the same function on both sides, the two can never disagree.

import {
  Phase,
  Step,
  type ClientInfo,
  type CloseReason,
  type Closer,
  type EchoConfig,
  type LabEvent,
} from './protocol.ts';

export interface ClientView extends ClientInfo {
  phase: Phase;
  /** The program behind a raw client on this machine (nc, python3…), when known. */
  program: string | null;
  connectedAt: number;
  acceptedAt: number | null;
  closedAt: number | null;
  bytesIn: number;
  bytesOut: number;
  reads: number;
  echoes: number;
  /** The preview of the last read, made visible. */
  lastPreview: string;
  closedBy: Closer | null;
  reason: CloseReason | null;
}

export interface Totals {
  connections: number;
  /** Connections turned away by the --max-clients limit. */
  refused: number;
  reads: number;
  echoes: number;
  bytesIn: number;
  bytesOut: number;
}

export interface LabState {
  config: EchoConfig | null;
  startedAt: number;
  step: Step;
  /** The client the current step is about, if any. */
  stepClient: number | null;
  /** In step mode: the action the server waits to take, until the next event. */
  paused: boolean;
  /** Waiting for accept(), oldest first. */
  queue: readonly number[];
  /** Past the backlog, in the order they will join the queue. */
  retrying: readonly number[];
  /** One client in iterative mode; any number in concurrent mode. */
  served: readonly number[];
  clients: Readonly<Record<number, ClientView>>;
  /** Closed clients still shown, oldest first; older ones are forgotten. */
  closed: readonly number[];
  totals: Totals;
  seq: number;
}

/** Closed clients kept for the page; the rest are dropped so state stays bounded. */
export const CLOSED_KEPT = 50;

export function initialState(): LabState {
  return {
    config: null,
    startedAt: 0,
    step: Step.stopped,
    stepClient: null,
    paused: false,
    queue: [],
    retrying: [],
    served: [],
    clients: {},
    closed: [],
    totals: { connections: 0, refused: 0, reads: 0, echoes: 0, bytesIn: 0, bytesOut: 0 },
    seq: 0,
  };
}

const without = (ids: readonly number[], id: number): readonly number[] =>
  ids.includes(id) ? ids.filter((x) => x !== id) : ids;

function patchClient(state: LabState, id: number, patch: Partial<ClientView>): LabState {
  const client = state.clients[id];
  if (!client) return state;
  return { ...state, clients: { ...state.clients, [id]: { ...client, ...patch } } };
}

function closeClient(state: LabState, e: Extract<LabEvent, { type: 'client.closed' }>): LabState {
  const client = state.clients[e.id];
  if (!client || client.phase === Phase.closed) return state;
  const closed = [...state.closed, e.id];
  let clients: Record<number, ClientView> = {
    ...state.clients,
    [e.id]: { ...client, phase: Phase.closed, closedAt: e.t, closedBy: e.by, reason: e.reason },
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

function applyEvent(state: LabState, e: LabEvent): LabState {
  switch (e.type) {
    case 'server.started':
      return { ...initialState(), config: e.config, startedAt: e.startedAt, step: Step.accept };
    case 'server.stopped':
      return { ...state, step: Step.stopped, stepClient: null };
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
    case 'data.read':
    case 'client.word': {
      const client = state.clients[e.id];
      if (!client) return state;
      const word = e.type === 'client.word';
      const next = patchClient(state, e.id, {
        bytesIn: client.bytesIn + e.bytes,
        reads: client.reads + 1,
        lastPreview: e.preview,
      });
      return {
        ...next,
        step: word ? Step.close : Step.send,
        stepClient: e.id,
        totals: {
          ...state.totals,
          reads: state.totals.reads + 1,
          bytesIn: state.totals.bytesIn + e.bytes,
        },
      };
    }
    case 'data.echoed': {
      const client = state.clients[e.id];
      if (!client) return state;
      const next = patchClient(state, e.id, {
        bytesOut: client.bytesOut + e.bytes,
        echoes: client.echoes + 1,
      });
      return {
        ...next,
        step: Step.recv,
        stepClient: e.id,
        totals: {
          ...state.totals,
          echoes: state.totals.echoes + 1,
          bytesOut: state.totals.bytesOut + e.bytes,
        },
      };
    }
    case 'data.burst': {
      const client = state.clients[e.id];
      if (!client) return state;
      const next = patchClient(state, e.id, {
        bytesIn: client.bytesIn + e.bytesIn,
        bytesOut: client.bytesOut + e.bytesOut,
        reads: client.reads + e.reads,
        echoes: client.echoes + e.echoes,
        lastPreview: e.preview,
      });
      const { totals } = state;
      return {
        ...next,
        step: Step.recv,
        stepClient: e.id,
        totals: {
          ...totals,
          reads: totals.reads + e.reads,
          echoes: totals.echoes + e.echoes,
          bytesIn: totals.bytesIn + e.bytesIn,
          bytesOut: totals.bytesOut + e.bytesOut,
        },
      };
    }
    case 'client.closed':
      return closeClient(state, e);
    case 'server.paused':
      return { ...state, step: e.step, stepClient: e.id };
    case 'client.named':
      return patchClient(state, e.id, { label: e.label, program: e.program });
    case 'diagram.cleared':
      return state;
    case 'client.refused':
      return { ...state, totals: { ...state.totals, refused: state.totals.refused + 1 } };
  }
}

/** Folds one event into the state. Events at or before `state.seq` are ignored. */
export function reduce(state: LabState, event: LabEvent): LabState {
  if (event.seq <= state.seq && event.type !== 'server.started') return state;
  const next = applyEvent(state, event);
  // Any event after a pause means the server acted (or the teacher let it go).
  const paused = event.type === 'server.paused';
  return { ...next, seq: event.seq, paused };
}

export function reduceAll(state: LabState, events: Iterable<LabEvent>): LabState {
  let next = state;
  for (const event of events) next = reduce(next, event);
  return next;
}
