import { initialState, reduceAll, type LabState } from '../../shared/lab.ts';
import { DEFAULTS, type LabEvent, type LabEventBody } from '../../shared/protocol.ts';
import type { Viewport } from '../../web/src/diagram/layout.ts';
import { messages } from '../../web/src/diagram/messages.ts';
import { textKit } from '../../web/src/diagram/text.ts';

// Event fixtures for the sequence diagram's tests: bodies, a whole session, text kits, a view.

/** Stamps bodies with gapless seqs; `dt` ms apart unless a body says otherwise. */
export function stamp(bodies: (LabEventBody & { t?: number })[], dt = 500): LabEvent[] {
  let t = 0;
  return bodies.map((b, i) => {
    t = b.t ?? t + dt;
    return { ...b, seq: i + 1, t };
  });
}

const client = (id: number, kind: 'raw' | 'web' | 'bot' = 'raw') => ({
  id,
  kind,
  address: '127.0.0.1',
  port: 51000 + id,
  label: kind === 'web' ? `web ${id}` : `127.0.0.1:${51000 + id}`,
});
export const started: LabEventBody = {
  type: 'server.started',
  config: { ...DEFAULTS },
  startedAt: 0,
};
export const connect = (id: number, phase: 'waiting' | 'retrying' = 'waiting'): LabEventBody => ({
  type: 'client.connected',
  client: client(id),
  phase,
});
export const read = (id: number, bytes: number, preview = 'x'.repeat(Math.min(bytes, 48))) =>
  ({ type: 'data.read', id, bytes, preview, truncated: bytes > 48 }) as const;
export const echo = (id: number, bytes: number) => ({ type: 'data.echoed', id, bytes }) as const;
/** A summary of the server's: `reads` reads of `size` bytes, all echoed. */
export const summary = (id: number, reads: number, size = 1024) =>
  ({
    type: 'data.burst',
    id,
    reads,
    echoes: reads,
    bytesIn: reads * size,
    bytesOut: reads * size,
    preview: 'f'.repeat(48),
    truncated: true,
  }) as const;

export const en = textKit('en', messages.en);
export const es = textKit('es', messages.es);
export const wide: Viewport = { scrollTop: 0, height: 100_000, width: 1280 };
export const fold = (events: LabEvent[]): LabState => reduceAll(initialState(), events);

export const session = stamp([
  started,
  connect(1),
  { type: 'client.accepted', id: 1 },
  read(1, 5, 'hola\\n'),
  echo(1, 5),
  { type: 'client.word', id: 1, bytes: 12, preview: 'desconectar\\n', truncated: false },
  { type: 'client.closed', id: 1, by: 'server', reason: 'word' },
]);
