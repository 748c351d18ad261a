// Every event, told twice: what happened in a few words, and why in one line. Pure: the
// log panel folds the page's recent events through it, and tests check the sentences.
// A few explanations need what came before (the settings at the time, a run of full reads,
// how many are connected), so events are explained in order by one fold.

import type { EchoConfig, LabEvent } from '../../../shared/protocol.ts';
import type { Lang } from '../i18n/lang.ts';
import { tell, type ExplainContext, type Explained, type Fold } from './explain-event.ts';
import { explainMessages } from './explain-messages.ts';

export type { ExplainContext, Explained, Tone } from './explain-event.ts';

/** What the fold remembers after an event, once it has been told. */
function remember(f: Fold, e: LabEvent): void {
  switch (e.type) {
    case 'server.started':
      f.open.clear();
      f.fullRun.clear();
      f.blockedSince.clear();
      f.lastSeen.clear();
      f.config = e.config;
      f.configKnown = true;
      return;
    case 'config.changed':
      f.config = e.config;
      f.configKnown = true;
      return;
    case 'client.connected':
      f.labels.set(e.client.id, e.client.label);
      return;
    case 'client.named':
    case 'client.identified':
      f.labels.set(e.id, e.label);
      return;
    case 'send.blocked':
      f.blockedSince.set(e.id, e.t - e.blockedMs);
      return;
    case 'send.resumed':
      f.blockedSince.delete(e.id);
      return;
    case 'data.read': {
      const size = f.config?.recvSize ?? 0;
      const run = f.fullRun.get(e.id) ?? { reads: 0, bytes: 0 };
      if (size > 0 && e.bytes >= size) {
        f.fullRun.set(e.id, { reads: run.reads + 1, bytes: run.bytes + e.bytes });
      } else f.fullRun.delete(e.id);
      return;
    }
    case 'client.word':
    case 'data.burst':
      f.fullRun.delete(e.id);
      return;
    case 'client.closed':
      f.open.delete(e.id);
      f.fullRun.delete(e.id);
      f.blockedSince.delete(e.id);
      f.lastSeen.delete(e.id);
      return;
    default:
      return;
  }
}

export interface ExplainFold {
  /** Explains the next event, given every one pushed before it. */
  push(e: LabEvent): Explained;
}

/** A fold that explains events one at a time, in order, as explainEvents does all at once. */
export function createExplainFold(lang: Lang, ctx: ExplainContext): ExplainFold {
  const f: Fold = {
    m: explainMessages[lang],
    lang,
    config: ctx.configBefore ?? ctx.config,
    configKnown: !!ctx.configBefore,
    labels: new Map(),
    fullRun: new Map(),
    open: new Set(),
    blockedSince: new Map(),
    lastSeen: new Map(),
    ctx,
  };
  return {
    push(e) {
      // Counted before telling, so "connected now" includes the newcomer.
      if (e.type === 'client.connected' && e.phase === 'waiting') f.open.add(e.client.id);
      if (e.type === 'client.queued') f.open.add(e.id);
      if (e.type === 'client.accepted') f.open.add(e.id);
      const told = tell(f, e);
      remember(f, e);
      if (e.type === 'client.accepted' || e.type === 'data.echoed' || e.type === 'data.burst') {
        f.lastSeen.set(e.id, e.t);
      }
      return { seq: e.seq, t: e.t, type: e.type, ...told };
    },
  };
}

/** Explains events in order, oldest first, one entry each. */
export function explainEvents(
  events: readonly LabEvent[],
  lang: Lang,
  ctx: ExplainContext,
): Explained[] {
  const fold = createExplainFold(lang, ctx);
  return events.map((e) => fold.push(e));
}

/**
 * The settings just before `events[0]`, from a state the page knows (`anchor`, after the
 * event with its seq): the same unless a change of settings or a restart lies between
 * them. Null when one does, or when the anchor is not among the events.
 */
export function configBefore(
  events: readonly LabEvent[],
  anchor: { seq: number; state: { config: EchoConfig | null } },
): EchoConfig | null {
  for (const e of events) {
    if (e.type === 'config.changed' || e.type === 'server.started') return null;
    if (e.seq === anchor.seq) return anchor.state.config;
  }
  return null;
}
