// One event told in words: what happened (a few words) and why (one line), given what the
// fold remembers of the events before it. Pure; explain.ts runs the fold.

import type { EchoConfig, LabEvent } from '../../../shared/protocol.ts';
import { clipPreview } from '../diagram/text.ts';
import { fill, formatBytesExact, formatNumber, plural } from '../i18n/format.ts';
import type { Lang } from '../i18n/lang.ts';
import { isHidden } from '../moderation/moderate.ts';
import { tellConfig } from './explain-config.ts';
import { STEP_CALLS } from './server-code.ts';
import type { ExplainMessages } from './explain-messages.ts';
import { tellChild } from './explain-child.ts';
import { limitWhy, tellBlock } from './explain-stalls.ts';

/** Colour family of a log line, matching the diagram's arrows. */
export type Tone = 'control' | 'connect' | 'retry' | 'read' | 'word' | 'echo' | 'close';

export interface Explained {
  seq: number;
  t: number;
  type: LabEvent['type'];
  tone: Tone;
  client: number | null;
  what: string;
  why: string;
}

export interface ExplainContext {
  /**
   * Settings to assume before the first event, when the events do not start the server:
   * the current ones serve for counting bytes, right unless they changed meanwhile.
   */
  config: EchoConfig | null;
  /**
   * The settings just before the first event, when the page knows them (see
   * `configBefore`): then the first change of settings can say what it changed from.
   */
  configBefore?: EchoConfig | null;
  /** A label for clients the events never introduce (they connected earlier). */
  labelOf: (id: number) => string;
}

export interface Fold {
  m: ExplainMessages;
  lang: Lang;
  config: EchoConfig | null;
  /** `config` is the settings in force, not a guess: a change can say what it changed. */
  configKnown: boolean;
  labels: Map<number, string>;
  /** Per client: reads in a row that filled recv() to the brim, and their bytes. */
  fullRun: Map<number, { reads: number; bytes: number }>;
  /** Clients seen connecting and not yet closed, to count who is connected. */
  open: Set<number>;
  /** Per client: when its blocked sendall() began, while it lasts. */
  blockedSince: Map<number, number>;
  /** Per client: the time of its last accept, read or echo, to tell how long it idled. */
  lastSeen: Map<number, number>;
  ctx: ExplainContext;
}

const label = (f: Fold, id: number): string => f.labels.get(id) ?? f.ctx.labelOf(id);

export type Told = Pick<Explained, 'tone' | 'client' | 'what' | 'why'>;

