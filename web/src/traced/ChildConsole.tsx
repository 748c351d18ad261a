// What the program prints, whether it still runs, what Echo Lab cannot see of it, and the
// teacher's button to start it again.

import { useEffect, useRef } from 'react';
import type { ChildState } from '../../../shared/lab.ts';
import { ControlError } from '../controls/ControlError.tsx';
import { useControl } from '../controls/use-control.ts';
import { useTeacher } from '../controls/use-teacher.ts';
import { fill } from '../i18n/format.ts';
import { useMessages } from '../i18n/lang.ts';
import { tracedMessages } from './traced-messages.ts';

export function ChildConsole({ child }: { child: ChildState }) {
  const t = useMessages(tracedMessages);
  const teacher = useTeacher();
  const control = useControl();
  const log = useRef<HTMLPreElement>(null);
  const { exit, output } = child;
  const status = exit
    ? exit.signal
      ? fill(t.exitSignal, { signal: exit.signal })
      : fill(t.exitCode, { code: exit.code ?? '?' })
    : fill(t.running, { pid: child.info.pid });

  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [output]);

  return (
    <div className="child-console">
      <div className="child-status">
        <span className={exit ? 'child-state is-ended' : 'child-state'} role="status">
          {status}
        </span>
        {teacher && (
          <button
            type="button"
            className="button"
            disabled={control.busy}
            onClick={() => void control.send({ type: 'restart' })}
          >
            {t.restart}
          </button>
        )}
      </div>
      <ControlError error={control.error} />
      {child.info.blind.map((b) => (
        <p key={b.what} className="child-blind">
          {fill(t[`blind.${b.what}`], { why: b.why })}
        </p>
      ))}
      <h3 className="child-output-title">{t.output}</h3>
      <pre className="child-output" ref={log} tabIndex={0} aria-label={t.output}>
        {output.length === 0 && <span className="child-line">{t.noOutput}</span>}
        {output.map((line, i) => (
          <span key={i} className={`child-line is-${line.stream}`}>
            {line.text}
            {'\n'}
          </span>
        ))}
      </pre>
      {child.outputDropped > 0 && (
        <p className="code-note">{fill(t.dropped, { n: child.outputDropped })}</p>
      )}
    </div>
  );
}
