// A saved session replayed with the timeline, with no server and no socket: the same
// recorder as the live page, loaded once from the file and never fed again.

import type { SessionFile } from '../export/session-format.ts';
import { framesFrom } from './frames.ts';
import { at, liveCursor } from './timeline.ts';
import { createRecorder, type LabStore } from './view-store.ts';

export function createReplayStore(session: SessionFile): LabStore {
  const frames = framesFrom(session.events, session.snapshot);
  // It opens on the last event, so the whole session shows at once; Home and Play replay it.
  const cursor = at(frames, liveCursor(), frames.events.length - 1);
  const recorder = createRecorder({
    source: 'replay',
    frames,
    cursor: { ...cursor, following: false },
    link: 'replay',
    role: 'viewer',
    limit: Math.max(1, frames.events.length),
  });
  return {
    getState: recorder.getState,
    subscribe: recorder.subscribe,
    timeline: recorder.timeline,
    recording: recorder.recording,
    control: () => Promise.resolve({ ok: false, error: 'a saved session has no server' }),
    close: recorder.dispose,
  };
}
