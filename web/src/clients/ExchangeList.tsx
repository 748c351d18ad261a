import { useLayoutEffect, useRef } from 'react';
import { format, formatBytesExact } from '../i18n/format.ts';
import { useLang, useMessages } from '../i18n/lang.ts';
import { cardMessages } from './client-card-messages.ts';
import { isComplete, type Exchange } from './exchanges.ts';

function Echo({ exchange }: { exchange: Exchange }) {
  const t = useMessages(cardMessages);
  const lang = useLang();
  if (exchange.word) return <span className="muted">{t.wordNoEcho}</span>;
  if (exchange.echoBytes === 0) return <span className="muted">{t.noEcho}</span>;
  return (
    <>
      <code className="bytes">{exchange.echo}</code>
      {!isComplete(exchange) && (
        <span className="muted">
          {' '}
          ({format(t.partial, { got: exchange.echoBytes, bytes: exchange.sentBytes }, lang)})
        </span>
      )}
    </>
  );
}

/** What this client sent and what came back, newest last, kept in view as they arrive. */
export function ExchangeList({
  exchanges,
  label,
}: {
  exchanges: readonly Exchange[];
  label: string;
}) {
  const lang = useLang();
  const list = useRef<HTMLOListElement>(null);
  const last = exchanges.at(-1);
  useLayoutEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [last]);
  if (exchanges.length === 0) return null;
  return (
    <ol className="exchanges" aria-label={label} ref={list}>
      {exchanges.map((e) => (
        <li key={e.n} className={isComplete(e) ? 'exchange is-done' : 'exchange'}>
          <span className="arrow arrow--out" aria-hidden="true">
            →
          </span>
          <code className="bytes">{e.sent}</code>
          <span className="size">{formatBytesExact(e.sentBytes, lang)}</span>
          <span className="arrow arrow--in" aria-hidden="true">
            ←
          </span>
          <span className="echo">
            <Echo exchange={e} />
          </span>
        </li>
      ))}
    </ol>
  );
}
