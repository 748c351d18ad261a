import { memo } from 'react';
import type { ClientView } from '../../../shared/lab.ts';
import { fill, formatBytes } from '../i18n/format.ts';
import { useLang, useMessages, type Messages } from '../i18n/lang.ts';
import { isFrom, useYourAddress, youMessages } from '../clients/yours.ts';

export const chipMessages: Messages<'raw' | 'web' | 'bot' | 'io' | 'pending' | 'yours'> = {
  en: {
    raw: 'TCP',
    web: 'web',
    bot: 'bot',
    io: 'read {in} · echoed {out}',
    pending: '{bytes} unread',
    yours: 'this page',
  },
  es: {
    raw: 'TCP',
    web: 'web',
    bot: 'bot',
    io: 'leídos {in} · eco {out}',
    pending: '{bytes} sin leer',
    yours: 'esta página',
  },
};

export interface ClientChipProps {
  client: ClientView;
  /** "served:0", "queue:2", "retrying:5": changes trigger the slide animation. */
  place: string;
  /** Bytes this page's own client sent that have not come back, if it is one of ours. */
  pending: number | null;
  /** Many clients in one area: the label alone. */
  dense: boolean;
}

/** One client in the queue panel: who it is, what kind, and how many bytes went each way. */
export const ClientChip = memo(function ClientChip({
  client,
  place,
  pending,
  dense,
}: ClientChipProps) {
  const t = useMessages(chipMessages);
  const you = useMessages(youMessages);
  const lang = useLang();
  // This page's own cards already say so; "you" is for the student's other clients.
  const yours = isFrom(client, useYourAddress()) && pending === null;
  // A client the server has not accepted has read and echoed nothing: say what matters
  // instead, how much of what it sent sits unread in the kernel (known for our own clients).
  const accepted = client.acceptedAt !== null;
  return (
    <div
      className={`chip chip--${client.kind}${dense ? ' is-dense' : ''}${yours ? ' is-yours' : ''}`}
      data-flip={client.id}
      data-place={place}
    >
      <span className="chip-label" title={client.label}>
        {client.label}
      </span>
      <span className={`kind kind--${client.kind}`}>{t[client.kind]}</span>
      {pending !== null && <span className="kind kind--yours">{t.yours}</span>}
      {yours && (
        <span className="kind kind--you" title={you.youTitle}>
          {you.you}
        </span>
      )}
      {!dense && accepted && (
        <span className="chip-io">
          {fill(t.io, {
            in: formatBytes(client.bytesIn, lang),
            out: formatBytes(client.bytesOut, lang),
          })}
        </span>
      )}
      {!dense && !accepted && pending ? (
        <span className="chip-pending">
          {fill(t.pending, { bytes: formatBytes(pending, lang) })}
        </span>
      ) : null}
    </div>
  );
});
