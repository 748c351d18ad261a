// A saved session's parts, checked against the one schema (shared/schema/) before the page
// replays them: a bad value is named by its path instead of crashing the page. What passes
// is a copy holding only the fields the schema knows, with every string made visible.

import { revealVisible } from '../../../shared/bytes.ts';
import type { LabState } from '../../../shared/lab.ts';
import type { EchoConfig, LabEvent } from '../../../shared/protocol.ts';
import { checkConfig, checkEvent, checkLab, type Checked } from '../../../shared/schema/session.ts';

/**
 * A session's strings are the page's visible text (previews, names), but a file can be
 * forged with raw bidi or zero-width characters in them. Escaping them, rather than refusing
 * the file, still opens files saved before names were escaped, and shows exactly what a
 * forged one holds.
 */
function reveal(value: unknown): unknown {
  if (typeof value === 'string') return revealVisible(value);
  if (typeof value !== 'object' || value === null) return value;
  // The schema's output is a fresh copy, so it may be changed in place.
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const field = fields[key];
    fields[key] =
      typeof field === 'string' && manyLines(fields, key) ? revealLines(field) : reveal(field);
  }
  return value;
}

/**
 * A traced program's source and what it printed are text of many lines, drawn as such on
 * the live page: their line breaks and tabs stay, everything else is made visible.
 */
const manyLines = (owner: Record<string, unknown>, key: string): boolean =>
  key === 'text' && (owner.type === 'child.output' || ('file' in owner && 'truncated' in owner));

const revealLines = (text: string): string =>
  text
    .split(/([\n\t])/)
    .map((part) => (part === '\n' || part === '\t' ? part : revealVisible(part)))
    .join('');

const revealed = <T>(checked: Checked<T>): Checked<T> => {
  if (checked.ok) reveal(checked.value);
  return checked;
};

export const openEvent = (value: unknown, at: string): Checked<LabEvent> =>
  revealed(checkEvent(value, at));

export const openLab = (value: unknown, at: string): Checked<LabState> =>
  revealed(checkLab(value, at));

export const openConfig = (value: unknown, at: string): Checked<EchoConfig | null> =>
  revealed(checkConfig(value, at));
