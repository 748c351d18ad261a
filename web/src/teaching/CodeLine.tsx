// One line of code as the code panel shows it: number, coloured text, and the mark of the
// line the server is on.

import { memo, type Ref } from 'react';
import { tokenize } from './code-tokens.ts';
import type { CodeLine } from './server-code.ts';

const Line = memo(function Line({
  line,
  n,
  mark,
  held,
}: {
  line: CodeLine;
  n: number;
  mark: string | null;
  held: boolean;
}) {
  return (
    <span
      className={mark ? 'code-line is-current' : 'code-line'}
      data-step={line.step}
      aria-current={mark ? 'step' : undefined}
    >
      <span className="code-n" aria-hidden="true">
        {n}
      </span>
      <span className="code-text">
        {tokenize(line.text).map((token, i) => (
          <span key={i} className={`tok-${token.kind}`}>
            {token.text}
          </span>
        ))}
      </span>
      {mark && <span className={held ? 'code-mark is-held' : 'code-mark'}>{mark}</span>}
      {'\n'}
    </span>
  );
});

/**
 * A whole listing, one line marked. Focusable: it scrolls when the column is short, and
 * keyboards must scroll it too.
 */
export function CodeBlock({
  lines,
  markedAt,
  mark,
  held,
  ref,
}: {
  lines: readonly CodeLine[];
  markedAt: number;
  mark: string | null;
  held: boolean;
  ref?: Ref<HTMLPreElement>;
}) {
  return (
    <pre className="code" tabIndex={0} ref={ref}>
      <code>
        {lines.map((line, i) => (
          <Line
            key={i}
            line={line}
            n={i + 1}
            mark={i === markedAt ? mark : null}
            held={i === markedAt && held}
          />
        ))}
      </code>
    </pre>
  );
}
