// The addresses the teacher blocked for this run, each with "Unblock". Read from the event
// stream, so every teacher page lists the same ones.

import { useId } from 'react';
import { ControlError } from '../controls/ControlError.tsx';
import { useControl } from '../controls/use-control.ts';
import { fill } from '../i18n/format.ts';
import { useMessages } from '../i18n/lang.ts';
import { moderationMessages } from './moderation-messages.ts';
import { useModeration } from './use-moderation.ts';
import './moderation.css';

export function BlockedList() {
  const t = useMessages(moderationMessages);
  const { blocked } = useModeration();
  const { send, busy, error } = useControl();
  const id = useId();
  return (
    <div className="blocked">
      <h4 id={id} className="control-title">
        {t.blocked} <span className="count">{blocked.length}</span>
      </h4>
      {blocked.length === 0 ? (
        <p className="hint">{t.noneBlocked}</p>
      ) : (
        <ul className="blocked-list" aria-labelledby={id}>
          {blocked.map((address) => (
            <li key={address} className="blocked-row">
              <span className="blocked-address">{address}</span>
              <button
                type="button"
                className="button button--small"
                disabled={busy}
                aria-label={fill(t.unblockOne, { address })}
                onClick={() => void send({ type: 'unblock', address })}
              >
                {t.unblock}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="hint">{t.localHint}</p>
      <ControlError error={error} />
    </div>
  );
}
