// The student's own program beside the diagram: its source, with the line it is blocked
// on (from the Python tracer), and what it prints, its exit, and a restart for the teacher.

import { useMemo } from 'react';
import type { ChildState } from '../../../shared/lab.ts';
import { fill } from '../i18n/format.ts';
import { useMessages } from '../i18n/lang.ts';
import { CodeBlock } from '../teaching/CodeLine.tsx';
import { useCenteredLine } from '../teaching/use-centered-line.ts';
import { ChildConsole } from './ChildConsole.tsx';
import { tracedMessages } from './traced-messages.ts';
import '../styles/code.css';
import './traced.css';

const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;

export function TracedCode({ child }: { child: ChildState }) {
  const t = useMessages(tracedMessages);
  const { source } = child.info;
  const lines = useMemo(
    () =>
      source
        ? source.text
            .replace(/\n$/, '')
            .split('\n')
            .map((text) => ({ text }))
        : [],
    [source],
  );
  const at = child.at;
  const inFile = at?.line != null && (at.file === null || at.file === source?.file);
  const markedAt = inFile && at?.line != null ? at.line - 1 : -1;
  const mark = at?.inside ? `${t.inside} · ${fill(t.blocked, { call: at.call ?? '?' })}` : t.after;

  const body = useCenteredLine<HTMLPreElement>([markedAt, mark]);

  let now = '';
  if (at?.call && at.line != null) {
    now = fill(at.inside ? t.nowInside : t.nowAfter, { line: at.line, call: at.call });
    if (!inFile && at.file)
      now += ` ${fill(t.notHere, { file: baseName(at.file), line: at.line })}`;
  } else if (at?.call && at.inside) {
    now = fill(t.nowUnknown, { call: at.call, fd: at.fd ?? '?' });
  }
  const title = source ? fill(t.code, { file: baseName(source.file) }) : t.title;

  return (
    <section className="panel code-panel traced-code" aria-label={title}>
      <h2 className="traced-title">{title}</h2>
      <div className="code-body">
        {!source && <p className="code-note">{t.noSource}</p>}
        {source && child.info.blind.some((b) => b.what === 'lines') && (
          <p className="code-note">{t.noLines}</p>
        )}
        {source && (
          <CodeBlock lines={lines} markedAt={markedAt} mark={mark} held={false} ref={body} />
        )}
        {source?.truncated && <p className="code-note">{t.truncated}</p>}
        {now && (
          <p className="code-now" data-testid="traced-now">
            {now}
          </p>
        )}
        <ChildConsole child={child} />
      </div>
    </section>
  );
}
