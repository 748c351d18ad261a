// The teacher's "Hide" / "Show" on one message of the log. A button, so Tab and Enter reach
// it; the server checks the command and every page applies it from the event stream.

import { controlsMessages } from '../controls/controls-messages.ts';
import { useControl } from '../controls/use-control.ts';
import { fill } from '../i18n/format.ts';
import { useMessages } from '../i18n/lang.ts';
import { moderationMessages } from './moderation-messages.ts';
import './moderation.css';

export function HideToggle({ seq, hidden }: { seq: number; hidden: boolean }) {
  const t = useMessages(moderationMessages);
  const c = useMessages(controlsMessages);
  const { send, busy, error } = useControl();
  return (
    <>
      <button
        type="button"
        className="button button--small hide-toggle"
        disabled={busy}
        title={hidden ? t.showMessage : t.hideMessage}
        aria-label={hidden ? t.showMessage : t.hideMessage}
        onClick={() => void send({ type: 'hideMessage', seq, hidden: !hidden })}
      >
        {hidden ? t.show : t.hide}
      </button>
      {/* Inline: the log line is a span, where a paragraph may not go. */}
      {error && (
        <span className="control-error" role="alert">
          {fill(c.refused, { error })}
        </span>
      )}
    </>
  );
}
