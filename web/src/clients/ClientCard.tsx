import { memo, useId, useState, type FormEvent } from 'react';
import { visibleString } from '../../../shared/bytes.ts';
import { DEFAULTS } from '../../../shared/protocol.ts';
import { charCount, fill, format, formatNumber } from '../i18n/format.ts';
import { useLang, useMessages } from '../i18n/lang.ts';
import { useTeacher } from '../controls/use-teacher.ts';
import { useLab } from '../store/use-lab.ts';
import { cardStatus, type CardStatus } from './card-status.ts';
import { cardMessages, reasonText } from './client-card-messages.ts';
import { ExchangeList } from './ExchangeList.tsx';
import { useWebClientsStore } from './use-web-clients.ts';
import { SendResult, type WebClientCard } from './web-clients.ts';

function useStatusText(status: CardStatus): { text: string; hint: string | null } {
  const t = useMessages(cardMessages);
  const lang = useLang();
  switch (status.kind) {
    case 'connecting':
      return { text: t.connecting, hint: null };
    case 'connected':
      return { text: t.connected, hint: null };
    case 'retrying':
      return { text: t.retrying, hint: t.retryingHint };
    case 'waiting':
      return { text: fill(t.waiting, status), hint: t.waitingHint };
    case 'served':
      return { text: t.served, hint: null };
    case 'closed': {
      const who =
        status.by === 'lost'
          ? t.lost
          : status.by === 'client'
            ? t.closedByClient
            : t.closedByServer;
      return {
        text: status.reason ? `${who} (${reasonText(lang, status.reason)})` : who,
        // The bridge's own words, e.g. which limit refused the connection.
        hint: status.stalled
          ? t.stalled
          : status.detail
            ? fill(t.refused, { reason: status.detail })
            : null,
      };
    }
  }
}

/** One web-form client: the homework's client loop as a form, on a real TCP connection. */
export const ClientCard = memo(function ClientCard({
  card,
  focus,
}: {
  card: WebClientCard;
  /**
   * Just added with "Connect": on a student's page, put the cursor in its message box,
   * ready to type. The teacher's page keeps the focus where it was, so the teacher's next
   * key is a shortcut (N, S, 1–4) or another Connect, not a letter in the box.
   */
  focus: boolean;
}) {
  const t = useMessages(cardMessages);
  const lang = useLang();
  const teacher = useTeacher();
  const store = useWebClientsStore();
  // A card is about a live connection: its status is the present, whatever the timeline shows.
  const lab = useLab((v) => v.present);
  const [draft, setDraft] = useState('');
  const [refused, setRefused] = useState(false);
  const ids = useId();
  const status = cardStatus(card, lab);
  const { text, hint } = useStatusText(status);

  const max = card.maxMessage ?? lab.config?.maxMessage ?? DEFAULTS.maxMessage;
  const word = lab.config?.disconnectWord ?? DEFAULTS.disconnectWord;
  const count = charCount(draft);
  const over = count > max;
  const closed = status.kind === 'closed';
  const canWrite = card.phase === 'open' && !card.ending && !closed;
  // Typing may start while the connection opens; only sending waits for it.
  const canType = !card.ending && !closed;
  // Until the bridge answers with the label it gave, the name as typed, escaped as it will be.
  const name =
    card.label ?? (card.name ? visibleString(card.name) : fill(t.unnamed, { n: card.key }));

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const result = store.send(card.key, draft, max);
    setRefused(result === SendResult.tooLong);
    if (result === SendResult.sent) setDraft('');
  };

  return (
    <article className={`card card--${status.kind}`} aria-labelledby={`${ids}-name`}>
      <header className="card-head">
        <h3 id={`${ids}-name`} className="card-name">
          {name}
        </h3>
        <span className={`badge badge--${status.kind}`} role="status">
          {text}
        </span>
      </header>
      {card.ending && !closed ? (
        <p className="card-hint">{fill(t.ending, { word })}</p>
      ) : (
        hint && <p className="card-hint">{hint}</p>
      )}
      {!closed && (
        <form className="card-form" onSubmit={submit}>
          <div className="card-row">
            <label htmlFor={`${ids}-msg`} className="card-label">
              {t.message}
            </label>
            <input
              id={`${ids}-msg`}
              className={over ? 'card-input is-over' : 'card-input'}
              value={draft}
              autoComplete="off"
              spellCheck={false}
              autoFocus={focus && !teacher}
              disabled={!canType}
              aria-invalid={over}
              aria-describedby={`${ids}-count${over ? ` ${ids}-refusal` : ''}`}
              onChange={(e) => {
                setDraft(e.target.value);
                setRefused(false);
              }}
            />
            <span id={`${ids}-count`} className={over ? 'counter is-over' : 'counter'}>
              {formatNumber(count, lang)} / {formatNumber(max, lang)}
            </span>
          </div>
          <div className="card-row card-buttons">
            <button type="submit" className="button button--primary" disabled={!canWrite}>
              {t.send}
            </button>
            <button
              type="button"
              className="button"
              disabled={!canWrite}
              onClick={() => store.disconnect(card.key, word)}
            >
              {t.disconnect}
            </button>
          </div>
          {over && (
            <p
              id={`${ids}-refusal`}
              className={refused ? 'refusal is-refused' : 'refusal'}
              role="alert"
            >
              {format(t.tooLong, { count, max }, lang)}
            </p>
          )}
        </form>
      )}
      <ExchangeList exchanges={card.exchanges.list} label={t.exchanges} />
      {closed && (
        <button type="button" className="button card-remove" onClick={() => store.remove(card.key)}>
          {t.remove}
        </button>
      )}
    </article>
  );
});
