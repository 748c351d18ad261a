// The event log: the latest events, newest first, each with what happened and why. Newest
// first keeps the live edge at the top of a short panel, where a projector's eye lands.

import { memo, useId, useMemo, useState } from 'react';
import { isPreviewedType } from '../../../shared/lab.ts';
import { useTeacher } from '../controls/use-teacher.ts';
import { clockTime } from '../i18n/clock.ts';
import { fill } from '../i18n/format.ts';
import { useLang, useMessages, type Messages } from '../i18n/lang.ts';
import { HideToggle } from '../moderation/HideToggle.tsx';
import { useModeration, useShownEvents, useShownLab } from '../moderation/use-moderation.ts';
import type { Explained } from './explain.ts';
import { logLines } from './explanations.ts';
import { useExplained } from './use-explanations.ts';

/** Lines drawn; older ones stay in the diagram. Enough for a lesson's last minute. */
const LOG_SHOWN = 80;

const messages: Messages<'title' | 'list' | 'empty' | 'count' | 'why'> = {
  en: {
    title: 'Event log',
    list: 'Events, newest first',
    empty: 'No events yet: connect a client and each step appears here, explained.',
    count: 'newest first · last {n}',
    why: 'Explanations',
  },
  es: {
    title: 'Registro de eventos',
    list: 'Eventos, del más reciente al más antiguo',
    empty: 'Aún no hay eventos: conecta un cliente y cada paso aparecerá aquí, explicado.',
    count: 'recientes primero · últimos {n}',
    why: 'Explicaciones',
  },
};

type EntryProps = Pick<Explained, 'seq' | 'type' | 'tone' | 'what' | 'why'> & {
  time: string;
  /** For the teacher, on a message: whether it is hidden now (null: no control). */
  hidden: boolean | null;
};

/** The Explanations toggle as last set: the log unmounts with its tab and must not reset it. */
const showWhy = { current: true };

/** Props are plain values, so memo skips the lines that did not change between batches. */
const Entry = memo(function Entry({ seq, type, tone, what, why, time, hidden }: EntryProps) {
  return (
    <li className={`log-entry tone--${tone}`} data-seq={seq} data-type={type}>
      <span className="log-time">{time}</span>
      <span className="log-what">
        {what}
        {hidden !== null && <HideToggle seq={seq} hidden={hidden} />}
      </span>
      {why && <span className="log-why">{why}</span>}
    </li>
  );
});

export function EventLog() {
  const t = useMessages(messages);
  const lang = useLang();
  const explained = useExplained(useShownEvents(), useShownLab());
  const teacher = useTeacher();
  const moderation = useModeration();
  const hiddenSeqs = useMemo(() => new Set(moderation.messages), [moderation]);
  const [why, setWhyState] = useState(showWhy.current);
  const setWhy = (next: boolean): void => {
    showWhy.current = next;
    setWhyState(next);
  };
  const ids = useId();

  const entries = useMemo(() => logLines(explained, LOG_SHOWN), [explained]);

  return (
    <section
      className={why ? 'panel log-panel' : 'panel log-panel is-terse'}
      aria-labelledby={`${ids}-title`}
    >
      <header className="panel-head">
        <h2 id={`${ids}-title`}>{t.title}</h2>
        <label className="log-toggle">
          <input type="checkbox" checked={why} onChange={(e) => setWhy(e.target.checked)} /> {t.why}
        </label>
        <span className="panel-note">{fill(t.count, { n: entries.length })}</span>
      </header>
      {entries.length === 0 ? (
        <p className="note">{t.empty}</p>
      ) : (
        <ol className="log" aria-label={t.list}>
          {entries.map((entry) => (
            <Entry
              key={entry.seq}
              seq={entry.seq}
              type={entry.type}
              tone={entry.tone}
              what={entry.what}
              why={entry.why}
              time={clockTime(entry.t, lang)}
              hidden={teacher && isPreviewedType(entry.type) ? hiddenSeqs.has(entry.seq) : null}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
