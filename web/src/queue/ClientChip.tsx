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
  /** Whether it is one of this page's own web clients. */
  yours: boolean;
  /** Many clients in one area: the label alone. */
  dense: boolean;
}

/** One client in the queue panel: who it is, what kind, and how many bytes went each way. */
export const ClientChip = memo(function ClientChip({
  client,
  place,
  yours,
  dense,
}: ClientChipProps) {
  const t = useMessages(chipMessages);
  const you = useMessages(youMessages);
  const lang = useLang();
  // This page's own cards already say so; "you" is for the student's other clients.
  const mine = isFrom(client, useYourAddress()) && !yours;
  // A client the server has not accepted has read and echoed nothing: say what matters
  // instead, what it sent that the server holds unread (as the server counted it).
  const accepted = client.acceptedAt !== null;
  const unread = client.unread;
  return (
    <div
      className={`chip chip--${client.kind}${dense ? ' is-dense' : ''}${mine ? ' is-yours' : ''}`}
      data-flip={client.id}
      data-place={place}
    >
      <span className="chip-label" title={client.label}>
        {client.label}
      </span>
      <span className={`kind kind--${client.kind}`}>{t[client.kind]}</span>
      {yours && <span className="kind kind--yours">{t.yours}</span>}
      {mine && (
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
      {unread && (
        <span className="chip-pending">
          {fill(t.pending, { bytes: formatBytes(unread.bytes, lang) })}
          {/* Empty when the teacher hid it (moderateLab): the count stays. */}
          {!dense && unread.preview && (
            <q className="chip-preview">
              {unread.preview}
              {unread.truncated && '…'}
            </q>
          )}
        </span>
      )}
    </div>
  );
});
