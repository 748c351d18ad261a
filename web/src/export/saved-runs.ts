// The teacher's saved runs, fetched from the server's /api/sessions (see
// server/http/sessions-api.ts). The token of classroom mode goes in a header, never in
// the address. A part arrives as a session file and is checked like any opened file.

import type { RunIndex, RunList } from '../../../server/recording/run-api.ts';
import { takeTeacherToken } from '../store/teacher-token.ts';
import { parseSession, type ParsedSession } from './session-format.ts';

export type { RunIndex, RunList, RunPart } from '../../../server/recording/run-api.ts';

/** server/http/sessions-api.ts reads the token from this header. */
const TOKEN_HEADER = 'x-echo-lab-token';
const API = '/api/sessions';

async function get(path: string): Promise<Response> {
  const token = takeTeacherToken();
  const response = await fetch(path, {
    headers: token ? { [TOKEN_HEADER]: token } : {},
    cache: 'no-store',
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
    throw new Error(typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`);
  }
  return response;
}

export const fetchSavedRuns = async (): Promise<RunList> =>
  (await (await get(API)).json()) as RunList;

export const fetchRunIndex = async (name: string): Promise<RunIndex> =>
  (await (await get(`${API}/${encodeURIComponent(name)}`)).json()) as RunIndex;

export const fetchRunPart = async (name: string, n: number): Promise<ParsedSession> =>
  parseSession(await (await get(`${API}/${encodeURIComponent(name)}/parts/${n}`)).text());

/** "12:40" from a run's ISO start, or its file name's, in the teacher's local time. */
export function runStart(run: { name: string; startedAt?: string | null }, lang: string): string {
  const iso =
    run.startedAt ??
    /^run-(\d{4}-\d\d-\d\dT\d\d)-(\d\d)-(\d\d\.\d{3}Z)/.exec(run.name)?.slice(1).join(':');
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return run.name;
  return date.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A moment of a run, as minutes and seconds since it started: "4:07". */
export function runClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
