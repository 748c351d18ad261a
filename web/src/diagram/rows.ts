// What the diagram draws, one row at a time: each event becomes an arrow or a note. The
// folding of bursts into summary rows, the server's summaries among them, lives in
// build-rows.ts.

import type {
  ClientKind,
  CloseReason,
  Closer,
  EchoConfig,
  LabEvent,
  Step,
} from '../../../shared/protocol.ts';
import { isHidden } from '../moderation/moderate.ts';

interface RowBase {
  /** Stable across renders while the events it stands for stay in the store. */
  key: string;
  /** The first event the row stands for. */
  seq: number;
  /** The last event the row stands for (differs from `seq` for bursts only). */
  lastSeq: number;
  t: number;
}

interface ClientRow extends RowBase {
  client: number;
}

export type Row =
  | (ClientRow & { kind: 'connect'; retrying: boolean; label: string; clientKind: ClientKind })
  | (ClientRow & { kind: 'queued' })
  | (ClientRow & { kind: 'accept' })
  | (ClientRow & {
      kind: 'read' | 'word';
      bytes: number;
      preview: string;
      truncated: boolean;
      /** The teacher hid its preview: the count stays, the words do not. */
      hidden: boolean;
    })
  | (ClientRow & { kind: 'echo'; bytes: number })
  | (ClientRow & { kind: 'close'; by: Closer; reason: CloseReason; detail: string | null })
  | (ClientRow & {
      kind: 'burst';
      reads: number;
      echoes: number;
      bytesIn: number;
      bytesOut: number;
      /** The largest read drawn as an arrow, so the recv(1024) limit stays visible. */
      maxRead: number;
      endT: number;
      /** Summaries of the server's (`data.burst`) the row adds up. */
      summaries: number;
      /** Reads and echoes the server sent one by one, folded here by the page. */
      arrows: number;
      /**
       * It begins with an arrow, so `t` is when its traffic began; a summary of the
       * server's says how much it counted, not since when.
       */
      spanKnown: boolean;
    })
  | (RowBase & {
      kind: 'started' | 'config';
      config: EchoConfig;
      /** A change's settings before it, when the events tell (build-rows.ts fills it). */
      previous?: EchoConfig | null;
    })
  | (RowBase & { kind: 'stopped' })
  /** A traced program (--run): it started listening, or it ended. */
  | (RowBase & { kind: 'program'; program: string; config: EchoConfig })
  | (RowBase & { kind: 'exited'; code: number | null; signal: string | null })
  /** A traced program's call with no arrow, `count` in a row (a loop on a closed client). */
  | (RowBase & { kind: 'call'; call: string; result: string; count: number })
  | (RowBase & {
      kind: 'refused';
      address: string;
      port: number;
      limit: number;
      /** Refused because the teacher blocked its address, not for the limit. */
      blocked: boolean;
      /** Refusals the row stands for: a blocked address retrying is summed up. */
      count: number;
    })
  /** Several clients in a row whose SYN was ignored (queue full): one note for all. */
  | (RowBase & { kind: 'retries'; clients: number[] })
  /** Step mode: what the server will do once the teacher lets it; only ever the last row. */
  | (RowBase & { kind: 'paused'; step: Step; target: number | null })
  /** sendall() to `target` blocked: it is not reading. Updates of its count draw nothing. */
  | (RowBase & { kind: 'blocked'; target: number; unsent: number; kernel: boolean })
  | (RowBase & { kind: 'resumed'; target: number });

export type RowKind = Row['kind'];
export type BurstRow = Extract<Row, { kind: 'burst' }>;
/** Rows about the server as a whole, drawn as a note across every lane. */
export type NoteRow = Exclude<Row, { client: number }>;

export const isNote = (row: Row): row is NoteRow => !('client' in row);

/** The row of one event, or null for events that draw nothing. */
export function singleRow(e: LabEvent, held: boolean): Row | null {
  const base = { key: `e${e.seq}`, seq: e.seq, lastSeq: e.seq, t: e.t };
  switch (e.type) {
    case 'server.paused':
      // Once the server acts, the arrow of what it did says it all.
      return held ? { ...base, kind: 'paused', step: e.step, target: e.id } : null;
    case 'server.resumed':
    case 'client.named':
    case 'diagram.cleared':
    case 'message.hidden':
    case 'name.hidden':
    case 'address.blocked':
      // The teacher's moderation changes how other rows read, and is told in the log.
      return null;
    case 'server.started':
      return e.program === undefined
        ? { ...base, kind: 'started', config: e.config }
        : { ...base, kind: 'program', program: e.program, config: e.config };
    case 'child.exited':
      return { ...base, kind: 'exited', code: e.code, signal: e.signal };
    case 'child.call':
      // Only what a class should see in the picture: the loop on a closed client.
      return e.result === '0' && e.id !== null
        ? { ...base, kind: 'call', call: e.call, result: e.result, count: e.count }
        : null;
    case 'config.changed':
      return { ...base, kind: 'config', config: e.config };
    case 'server.stopped':
      return { ...base, kind: 'stopped' };
    case 'client.connected':
      return {
        ...base,
        kind: 'connect',
        client: e.client.id,
        retrying: e.phase === 'retrying',
        label: e.client.label,
        clientKind: e.client.kind,
      };
    case 'client.queued':
      return { ...base, kind: 'queued', client: e.id };
    case 'client.accepted':
      return { ...base, kind: 'accept', client: e.id };
    case 'data.read':
    case 'client.word': {
      const kind = e.type === 'data.read' ? 'read' : 'word';
      const { bytes, preview, truncated } = e;
      return { ...base, kind, client: e.id, bytes, preview, truncated, hidden: isHidden(e) };
    }
    case 'data.echoed':
      return { ...base, kind: 'echo', client: e.id, bytes: e.bytes };
    case 'send.blocked':
      return { ...base, kind: 'blocked', target: e.id, unsent: e.unsent, kernel: e.kernel };
    case 'send.resumed':
      return { ...base, kind: 'resumed', target: e.id };
    case 'send.unsent':
      return null;
    case 'data.burst':
      // Always part of a summary row (build-rows.ts), never a row of its own.
      return null;
    case 'client.refused':
      return {
        ...base,
        kind: 'refused',
        address: e.address,
        port: e.port,
        limit: e.limit,
        blocked: e.cause === 'blocked',
        count: e.count ?? 1,
      };
    case 'client.closed':
      return {
        ...base,
        kind: 'close',
        client: e.id,
        by: e.by,
        reason: e.reason,
        detail: e.detail ?? null,
      };
    default:
      // An event this page does not know yet (a newer server): draw nothing rather than fail.
      return null;
  }
}
