import { useId, useMemo, useRef } from 'react';
import type { LabState } from '../../../shared/lab.ts';
import { useWebClients } from '../clients/use-web-clients.ts';
import { fill, format } from '../i18n/format.ts';
import { useLang, useMessages } from '../i18n/lang.ts';
import { useShownLab } from '../moderation/use-moderation.ts';
import { ClientChip } from './ClientChip.tsx';
import { queueMessages } from './queue-messages.ts';
import { queuePlaces } from './queue-places.ts';
import { useFlip } from './use-flip.ts';

/** Past this many clients in one area, chips drop their counters to stay on screen. */
const DENSE = 8;

function stepText(lab: LabState, t: Record<keyof (typeof queueMessages)['en'], string>): string {
  if (lab.step === 'stopped') return t.stepStopped;
  if (lab.config?.mode === 'concurrent') return t.stepConcurrent;
  const client = (lab.stepClient !== null && lab.clients[lab.stepClient]?.label) || '';
  switch (lab.step) {
    case 'accept':
      return t.stepAccept;
    case 'recv':
      return fill(t.stepRecv, { client });
    case 'send':
      return fill(t.stepSend, { client });
    case 'close':
      return fill(t.stepClose, { client });
  }
}

/** The homework's listen(backlog) made visible: who is served, who waits, who retries. */
export function AcceptQueue() {
  const t = useMessages(queueMessages);
  // Hidden names stay hidden on the chips and in the step line.
  const lab = useShownLab();
  const cards = useWebClients();
  const root = useRef<HTMLElement>(null);
  const ids = useId();
  const lang = useLang();
  const places = useMemo(() => queuePlaces(lab), [lab]);
  const yours = useMemo(
    () => new Set(cards.flatMap((card) => (card.id === null ? [] : [card.id]))),
    [cards],
  );
  useFlip(root, places);

  const chip = (client: LabState['clients'][number], place: string, dense: boolean) => (
    <ClientChip client={client} place={place} yours={yours.has(client.id)} dense={dense} />
  );
  const concurrent = lab.config?.mode === 'concurrent';
  const { served, slots, retrying } = places;

  return (
    // Focusable because it scrolls (projector mode, many clients): keyboard users must reach it.
    <section className="panel queue-panel" aria-labelledby={`${ids}-title`} ref={root} tabIndex={0}>
      <header className="panel-head">
        <h2 id={`${ids}-title`}>{t.title}</h2>
        <span className="panel-note">{format(t.totals, { ...lab.totals }, lang)}</span>
      </header>
      <p className="step-line">{stepText(lab, t)}</p>

      <div className={`area area--served${concurrent ? ' is-concurrent' : ''}`}>
        <h3 id={`${ids}-served`}>
          {t.served} <span className="count">{lab.served.length}</span>
        </h3>
        {served.length === 0 ? (
          <p className="empty-place">{lab.step === 'stopped' ? t.stepStopped : t.servedNobody}</p>
        ) : (
          <ul className="chips" aria-labelledby={`${ids}-served`}>
            {served.map((c, i) => (
              <li key={c.id}>{chip(c, `served:${i}`, served.length > DENSE)}</li>
            ))}
          </ul>
        )}
        {places.servedMore > 0 && (
          <p className="more">{format(t.more, { n: places.servedMore }, lang)}</p>
        )}
      </div>

      <div className="area area--waiting">
        <h3 id={`${ids}-waiting`}>
          {fill(t.waiting, { backlog: places.backlog })}{' '}
          <span className="count">
            {places.waiting} / {places.backlog}
          </span>
        </h3>
        <ol className="slots" aria-labelledby={`${ids}-waiting`}>
          {slots.map((c, i) => (
            <li key={i} className={c ? 'slot is-taken' : 'slot'}>
              <span className="slot-n" aria-hidden="true">
                {i + 1}
              </span>
              {c ? (
                chip(c, `queue:${i}`, slots.length > DENSE)
              ) : (
                <span className="slot-free">{t.free}</span>
              )}
            </li>
          ))}
        </ol>
        {places.waitingMore > 0 && (
          <p className="more">{format(t.more, { n: places.waitingMore }, lang)}</p>
        )}
        {places.freeMore > 0 && (
          <p className="more">{format(t.freeMore, { n: places.freeMore }, lang)}</p>
        )}
        <p className="hint">{t.waitingHint}</p>
      </div>

      <div className={`area area--retrying${lab.retrying.length > 0 ? ' is-busy' : ''}`}>
        <h3 id={`${ids}-retrying`}>
          {t.retrying} <span className="count">{lab.retrying.length}</span>
        </h3>
        <p className="hint">{t.retryingHint}</p>
        {retrying.length > 0 && (
          <ul className="chips is-wrapped" aria-labelledby={`${ids}-retrying`}>
            {retrying.map((c, i) => (
              <li key={c.id}>{chip(c, `retrying:${i}`, true)}</li>
            ))}
          </ul>
        )}
        {places.retryingMore > 0 && (
          <p className="more">{format(t.more, { n: places.retryingMore }, lang)}</p>
        )}
      </div>
    </section>
  );
}
