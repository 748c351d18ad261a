// What /api/sessions answers (server/http/sessions-api.ts), as the page reads it. Types
// only, with no Node import, so the page can `import type` them.

import type { EndReason } from './run-lines.ts';

export interface RunFile {
  name: string;
  bytes: number;
  /** When it was last written, as an ISO date. */
  modifiedAt: string;
}

export interface RunStatus {
  name: string;
  /** Bytes on the disk so far. */
  bytes: number;
  events: number;
  dropped: number;
  /** Bytes waiting for the disk (bounded by MAX_QUEUED_BYTES and one batch). */
  queued: number;
  /** Why it stopped early (full, or a disk error), or null while it records. */
  stopped: string | null;
}

export interface RunPart {
  /** 1, 2, 3… in the order of the lesson. */
  n: number;
  fromSeq: number;
  toSeq: number;
  events: number;
  /** Milliseconds since the server started, of the part's first and last event. */
  fromT: number;
  toT: number;
}

export interface RunIndex {
  name: string;
  /** From the run's first line; null when that line is unreadable. */
  startedAt: string | null;
  bytes: number;
  events: number;
  /** Events the disk did not keep up with (never written). */
  dropped: number;
  /** Why the run ended, or null: still recording, or the process was killed. */
  ended: EndReason | null;
  /** Lines that could not be read, a last line cut short by a crash included. */
  unreadable: number;
  parts: RunPart[];
}

/** GET /api/sessions */
export interface RunList {
  /** Where runs are kept on the teacher's disk; null when this run is not saved. */
  dir: string | null;
  /** Why this run is not saved, if so. */
  off: string | null;
  recording: RunStatus | null;
  /** Newest first; `live` is the run being written now. */
  runs: (RunFile & { live: boolean })[];
}
