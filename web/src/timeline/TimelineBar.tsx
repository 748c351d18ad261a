// The bar under the diagram that moves the whole page through time: pause while the server
// runs on, step event by event, play back at a chosen speed, and come back to live. The
// keyboard does the same (space, arrows, Home, End) from anywhere but a text field.

import { useCallback, useEffect, useMemo, type ReactNode } from 'react';
import { SessionTools } from '../export/SessionTools.tsx';
import { clockTime } from '../i18n/clock.ts';
import { format, formatNumber } from '../i18n/format.ts';
import { useLang, useMessages } from '../i18n/lang.ts';
import type { TimelineControls } from '../store/lab-store.ts';
import { isSpeed, SPEEDS } from '../store/timeline.ts';
import { useLab, useLabStore } from '../store/use-lab.ts';
import { Icon, type IconName } from './icons.tsx';
import { describeTarget, timelineKey, TimelineKey } from './keys.ts';
import { timelineMessages } from './messages.ts';
import '../styles/timeline.css';

function useTimelineKeys(controls: TimelineControls): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented) return;
      const action = timelineKey(e, describeTarget(e.target));
      if (!action) return;
      e.preventDefault();
      switch (action) {
        case TimelineKey.toggle:
          return controls.toggle();
        case TimelineKey.back:
          return controls.step(-1);
        case TimelineKey.forward:
          return controls.step(1);
        case TimelineKey.oldest:
          return controls.oldest();
        case TimelineKey.live:
          return controls.live();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [controls]);
}

/**
 * Unavailable buttons are aria-disabled rather than disabled, so a keyboard user stepping
 * to the end keeps focus on the button instead of being thrown back to the page's top.
 */
function ToolButton({
  icon,
  label,
  unavailable = false,
  className = '',
  pressed,
  onPress,
  children,
}: {
  icon: IconName;
  label: string;
  unavailable?: boolean;
  className?: string;
  pressed?: boolean;
  onPress: () => void;
  children?: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`tl-button ${className}`}
      aria-label={children ? undefined : label}
      title={label}
      aria-disabled={unavailable || undefined}
      aria-pressed={pressed}
      onClick={() => {
        if (!unavailable) onPress();
      }}
    >
      <Icon name={icon} />
      {children}
    </button>
  );
}

export function TimelineBar() {
  const t = useMessages(timelineMessages);
  const lang = useLang();
  const { timeline: controls } = useLabStore();
  const tl = useLab((v) => v.timeline);
  useTimelineKeys(controls);

  const seconds = useCallback((ms: number): string => clockTime(ms, lang), [lang]);
  const speedText = useMemo(() => new Intl.NumberFormat(lang), [lang]);

  const replay = tl.source === 'replay';
  const running = tl.following || tl.playing;
  const none = tl.count === 0;
  const atStart = tl.index <= tl.floor;
  const atEnd = tl.index >= tl.count - 1;
  const time = tl.t === null ? '' : seconds(tl.t);
  const position = none
    ? t.noEvents
    : format(t.of, { n: tl.index + 1, count: tl.count, t: time }, lang);

  return (
    <section
      className={`timeline${running ? '' : ' is-paused'}${replay ? ' is-replay' : ''}`}
      aria-label={t.timeline}
    >
      <div className="tl-buttons">
        <ToolButton
          icon="oldest"
          label={t.oldest}
          unavailable={none || atStart}
          onPress={controls.oldest}
        />
        <ToolButton
          icon="back"
          label={t.back}
          unavailable={none || atStart}
          onPress={() => controls.step(-1)}
        />
        <ToolButton
          icon={running ? 'pause' : 'play'}
          label={running ? t.pause : t.play}
          className="tl-main"
          unavailable={none}
          onPress={controls.toggle}
        />
        <ToolButton
          icon="forward"
          label={t.forward}
          unavailable={none || tl.following || atEnd}
          onPress={() => controls.step(1)}
        />
      </div>
      <select
        className="tl-speed"
        aria-label={t.speed}
        title={t.speed}
        value={tl.speed}
        onChange={(e) => {
          const speed = Number(e.currentTarget.value);
          if (isSpeed(speed)) controls.setSpeed(speed);
        }}
      >
        {SPEEDS.map((speed) => (
          <option key={speed} value={speed}>
            {speedText.format(speed)}×
          </option>
        ))}
      </select>
      <input
        type="range"
        className="tl-slider"
        aria-label={t.position}
        aria-valuetext={position}
        min={none ? 0 : tl.floor}
        max={none ? 0 : tl.count - 1}
        value={none ? 0 : tl.index}
        disabled={none}
        onChange={(e) => controls.seek(Number(e.currentTarget.value))}
      />
      <p className="tl-where">
        <span className="tl-time">{time}</span>
        {!none && (
          <span className="tl-count">
            {formatNumber(tl.index + 1, lang)}/{formatNumber(tl.count, lang)}
          </span>
        )}
        {!tl.following && tl.behind > 0 && !replay && (
          <span className="tl-behind">{format(t.behind, { n: tl.behind }, lang)}</span>
        )}
      </p>
      {tl.frozen && !tl.following && <p className="tl-frozen">{t.frozen}</p>}
      <ToolButton
        icon="live"
        label={replay ? t.last : t.live}
        className="tl-live"
        pressed={replay ? undefined : tl.following}
        unavailable={replay ? none || atEnd : false}
        onPress={controls.live}
      >
        {replay ? t.last : t.live}
      </ToolButton>
      <SessionTools />
    </section>
  );
}
