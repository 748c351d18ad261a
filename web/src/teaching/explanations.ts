// The explanations of the page's events, kept from batch to batch: a batch that only adds
// events at the end is explained on its own, after the ones already told. Anything that
// would change an earlier sentence starts over: other events at the front (the window
// moved, a snapshot, a seek), another language or moderation, other settings before the
// first event, or a new name for a client an earlier sentence named from the lab. So the
// sentences are always those explainEvents gives for the whole window (tests check it).

import type { EchoConfig, LabEvent } from '../../../shared/protocol.ts';
import type { Lang } from '../i18n/lang.ts';
import { createExplainFold, type ExplainFold, type Explained } from './explain.ts';

export interface Explanations {
  /** Why the event with this seq happened, if it is among those explained. */
  why(seq: number): string | undefined;
  /** The newest `n` explanations, oldest first. */
  latest(n: number): readonly Explained[];
  count: number;
}

interface ExplainInput {
  events: readonly LabEvent[];
  lang: Lang;
  /** The settings as of the view: those before the first event, unless it says otherwise. */
  config: EchoConfig | null;
  /** The lab's name for a client the events never introduce. */
  labelOf: (id: number) => string;
  /** Whatever else the events read through (the teacher's moderation). */
  version?: unknown;
  /** The settings just before the first event, when known: a change then says its "from". */
  configBefore?: EchoConfig | null;
}

export interface ExplanationCache {
  sync(input: ExplainInput): Explanations;
}

export function createExplanationCache(): ExplanationCache {
  let fold: ExplainFold | null = null;
  let entries: Explained[] = [];
  let bySeq = new Map<number, string>();
  /** Clients told by the lab's name, and the name used. */
  let fromLab = new Map<number, string>();
  let labelOf: (id: number) => string = (id) => `#${id}`;
  let key: {
    lang: Lang;
    config: EchoConfig | null;
    before: EchoConfig | null;
    version: unknown;
  } | null = null;
  let snapshot: Explanations | null = null;

  const unchanged = (input: ExplainInput): boolean => {
    if (!key || key.lang !== input.lang || key.config !== input.config) return false;
    if (key.before !== (input.configBefore ?? null)) return false;
    if (!Object.is(key.version, input.version)) return false;
    const { events } = input;
    const n = entries.length;
    if (events.length < n) return false;
    if (
      n > 0 &&
      (events[0]?.seq !== entries[0]?.seq || events[n - 1]?.seq !== entries[n - 1]?.seq)
    ) {
      return false;
    }
    for (const [id, told] of fromLab) if (input.labelOf(id) !== told) return false;
    return true;
  };

  return {
    sync(input) {
      labelOf = input.labelOf;
      if (!unchanged(input) || !fold) {
        key = {
          lang: input.lang,
          config: input.config,
          before: input.configBefore ?? null,
          version: input.version,
        };
        entries = [];
        bySeq = new Map();
        fromLab = new Map();
        snapshot = null;
        const asked = fromLab;
        fold = createExplainFold(input.lang, {
          config: input.config,
          configBefore: input.configBefore ?? null,
          labelOf: (id) => {
            const name = labelOf(id);
            asked.set(id, name);
            return name;
          },
        });
      }
      const { events } = input;
      if (snapshot && events.length === entries.length) return snapshot;
      for (let i = entries.length; i < events.length; i++) {
        const told = fold.push(events[i] as LabEvent);
        entries.push(told);
        bySeq.set(told.seq, told.why);
      }
      const count = entries.length;
      const mine = entries;
      const whys = bySeq;
      snapshot = {
        count,
        why: (seq) => whys.get(seq) || undefined,
        latest: (n) => mine.slice(Math.max(0, count - n), count),
      };
      return snapshot;
    },
  };
}

/**
 * The log's lines, newest first: the newest `n` explanations but slow motion's waits (the
 * step bar counts those down; here they would halve the log), each sentence told once, on
 * its newest line, so a run of echoes reads as a list of what happened.
 */
export function logLines(explained: Explanations, n: number): Explained[] {
  const all = explained.latest(explained.count);
  const told = new Set<string>();
  const lines: Explained[] = [];
  for (let i = all.length - 1; i >= 0 && lines.length < n; i--) {
    const entry = all[i] as Explained;
    if (entry.type === 'server.delayed') continue;
    const first = !told.has(entry.why);
    told.add(entry.why);
    lines.push(first ? entry : { ...entry, why: '' });
  }
  return lines;
}
