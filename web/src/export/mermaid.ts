// The session as a Mermaid `sequenceDiagram`, to paste into notes, a README or a slide: the
// same rows and words as the page's diagram (bursts folded, byte counts exact), with every
// character Mermaid would read as syntax written as one of its entity codes. Pure.

import { revealVisible } from '../../../shared/bytes.ts';
import type { LabState } from '../../../shared/lab.ts';
import type { EchoConfig, LabEvent } from '../../../shared/protocol.ts';
import { buildRows } from '../diagram/build-rows.ts';
import { clientLabeler } from '../diagram/lanes.ts';
import { sentByClient } from '../diagram/layout.ts';
import { isNote, type Row } from '../diagram/rows.ts';
import { rowText, type TextKit } from '../diagram/text.ts';
import { shownAddress } from '../join/classroom.ts';

/**
 * Mermaid reads "#" as the start of an entity code and ";" as the end of a statement;
 * "<" and ">" may open HTML ("<br>"), quotes delimit, "%%" starts a comment and "{" "}" a
 * directive. Each becomes "#<code>;", which Mermaid turns back into the character. Line
 * breaks would end the statement, so they become spaces (previews already escape them).
 */
const CODES: Readonly<Record<string, string>> = {
  '#': '#35;',
  ';': '#59;',
  '<': '#60;',
  '>': '#62;',
  '"': '#34;',
  '%': '#37;',
  '{': '#123;',
  '}': '#125;',
  ':': '#58;',
};

export function mermaidText(text: string, keepColons = true): string {
  const coded = text.replace(/[#;<>"%{}:\r\n]/g, (ch) => {
    if (ch === '\r' || ch === '\n') return ' ';
    if (ch === ':' && keepColons) return ch;
    return CODES[ch] ?? ch;
  });
  // The page's text is visible already; this keeps any raw bidi or zero-width character
  // that could still reach here out of a file meant to be pasted anywhere.
  return revealVisible(coded);
}

/** Participant names go before "as" and a colon there would end them: escape it too. */
const alias = (text: string): string => mermaidText(text, false);

const SERVER = 'S';
const clientId = (id: number): string => `C${id}`;

/** Solid arrows are what a side sends; dashed ones are replies, as in the page's diagram. */
function arrow(row: Extract<Row, { client: number }>): string {
  switch (row.kind) {
    case 'connect':
      return row.retrying ? '-x' : '->>';
    case 'accept':
    case 'echo':
      return '-->>';
    case 'close':
      return row.by === 'client' ? '-)' : '-x';
    default:
      return '->>';
  }
}

export interface MermaidOptions {
  kit: TextKit;
  /** The server's caption, e.g. "127.0.0.1:8000". */
  server?: string;
  /** A first comment line, e.g. when it was exported. */
  comment?: string;
  /** The settings before the first event, so a change of settings says what it changed. */
  settingsBefore?: EchoConfig | null;
}

export function toMermaid(
  events: readonly LabEvent[],
  lab: LabState,
  { kit, server, comment, settingsBefore = null }: MermaidOptions,
): string {
  const rows = buildRows(events, undefined, settingsBefore);
  const labelOf = clientLabeler(rows, lab);
  const config = lab.config;
  const serverName = server ?? (config ? shownAddress(config.host, config.port) : '');
  const lines: string[] = [];
  if (comment) lines.push(`%% ${comment.replace(/[\r\n]+/g, ' ')}`);
  lines.push('sequenceDiagram');
  lines.push(
    `    participant ${SERVER} as ${alias(serverName ? `${kit.m.server} ${serverName}` : kit.m.server)}`,
  );

  // Clients in order of their first row, so the columns read left to right as they came.
  const seen = new Set<number>();
  for (const row of rows) {
    if (!('client' in row) || seen.has(row.client)) continue;
    seen.add(row.client);
    lines.push(
      `    participant ${clientId(row.client)} as ${alias(`${labelOf(row.client)} #${row.client}`)}`,
    );
  }

  for (const row of rows) {
    const text = mermaidText(rowText(row, kit, { previewChars: Infinity, labelOf }));
    if (isNote(row)) {
      lines.push(`    Note over ${SERVER}: ${text}`);
      continue;
    }
    const client = clientId(row.client);
    const [from, to] = sentByClient(row) ? [client, SERVER] : [SERVER, client];
    lines.push(`    ${from}${arrow(row)}${to}: ${text}`);
  }
  return `${lines.join('\n')}\n`;
}
