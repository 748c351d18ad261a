// A change of settings in words: what changed, from what to what ("listen(5) → listen(2)"),
// and why it matters. Pure; the log and the diagram's note both tell a change with it, so
// the two say the same. Socket calls keep their code spelling: listen(2), recv(16).

import type { EchoConfig } from '../../../shared/protocol.ts';
import { fill, formatNumber, plural } from '../i18n/format.ts';
import type { Lang } from '../i18n/lang.ts';
import { explainMessages, type ExplainMessages } from './explain-messages.ts';

export interface SettingChange {
  /** A few words: "listen(5) → listen(2)". */
  what: string;
  /** One sentence on what it means for the class. */
  why: string;
}

const delayText = (m: ExplainMessages, ms: number, lang: Lang): string =>
  ms > 0 ? fill(m['c.ms'], { ms: formatNumber(ms, lang) }) : m['c.off'];

/**
 * Each setting that differs between `prev` and `next`, in the order a teacher finds them
 * on the page. Without `prev` (the settings before are not known) every setting is told
 * as it is now, with no arrow: nothing is claimed about what it was.
 */
export function settingChanges(
  prev: EchoConfig | null,
  next: EchoConfig,
  lang: Lang,
): SettingChange[] {
  const m = explainMessages[lang];
  const changes: SettingChange[] = [];
  const changed = <K extends keyof EchoConfig>(key: K): boolean => !prev || prev[key] !== next[key];
  const arrow = (from: string, to: string): string =>
    prev ? fill(m['c.change'], { from, to }) : to;
  if (changed('stepping')) {
    changes.push({
      what: next.stepping ? m['c.stepOn'] : m['c.stepOff'],
      why: next.stepping ? m['y.stepOn'] : m['y.stepOff'],
    });
  }
  if (changed('delayMs')) {
    const ms = formatNumber(next.delayMs, lang);
    changes.push({
      what:
        prev && prev.delayMs > 0 && next.delayMs > 0
          ? fill(m['c.delayChange'], {
              from: delayText(m, prev.delayMs, lang),
              to: delayText(m, next.delayMs, lang),
            })
          : next.delayMs > 0
            ? fill(m['c.delay'], { ms })
            : m['c.delayOff'],
      why: next.delayMs > 0 ? fill(m['y.delay'], { ms }) : m['y.delayOff'],
    });
  }
  if (changed('mode')) {
    changes.push({
      what: arrow(prev ? m[`c.${prev.mode}`] : '', m[`c.${next.mode}`]),
      why: m[`y.${next.mode}`],
    });
  }
  if (changed('backlog')) {
    changes.push({
      what: arrow(
        fill(m['c.backlog'], { n: prev?.backlog ?? '' }),
        fill(m['c.backlog'], { n: next.backlog }),
      ),
      why: fill(m['y.backlog'], { n: plural(m['n.connections'], next.backlog, lang) }),
    });
  }
  if (changed('recvSize')) {
    changes.push({
      what: arrow(
        fill(m['c.recv'], { n: prev?.recvSize ?? '' }),
        fill(m['c.recv'], { n: next.recvSize }),
      ),
      why: fill(m['y.recv'], { n: plural(m['n.bytes'], next.recvSize, lang) }),
    });
  }
  return changes;
}

/** The log's line for a change: "ajustes: listen(5) → listen(2)", and why. */
export function tellConfig(
  prev: EchoConfig | null,
  next: EchoConfig,
  lang: Lang,
): { what: string; why: string } {
  const m = explainMessages[lang];
  const changes = settingChanges(prev, next, lang);
  const list = changes.map((c) => c.what).join(' · ');
  if (!prev) return { what: fill(m['w.configNow'], { changes: list }), why: m['y.configNow'] };
  // The server reports a change only when a setting differs; "—" is a no-op command.
  return {
    what: fill(m['w.config'], { changes: list || '—' }),
    why: changes.map((c) => c.why).join(' '),
  };
}
