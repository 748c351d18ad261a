// "Add clients": real TCP clients started inside Echo Lab, so a teacher fills the queue
// without opening terminals. The fields' bounds (the schema's, in shared/schema/bounds.ts)
// guide the spin buttons, but the server is the one judge of a command: what it refuses, it says why, and the form shows it.

import { useState, type FormEvent } from 'react';
import { BOT_BOUNDS, type Bounds } from '../../../shared/schema/bounds.ts';
import { format } from '../i18n/format.ts';
import { useLang, useMessages } from '../i18n/lang.ts';
import { controlsMessages } from './controls-messages.ts';
import { ControlError } from './ControlError.tsx';
import { useControl } from './use-control.ts';
import { usePresent } from './use-teacher.ts';

/**
 * What the teacher last typed, for as long as the page is open: the form unmounts with its
 * tab, and coming back to it must not undo their choices.
 */
const remembered = { count: '3', messages: '2', pace: '1000' };
type Field = keyof typeof remembered;

function useRemembered(field: Field): [string, (value: string) => void] {
  const [value, setValue] = useState(remembered[field]);
  const set = (next: string): void => {
    remembered[field] = next;
    setValue(next);
  };
  return [value, set];
}

export function BotsForm() {
  const t = useMessages(controlsMessages);
  const lang = useLang();
  const { send, busy, error } = useControl();
  const [count, setCount] = useRemembered('count');
  const [messages, setMessages] = useRemembered('messages');
  const [pace, setPace] = useRemembered('pace');
  const running = usePresent(
    (lab) =>
      Object.values(lab.clients).filter((c) => c.kind === 'bot' && c.phase !== 'closed').length,
  );

  const add = (event: FormEvent): void => {
    event.preventDefault();
    void send({
      type: 'bots',
      count: Number(count),
      messages: Number(messages),
      intervalMs: Number(pace),
    });
  };

  const field = (label: string, value: string, set: (v: string) => void, { min, max }: Bounds) => (
    <label className="field">
      <span>{label}</span>
      <input
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={value}
        onChange={(e) => set(e.target.value)}
      />
    </label>
  );

  return (
    <form className="control-group" onSubmit={add} noValidate>
      <div className="control-row">
        {field(t.botCount, count, setCount, BOT_BOUNDS.count)}
        {field(t.botMessages, messages, setMessages, BOT_BOUNDS.messages)}
        {field(t.botPace, pace, setPace, BOT_BOUNDS.intervalMs)}
      </div>
      <div className="control-row">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t.addBots}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || running === 0}
          onClick={() => void send({ type: 'stopBots' })}
        >
          {t.stopBots}
        </button>
        {running > 0 && (
          <span className="count">{format(t.botsRunning, { n: running }, lang)}</span>
        )}
      </div>
      <p className="hint">{t.botsHint}</p>
      <ControlError error={error} />
    </form>
  );
}
