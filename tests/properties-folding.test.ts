import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialState, reduceAll } from '../shared/lab.ts';
import type { LabEventBody } from '../shared/protocol.ts';
import { FOLD_MIN_EVENTS, DETAILED_READS_PER_CLIENT } from '../shared/traffic-policy.ts';
import { buildRows } from '../web/src/diagram/build-rows.ts';
import { toMermaid } from '../web/src/export/mermaid.ts';
import { connect, en, started, stamp } from './support/diagram-events.ts';
import { labTotals, mermaidTotals, rowTotals } from './support/traffic-totals.ts';

// ---------------------------------------------------------------------------------------
// However reads, echoes and the server's summaries of several clients interleave, and
// whatever pauses fall between them, the diagram's rows and its Mermaid text add up to
// exactly what the reducer counted (and /api/state and the panels show) for every client.
// ---------------------------------------------------------------------------------------

const CLIENTS = 4;

type Step =
  | { kind: 'read' | 'echo' | 'word'; pick: number; bytes: number; dt: number }
  | { kind: 'burst'; pick: number; reads: number; echoes: number; size: number; dt: number }
  /** Something else that draws a row (a newcomer connects), which ends every run. */
  | { kind: 'other'; dt: number };

// Pauses of every kind that matters: within a run, past the page's gap, past the reach of
// a summary, across period boundaries.
const dt = fc.oneof(
  fc.integer({ min: 0, max: 5 }),
  fc.integer({ min: 0, max: 400 }),
  fc.integer({ min: 0, max: 3000 }),
);
const pick = fc.integer({ min: 1, max: CLIENTS });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constantFrom('read' as const, 'echo' as const),
      pick,
      bytes: fc.integer({ min: 1, max: 1024 }),
      dt,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('burst' as const),
      pick,
      reads: fc.integer({ min: 0, max: 5000 }),
      echoes: fc.integer({ min: 0, max: 5000 }),
      size: fc.integer({ min: 1, max: 1024 }),
      dt,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('word' as const),
      pick,
      bytes: fc.integer({ min: 1, max: 20 }),
      dt,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('other' as const), dt }) },
);

function session(steps: readonly Step[]): LabEventBody[] {
  const bodies: (LabEventBody & { t: number })[] = [];
  let t = 0;
  const at = (body: LabEventBody): void => void bodies.push({ ...body, t });
  at(started);
  for (let id = 1; id <= CLIENTS; id++) {
    at(connect(id));
    at({ type: 'client.accepted', id });
  }
  let newcomer = CLIENTS;
  for (const s of steps) {
    t += s.dt;
    if (s.kind === 'other') at(connect(++newcomer));
    else if (s.kind === 'read' || s.kind === 'word') {
      const type = s.kind === 'read' ? 'data.read' : 'client.word';
      at({ type, id: s.pick, bytes: s.bytes, preview: 'x', truncated: s.bytes > 1 });
    } else if (s.kind === 'echo') at({ type: 'data.echoed', id: s.pick, bytes: s.bytes });
    else if (s.kind === 'burst') {
      at({
        type: 'data.burst',
        id: s.pick,
        reads: s.reads,
        echoes: s.echoes,
        bytesIn: s.reads * s.size,
        bytesOut: s.echoes * s.size,
        preview: 'x',
        truncated: true,
      });
    }
  }
  return bodies;
}

describe('one count of the traffic everywhere', () => {
  it('the rows and the Mermaid export add up to the reducer, client by client', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
        const events = stamp(session(steps));
        const lab = reduceAll(initialState(), events);
        const expected = labTotals(lab);
        expect(rowTotals(buildRows(events))).toEqual(expected);
        expect(mermaidTotals(toMermaid(events, lab, { kit: en }))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('folds on the page every client the server starts to sum up', () => {
    // The server details up to this many events of a client per window before it sums the
    // rest up; past FOLD_MIN_EVENTS the page folds them, so a flood is never half arrows.
    expect(FOLD_MIN_EVENTS).toBeLessThanOrEqual(2 * DETAILED_READS_PER_CLIENT);
  });
});
