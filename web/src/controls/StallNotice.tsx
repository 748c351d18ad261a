// When a client stalls the real server (it stops reading, or vanishes without FIN or RST),
// the step bar says so plainly: on whom, what is unsent, since when, counting live, and the
// teacher gets a one-click disconnect, made prominent while others wait in the queue.

import { useEffect, useState } from 'react';
import { fill, format } from '../i18n/format.ts';
import { useLang, useMessages } from '../i18n/lang.ts';
import { useLab } from '../store/use-lab.ts';
import { ControlError } from './ControlError.tsx';
import { stallMessages, stallsOf, stallText } from './stall-messages.ts';
import { useControl } from './use-control.ts';
import { useShownPresent } from '../moderation/use-moderation.ts';
import { useTeacher } from './use-teacher.ts';

/**
 * The server's clock (ms since it started), ticking once a second while `ticking`. The
 * page assumes its clock agrees with the server's: the teacher's page runs beside it.
 */
function useServerNow(startedAt: number, ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const tick = (): void => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [ticking]);
  return Math.max(0, now - startedAt);
}

export function StallNotice() {
  const t = useMessages(stallMessages);
  const lang = useLang();
  // Hidden names stay hidden here too: the notice is on the projected page.
  const lab = useShownPresent();
  const teacher = useTeacher();
  // A saved session has no clock running on: its waits end at its last event.
  const endT = useLab((v) => (v.source === 'replay' ? (v.timeline.endT ?? 0) : null));
  const { send, busy, error } = useControl();

  const served = lab.served.length > 0;
  const blocked = lab.served.some((id) => lab.clients[id]?.sendBlocked);
  const inRecv = lab.step === 'recv' && !lab.paused && lab.config?.mode === 'iterative';
  const live = useServerNow(lab.startedAt, endT === null && served && (blocked || inRecv));
  const now = endT ?? live;
  const stalls = stallsOf(lab, now);
  if (stalls.length === 0) return null;

  const waiting = lab.config?.mode === 'iterative' ? lab.queue.length : 0;
  return (
    <div
      className={`stall-notice${waiting > 0 ? ' is-urgent' : ''}`}
      role="status"
      aria-label={t.label}
    >
      {stalls.map((stall) => (
        <p key={`${stall.kind}${stall.client}`} className="stall-line">
          <span className="stall-text">{stallText(stall, now, lang)}</span>
          {waiting > 0 && (
            <span className="stall-waiting">{format(t.waiting, { n: waiting }, lang)}</span>
          )}
          {teacher && (
            <button
              type="button"
              className={`button ${waiting > 0 ? 'button--primary' : 'button--small'}`}
              disabled={busy}
              aria-label={fill(t.disconnectLabel, { client: stall.label })}
              onClick={() => void send({ type: 'disconnect', id: stall.client })}
            >
              {t.disconnect}
            </button>
          )}
        </p>
      ))}
      <ControlError error={error} />
    </div>
  );
}
