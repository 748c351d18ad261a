// A saved session: the kept events and the first state they can be replayed from, in a
// named, versioned JSON object, so a later Echo Lab can tell its own files (and their age)
// from anything else. Pure: the tests feed it bad files.

import type { LabEvent } from '../../../shared/protocol.ts';
import {
  SESSION_FORMAT,
  SESSION_VERSION,
  type SessionFile,
} from '../../../shared/schema/session.ts';
import type { Recording } from '../store/view-store.ts';
import { openConfig, openEvent, openLab } from './session-validate.ts';

export {
  SESSION_FORMAT,
  SESSION_VERSION,
  type SessionFile,
} from '../../../shared/schema/session.ts';

/** Far more than a page keeps; a bigger file is refused rather than slowly parsed. */
const MAX_SESSION_EVENTS = 10_000;
export const MAX_SESSION_CHARS = 40_000_000;

export function toSession(recording: Recording, exportedAt = new Date()): SessionFile {
  return {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    exportedAt: exportedAt.toISOString(),
    config: recording.present.config,
    snapshot: { seq: recording.anchor.seq, state: recording.anchor.state },
    events: [...recording.events],
  };
}

export const SessionProblem = {
  /** Not JSON at all. */
  json: 'json',
  /** JSON, but not an Echo Lab session. */
  format: 'format',
  /** An Echo Lab session from a newer version. */
  version: 'version',
  /** Too big to be one this page could have saved. */
  size: 'size',
  /** An Echo Lab session with a bad field (named by `at`). */
  field: 'field',
} as const;
export type SessionProblem = (typeof SessionProblem)[keyof typeof SessionProblem];

export type ParsedSession =
  { ok: true; session: SessionFile } | { ok: false; problem: SessionProblem; at: string };

const fail = (problem: SessionProblem, at = ''): ParsedSession => ({ ok: false, problem, at });

/** Checks a file's text as a saved session; never throws. */
export function parseSession(text: string): ParsedSession {
  if (text.length > MAX_SESSION_CHARS) return fail(SessionProblem.size);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail(SessionProblem.json);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail(SessionProblem.format);
  }
  const file = data as Record<string, unknown>;
  if (file.format !== SESSION_FORMAT) return fail(SessionProblem.format);
  if (typeof file.version !== 'number') return fail(SessionProblem.field, 'version');
  if (file.version > SESSION_VERSION) return fail(SessionProblem.version, String(file.version));
  if (file.version !== SESSION_VERSION) return fail(SessionProblem.field, 'version');
  if (typeof file.exportedAt !== 'string') return fail(SessionProblem.field, 'exportedAt');
  const config = openConfig(file.config, 'config');
  if (!config.ok) return fail(SessionProblem.field, config.at);

  const { snapshot } = file;
  if (!Array.isArray(file.events)) return fail(SessionProblem.field, 'events');
  if (file.events.length > MAX_SESSION_EVENTS) return fail(SessionProblem.size);
  const events: LabEvent[] = [];
  let previous = -Infinity;
  for (let i = 0; i < file.events.length; i++) {
    const event = openEvent(file.events[i], `events[${i}]`);
    if (!event.ok) return fail(SessionProblem.field, event.at);
    if (event.value.seq <= previous) return fail(SessionProblem.field, `events[${i}].seq`);
    previous = event.value.seq;
    events.push(event.value);
  }

  if (typeof snapshot !== 'object' || snapshot === null)
    return fail(SessionProblem.field, 'snapshot');
  const { seq, state: rawState } = snapshot as Record<string, unknown>;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) {
    return fail(SessionProblem.field, 'snapshot.seq');
  }
  const state = openLab(rawState, 'snapshot.state');
  if (!state.ok) return fail(SessionProblem.field, state.at);
  // The replay starts from the snapshot: it must be one of the events or sit just before them.
  const first = events[0];
  const fits =
    first === undefined ||
    seq === first.seq - 1 ||
    (seq < first.seq && first.type === 'server.started') ||
    events.some((e) => e.seq === seq);
  if (!fits || state.value.seq !== seq) return fail(SessionProblem.field, 'snapshot.seq');

  return {
    ok: true,
    session: {
      format: SESSION_FORMAT,
      version: SESSION_VERSION,
      exportedAt: file.exportedAt,
      config: config.value,
      snapshot: { seq, state: state.value },
      events,
    },
  };
}

/** The session a replay file carries in its page, if any; its id is part of the format. */
export const EMBEDDED_SESSION_ID = 'echo-lab-session';

/**
 * JSON safe inside <script type="application/json">: "<" is escaped so no "</script>" or
 * "<!--" in a preview can end the element early; JSON.parse reads it back unchanged.
 */
export const embeddableJson = (session: SessionFile): string =>
  JSON.stringify(session).replace(/</g, '\\u003c');