export function tell(f: Fold, e: LabEvent): Told {
  const { m } = f;
  const size = f.config?.recvSize ?? 0;
  const backlog = f.config?.backlog ?? 0;
  const note = (what: string, why: string): Told => ({ tone: 'control', client: null, what, why });
  switch (e.type) {
    case 'server.started': {
      const address = `${e.config.host}:${e.config.port}`;
      const values = { address, backlog: e.config.backlog };
      return note(fill(m['w.started'], values), fill(m['y.started'], values));
    }
    case 'server.stopped':
      return note(m['w.stopped'], m['y.stopped']);
    case 'config.changed': {
      const { what, why } = tellConfig(f.configKnown ? f.config : null, e.config, f.lang);
      return note(what, why);
    }
    case 'server.paused': {
      const call = STEP_CALLS[e.step];
      const client = e.id === null ? '' : label(f, e.id);
      const what = fill(e.id === null ? m['w.paused'] : m['w.pausedFor'], { call, client });
      const why = e.step === 'stopped' ? '' : fill(m[`y.paused.${e.step}`], { size, client });
      return { tone: 'control', client: e.id, what, why };
    }
    case 'server.delayed': {
      const values = {
        call: STEP_CALLS[e.step],
        client: e.id === null ? '' : label(f, e.id),
        ms: formatNumber(e.ms, f.lang),
      };
      const what = fill(e.id === null ? m['w.delayed'] : m['w.delayedFor'], values);
      return { tone: 'control', client: e.id, what, why: fill(m['y.delayed'], values) };
    }
    case 'server.resumed': {
      const what = fill(m['w.stepResumed'], { call: STEP_CALLS[e.step] });
      return { tone: 'control', client: e.id, what, why: m['y.stepResumed'] };
    }
    case 'diagram.cleared':
      return note(m['w.cleared'], m['y.cleared']);
    case 'client.named':
      return {
        tone: 'control',
        client: e.id,
        what: e.chosen
          ? fill(m['w.chosen'], { client: label(f, e.id), name: e.label })
          : fill(m['w.named'], { client: label(f, e.id), program: e.program }),
        why: e.chosen ? m['y.chosen'] : m['y.named'],
      };
    case 'client.identified':
      return {
        tone: 'control',
        client: e.id,
        what: fill(m[`w.identified.${e.kind}`], { client: label(f, e.id), label: e.label }),
        why: m[`y.identified.${e.kind}`],
      };
    case 'client.connected': {
      const client = e.client.label;
      if (e.phase === 'retrying') {
        return {
          tone: 'retry',
          client: e.client.id,
          what: fill(m['w.retrying'], { client }),
          why: fill(m['y.retrying'], { backlog }),
        };
      }
      const concurrent = f.config?.mode === 'concurrent';
      let why = concurrent ? m['y.connectedConcurrent'] : fill(m['y.connected'], { client });
      // Only counts clients seen in these events, so it can undercount but never overclaim.
      if (!concurrent && backlog > 0 && f.open.size > backlog) {
        const open = plural(m['n.connected'], f.open.size, f.lang);
        why += ` ${fill(m['y.beyondBacklog'], { backlog, open })}`;
      }
      return {
        tone: 'connect',
        client: e.client.id,
        what: fill(m['w.connected'], { client }),
        why,
      };
    }
    case 'client.queued': {
      const client = label(f, e.id);
      return {
        tone: 'connect',
        client: e.id,
        what: fill(m['w.queued'], { client }),
        why: fill(m['y.queued'], { client }),
      };
    }
    case 'client.accepted': {
      const client = label(f, e.id);
      return {
        tone: 'connect',
        client: e.id,
        what: fill(m['w.accepted'], { client }),
        why: fill(m['y.accepted'], { client }),
      };
    }
    case 'data.read': {
      const client = label(f, e.id);
      const bytes = formatBytesExact(e.bytes, f.lang);
      const what = fill(m['w.read'], { bytes, client, preview: quote(f, e) });
      const run = f.fullRun.get(e.id);
      const max = plural(m['n.bytes'], size, f.lang);
      let why: string;
      if (size > 0 && e.bytes >= size) why = fill(m['y.readFull'], { size, max });
      else if (run && run.reads > 0) {
        why = fill(m['y.readLast'], {
          reads: plural(m['n.reads'], run.reads + 1, f.lang),
          total: plural(m['n.bytes'], run.bytes + e.bytes, f.lang),
          size,
          max,
        });
      } else why = fill(m['y.read'], { size, max, bytes: plural(m['n.bytes'], e.bytes, f.lang) });
      return { tone: 'read', client: e.id, what, why };
    }
    case 'data.waiting': {
      const client = label(f, e.id);
      const what = fill(m[e.served ? 'w.held' : 'w.waiting'], {
        bytes: formatBytesExact(e.bytes, f.lang),
        client,
        preview: quote(f, e),
      });
      const why = fill(m[e.served ? 'y.held' : 'y.waiting'], { client });
      return { tone: 'read', client: e.id, what, why };
    }
    case 'client.word': {
      const client = label(f, e.id);
      const word = f.config?.disconnectWord ?? e.preview;
      return {
        tone: 'word',
        client: e.id,
        what: fill(m['w.word'], { client, preview: quote(f, e) }),
        why: fill(m['y.word'], { word }),
      };
    }
    case 'data.echoed': {
      const client = label(f, e.id);
      return {
        tone: 'echo',
        client: e.id,
        what: fill(m['w.echoed'], { bytes: formatBytesExact(e.bytes, f.lang), client }),
        why: fill(m['y.echoed'], { bytes: plural(m['n.bytes'], e.bytes, f.lang) }),
      };
    }
    case 'data.burst': {
      const values = {
        client: label(f, e.id),
        reads: plural(m['n.reads'], e.reads, f.lang),
        echoes: plural(m['n.echoes'], e.echoes, f.lang),
        bytes: formatBytesExact(e.bytesIn, f.lang),
      };
      return {
        tone: 'read',
        client: e.id,
        what: fill(m['w.burst'], values),
        why: fill(m['y.burst'], values),
      };
    }
    case 'send.blocked':
    case 'send.unsent':
    case 'send.resumed':
      return { tone: 'echo', client: e.id, ...tellBlock(f, e, label(f, e.id)) };
    case 'client.closed': {
      const client = label(f, e.id);
      if (e.reason === 'limit' && e.by === 'server' && e.detail) {
        const why = limitWhy(f, { id: e.id, detail: e.detail, t: e.t }, client);
        if (why) return { tone: 'close', client: e.id, what: fill(m['w.close'], { client }), why };
      }
      if (e.by === 'client') {
        const fin = e.reason === 'fin';
        return {
          tone: 'close',
          client: e.id,
          what: fill(fin ? m['w.fin'] : m['w.reset'], { client }),
          why: fin ? m['y.fin'] : m['y.reset'],
        };
      }
      const why =
        e.reason === 'word' || e.reason === 'fin'
          ? m['y.word.close']
          : e.reason === 'reset'
            ? m['y.reset']
            : m[`y.${e.reason}`];
      return {
        tone: 'close',
        client: e.id,
        what: fill(m['w.close'], { client }),
        why: fill(why, { client }),
      };
    }
    case 'client.refused': {
      const address = `${e.address}:${e.port}`;
      const blocked = e.cause === 'blocked';
      return {
        tone: 'retry',
        client: null,
        what: fill(m[blocked ? 'w.refusedBlocked' : 'w.refused'], {
          address,
          times: (e.count ?? 1) > 1 ? ` ×${formatNumber(e.count ?? 1, f.lang)}` : '',
        }),
        why: blocked
          ? m['y.refusedBlocked']
          : fill(m['y.refused'], { limit: plural(m['n.clients'], e.limit, f.lang) }),
      };
    }
    case 'message.hidden':
      return {
        tone: 'control',
        client: e.id,
        what: fill(m[e.hidden ? 'w.hidden' : 'w.shown'], { client: label(f, e.id) }),
        why: e.hidden ? m['y.hidden'] : m['y.shown'],
      };
    case 'name.hidden':
      return {
        tone: 'control',
        client: e.id,
        what: fill(m[e.hidden ? 'w.nameHidden' : 'w.nameShown'], { client: label(f, e.id) }),
        why: e.hidden ? m['y.nameHidden'] : '',
      };
    case 'child.started':
    case 'child.output':
    case 'child.exited':
    case 'child.at':
    case 'child.call':
    case 'queue.overflowed':
      return { tone: 'control', ...tellChild(f.lang, e) };
    case 'address.blocked':
      return note(
        fill(m[e.blocked ? 'w.addressBlocked' : 'w.addressUnblocked'], { address: e.address }),
        e.blocked ? m['y.addressBlocked'] : m['y.addressUnblocked'],
      );
  }
}

/** Characters of a read shown in the log; the diagram's arrow title has them all. */
const LOG_PREVIEW_CHARS = 24;

/**
 * A read's bytes as shown: quoted, escapes kept whole, "…" when some were left out; or
 * the teacher's placeholder when they hid it.
 */
const quote = (f: Fold, e: { preview: string; truncated: boolean }): string =>
  isHidden(e) ? f.m.hiddenMessage : clipPreview(e.preview, e.truncated, LOG_PREVIEW_CHARS);
