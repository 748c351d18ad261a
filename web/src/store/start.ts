// Which stores the page starts with. A replay file (an "HTML (replay)" export) carries its
// session in <script type="application/json" id="echo-lab-session">: it replays that and
// never opens a socket. Any other page is the live page.

import { initialState } from '../../../shared/lab.ts';
import {
  EMBEDDED_SESSION_ID,
  parseSession,
  SESSION_FORMAT,
  SESSION_VERSION,
  type SessionFile,
} from '../export/session-format.ts';
import { createLabStore, type LabStore } from './lab-store.ts';
import { createReplayStore } from './replay-store.ts';

const EMPTY: SessionFile = {
  format: SESSION_FORMAT,
  version: SESSION_VERSION,
  exportedAt: new Date(0).toISOString(),
  config: null,
  snapshot: { seq: 0, state: initialState() },
  events: [],
};

export function startStores(doc: Document = document): {
  live: LabStore | null;
  replay: LabStore | null;
} {
  const embedded = doc.getElementById(EMBEDDED_SESSION_ID);
  if (!embedded) return { live: createLabStore(), replay: null };
  const parsed = parseSession(embedded.textContent ?? '');
  // A damaged replay file still opens, empty, rather than reaching for a server.
  return { live: null, replay: createReplayStore(parsed.ok ? parsed.session : EMPTY) };
}
