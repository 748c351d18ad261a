import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialState } from '../shared/lab.ts';
import { DEFAULTS, type LabEvent } from '../shared/protocol.ts';
import { buildRows } from '../web/src/diagram/build-rows.ts';
import { createDiagramCache, type DiagramModel } from '../web/src/diagram/diagram-model.ts';
import { assignSlots } from '../web/src/diagram/lanes.ts';
import { buildTracks } from '../web/src/diagram/tracks.ts';
import { appendEvents, emptyFrames, type Frames } from '../web/src/store/frames.ts';
import { explainEvents } from '../web/src/teaching/explain.ts';
import { createExplanationCache } from '../web/src/teaching/explanations.ts';
import { connect, started } from './support/diagram-events.ts';

// ---------------------------------------------------------------------------------------
// The page extends its rows, lanes and explanations batch by batch. Whatever the events and
// however they are cut into batches, with the window dropping its oldest events as the
// store does, a clear, a pause that ends, a client renamed or a seek back on the timeline,
// what it shows is exactly what building everything from the window at once shows.
// ---------------------------------------------------------------------------------------

const CLIENTS = 5;
const id = fc.integer({ min: 1, max: CLIENTS });
const dt = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 1500 }));

/** An event body as the generators build it; the session stamps it into an event. */
type Body = { type: string; t?: number } & Record<string, unknown>;

const data: fc.Arbitrary<Body> = fc.oneof(
  id.map((i): Body => ({ type: 'data.read', id: i, bytes: 3, preview: 'abc', truncated: false })),
  id.map((i): Body => ({ type: 'data.echoed', id: i, bytes: 3 })),
  id.map((i): Body => ({
    type: 'data.burst',
    id: i,
    reads: 40,
    echoes: 40,
    bytesIn: 4000,
    bytesOut: 4000,
    preview: 'f',
    truncated: true,
  })),
);

const other: fc.Arbitrary<Body> = fc.oneof(
  id.map((i): Body => ({
    type: 'client.word',
    id: i,
    bytes: 11,
    preview: 'desconectar',
    truncated: false,
  })),
  id.map((i): Body => ({ type: 'client.accepted', id: i })),
  id.map((i): Body => ({ type: 'client.queued', id: i })),
  id.map((i): Body => ({ type: 'client.closed', id: i, by: 'client', reason: 'fin' })),
  id.map((i): Body => ({ type: 'client.named', id: i, label: `name ${i}`, program: 'nc' })),
  fc
    .constantFrom('accept' as const, 'recv' as const)
    .chain((step) => id.map((i): Body => ({ type: 'server.paused', step, id: i }))),
  fc
    .constantFrom('accept' as const, 'recv' as const)
    .chain((step) => id.map((i): Body => ({ type: 'server.resumed', step, id: i }))),
  fc.constant<Body>({ type: 'config.changed', config: { ...DEFAULTS, recvSize: 3 } }),
  fc.constant<Body>({ type: 'diagram.cleared' }),
);

/** A newcomer connects: the only way ids grow, as on the server. */
const NEWCOMER = Symbol('newcomer');
const RETRYING = Symbol('retrying');

const body = fc.oneof(
  { weight: 10, arbitrary: data },
  { weight: 4, arbitrary: other },
  { weight: 1, arbitrary: fc.constant(NEWCOMER) },
  { weight: 1, arbitrary: fc.constant(RETRYING) },
);

function session(picks: readonly (Body | symbol)[], gaps: readonly number[]): LabEvent[] {
  let t = 0;
  let next = CLIENTS;
  const bodies: Body[] = [{ ...started }];
  for (let i = 1; i <= CLIENTS; i++) bodies.push({ ...connect(i) });
  picks.forEach((pick, i) => {
    t += gaps[i % gaps.length] ?? 0;
    if (pick === NEWCOMER) bodies.push({ ...connect(++next), t });
    else if (pick === RETRYING) bodies.push({ ...connect(++next, 'retrying'), t });
    else bodies.push({ ...(pick as Body), t });
  });
  return bodies.map((b, i) => ({ ...b, seq: i + 1, t: b.t ?? 0 }) as unknown as LabEvent);
}

