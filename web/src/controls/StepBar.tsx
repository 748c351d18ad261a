// The teacher's hold on the real server, always in sight under the title: step mode, the
// next step and what it will do, and slow motion. Viewers see what the server waits for.

import { useState } from 'react';
import type { LabState } from '../../../shared/lab.ts';
import { fill } from '../i18n/format.ts';
import { useLang, useMessages } from '../i18n/lang.ts';
import { LanguageSelect } from '../teaching/LanguageSelect.tsx';
import { nextStepText } from '../teaching/now.ts';
import { showSideTab } from '../teaching/side-tab.ts';
import { useShortcut } from '../teaching/use-shortcut.ts';
import { controlsMessages } from './controls-messages.ts';
import { ControlError } from './ControlError.tsx';
import { tracedMessages } from '../traced/traced-messages.ts';
import { StallNotice } from './StallNotice.tsx';
import { useControl } from './use-control.ts';
import { usePresent, useTeacher } from './use-teacher.ts';
import { useLab } from '../store/use-lab.ts';
import '../styles/step-bar.css';

/** Slow-motion choices, in milliseconds before each action of the loop. */
export const DELAYS = [0, 250, 500, 1000, 2000] as const;

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
  const lab = usePresent((lab) => lab);
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
      {(teacher || stepping) && (
        <p
          className={`next-text${lab.paused ? ' is-held' : ''}${stepping ? '' : ' is-off'}`}
          aria-live="polite"
        >
          {nextStepText(lab, lang)}
        </p>
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
                {ms === 0 ? t.slowOff : fill(t.ms, { ms })}
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
