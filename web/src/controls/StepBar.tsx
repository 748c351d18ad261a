// The teacher's hold on the real server, always in sight under the title: step mode, the
// next step and what it will do, and slow motion. Viewers see what the server waits for.

import { useEffect, useState } from 'react';
import type { LabState } from '../../../shared/lab.ts';
import { format } from '../i18n/format.ts';
import { useLang, useMessages, type Lang } from '../i18n/lang.ts';
import { LanguageSelect } from '../teaching/LanguageSelect.tsx';
import { nextStepText, slowText } from '../teaching/now.ts';
import { showSideTab } from '../teaching/side-tab.ts';
import { useShortcut } from '../teaching/use-shortcut.ts';
import { controlsMessages } from './controls-messages.ts';
import { ControlError } from './ControlError.tsx';
import { tracedMessages } from '../traced/traced-messages.ts';
import { StallNotice } from './StallNotice.tsx';
import { DELAYS } from './presets.ts';
import { useControl } from './use-control.ts';
import { useShownPresent } from '../moderation/use-moderation.ts';
import { usePresent, useTeacher } from './use-teacher.ts';
import { useLab } from '../store/use-lab.ts';
import '../styles/step-bar.css';

/**
 * Slow motion's pending action, counted down on this page's clock from when the page first
 * saw the wait (a student's laptop clock may not agree with the server's). Mounted afresh
 * for each wait, ticking ten times a second while it shows.
 */
function SlowLine({ lab, lang }: { lab: LabState; lang: Lang }) {
  const ms = lab.delayed[0]?.ms ?? 0;
  const [start] = useState(() => performance.now());
  const [now, setNow] = useState(start);
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, ms - (now - start));
  return (
    // Not a live region: a countdown would be read out ten times a second.
    <p className="next-text is-slow" data-slow-left={Math.round(left)}>
      {slowText(lab, left, lang)}
    </p>
  );
}

export function StepBar() {
  const traced = usePresent((lab) => lab.child !== null);
  return traced ? <TracedBar /> : <HomeworkStepBar />;
}

/** A traced program runs on its own: no step mode, and the bar says so. */
function TracedBar() {
  const t = useMessages(tracedMessages);
  return (
    <div className="teach-bar" role="group" aria-label={t.title}>
      <p className="viewer-note">{t.noStep}</p>
      <LanguageSelect />
    </div>
  );
}

function HomeworkStepBar() {
  const t = useMessages(controlsMessages);
  const lang = useLang();
  // Names the teacher hid stay hidden in what the bar says the server will do.
  const lab = useShownPresent();
  const teacher = useTeacher();
  // A saved session has no server to control, nor a teacher controlling it.
  const replay = useLab((v) => v.source === 'replay');
  const { send, busy, error } = useControl();
  // The holds as they were when this page last asked for a step: until the server says the
  // hold is over (a new list), it has not acted on it, and a second click would be refused.
  const [steppedAt, setSteppedAt] = useState<LabState['held'] | null>(null);

  const config = lab.config;
  const stepping = config?.stepping ?? false;
  const delay = config?.delayMs ?? 0;
  const canStep = teacher && lab.paused && steppedAt !== lab.held;
  // What slow motion waits to do, counted down; a hold in step mode says it instead.
  const slow = lab.paused ? undefined : lab.delayed[0];
  const delays: readonly number[] = DELAYS.includes(delay as (typeof DELAYS)[number])
    ? DELAYS
    : [...DELAYS, delay].sort((a, b) => a - b);

  const toggle = (): void => {
    if (!config) return;
    // Stepping is about following the code: open it where the teacher turned it on.
    if (!stepping) showSideTab('code');
    void send({ type: 'configure', settings: { stepping: !stepping } });
  };
  const next = (): void => {
    if (!canStep) return;
    setSteppedAt(lab.held);
    void send({ type: 'step' });
  };
  useShortcut('n', next, teacher);
  useShortcut('s', toggle, teacher);

  return (
    <div className="teach-bar" role="group" aria-label={t.bar}>
      {teacher ? (
        <>
          <button
            type="button"
            role="switch"
            aria-checked={stepping}
            aria-keyshortcuts="s"
            className="switch"
            disabled={!config}
            onClick={toggle}
          >
            <span className="switch-track" aria-hidden="true">
              <span className="switch-thumb" />
            </span>
            {t.stepMode}
          </button>
          <button
            type="button"
            className="button button--primary next-step"
            aria-keyshortcuts="n"
            disabled={!canStep}
            onClick={next}
          >
            {t.next}
            <kbd aria-hidden="true">N</kbd>
          </button>
        </>
      ) : replay ? null : (
        <p className="viewer-note">{t.viewer}</p>
      )}
      {slow ? (
        <SlowLine key={`${slow.since}/${slow.id}/${slow.step}`} lab={lab} lang={lang} />
      ) : (
        (teacher || stepping) && (
          <p
            className={`next-text${lab.paused ? ' is-held' : ''}${stepping ? '' : ' is-off'}`}
            aria-live="polite"
          >
            {nextStepText(lab, lang)}
          </p>
        )
      )}
      {teacher && (
        <label className="slow">
          {t.slow}{' '}
          <select
            value={delay}
            disabled={!config || busy}
            onChange={(e) =>
              void send({ type: 'configure', settings: { delayMs: Number(e.target.value) } })
            }
          >
            {delays.map((ms) => (
              <option key={ms} value={ms}>
                {ms === 0 ? t.slowOff : format(t.ms, { ms }, lang)}
              </option>
            ))}
          </select>
        </label>
      )}
      <ControlError error={error} />
      <LanguageSelect />
      <StallNotice />
    </div>
  );
}