/** A view's move: a batch from the server (live), or a seek back and forward again. */
type Move = { kind: 'batch'; size: number } | { kind: 'seek'; back: number };
const move: fc.Arbitrary<Move> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.integer({ min: 1, max: 12 }).map((size): Move => ({ kind: 'batch', size })),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 30 }).map((back): Move => ({ kind: 'seek', back })),
  },
);

/** Deep equality, told in one line: a diff of hundreds of rows would drown the reason. */
function same(what: string, got: unknown, want: unknown): void {
  const a = JSON.stringify(got, (_k, v: unknown) => (v instanceof Map ? [...v] : v));
  const b = JSON.stringify(want, (_k, v: unknown) => (v instanceof Map ? [...v] : v));
  if (a === b) return;
  let i = 0;
  while (a[i] === b[i]) i++;
  expect.fail(
    `${what} differ at …${a.slice(Math.max(0, i - 80), i + 80)} vs …${b.slice(Math.max(0, i - 80), i + 80)}`,
  );
}

const labelOf = (frames: Frames) => (i: number) => frames.present.clients[i]?.label ?? `#${i}`;

describe('the page extended batch by batch', () => {
  it('shows the rows, lanes and explanations a full rebuild of the window shows', () => {
    fc.assert(
      fc.property(
        fc.array(body, { minLength: 1, maxLength: 220 }),
        fc.array(dt, { minLength: 1, maxLength: 30 }),
        fc.array(move, { minLength: 1, maxLength: 60 }),
        fc.constantFrom('en' as const, 'es' as const),
        (picks, gaps, moves, lang) => {
          const events = session(picks, gaps);
          const diagram = createDiagramCache();
          const explanations = createExplanationCache();
          let frames = emptyFrames();
          let fed = 0;
          let previous: DiagramModel | null = null;
          let before: readonly LabEvent[] = [];
          let preferred: ReadonlyMap<number, number> = new Map();
          let moveAt = 0;
          let seeking = false;
          while (fed < events.length) {
            const picked = moves[moveAt++ % moves.length] as Move;
            // Back to the live edge after each seek, so every run reaches its last event.
            const m: Move = seeking ? { kind: 'batch', size: 1 } : picked;
            seeking = m.kind === 'seek';
            let shown: readonly LabEvent[];
            if (m.kind === 'batch') {
              const batch = events.slice(fed, fed + m.size);
              fed += batch.length;
              // The store's own rules: a window of 40 that drops 7 at a time, cut at a clear.
              frames = appendEvents(frames, batch, true, 40, 7).frames;
              shown = frames.events;
            } else {
              shown = frames.events.slice(0, Math.max(0, frames.events.length - m.back));
            }
            const lab = frames.present;
            const model = diagram.sync(shown, lab);
            // A window that moved lets the clients still there keep their columns.
            const n = before.length;
            const extended =
              shown.length >= n &&
              (n === 0 ||
                (shown[0]?.seq === before[0]?.seq && shown[n - 1]?.seq === before[n - 1]?.seq));
            if (!extended && previous) preferred = previous.slots.slotOf;
            previous = model;
            before = shown;

            const rows = buildRows(shown);
            same('rows', model.rows, rows);
            const tracks = buildTracks(rows);
            same('tracks', [...model.tracks], [...tracks]);
            same('slots', model.slots, assignSlots(tracks, lab, preferred));

            const ctx = { config: lab.config, labelOf: labelOf(frames) };
            const told = explanations.sync({ events: shown, lang, ...ctx });
            const all = explainEvents(shown, lang, ctx);
            same('explanations', told.latest(all.length), all);
            for (const entry of all) expect(told.why(entry.seq)).toBe(entry.why || undefined);
          }
          expect(frames.present.seq).toBe(events.length);
        },
      ),
      { numRuns: 300, endOnFailure: true },
    );
  });

  it('from nothing, a model equals the rows of its events', () => {
    const cache = createDiagramCache();
    expect(cache.sync([], initialState()).rows).toEqual([]);
  });
});
