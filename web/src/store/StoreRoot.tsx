// Which store the page shows: the live server's, or a saved session opened from a file.
// The live store keeps running underneath a replay (bounded as always), so "Back to live"
// is instant. A page built as a replay file has no live store at all.

import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { SessionFile } from '../export/session-format.ts';
import type { LabStore } from './lab-store.ts';
import { createReplayStore } from './replay-store.ts';
import { LabStoreContext } from './use-lab.ts';

export interface Sessions {
  /** Replays a saved session in place of the live view. */
  open(session: SessionFile): void;
  /** Back to the live server; null when there is none (a replay file) or it already shows. */
  leave: (() => void) | null;
}

const SessionsContext = createContext<Sessions | null>(null);

export function useSessions(): Sessions | null {
  return useContext(SessionsContext);
}

export function StoreRoot({
  live,
  replay = null,
  children,
}: {
  live: LabStore | null;
  /** The session a replay file carries, shown from the start. */
  replay?: LabStore | null;
  children: ReactNode;
}) {
  const [opened, setOpened] = useState<LabStore | null>(replay);
  const current = useRef(opened);

  const show = useCallback((next: LabStore | null) => {
    // The replaced replay stops its playback clock; the live store is never closed here.
    if (current.current && current.current !== next) current.current.close();
    current.current = next;
    setOpened(next);
  }, []);

  const sessions = useMemo<Sessions>(
    () => ({
      open: (session) => show(createReplayStore(session)),
      leave: live && opened ? () => show(null) : null,
    }),
    [live, opened, show],
  );

  const store = opened ?? live;
  if (!store) throw new Error('StoreRoot needs a live store or a replay');
  return (
    <SessionsContext value={sessions}>
      <LabStoreContext value={store}>{children}</LabStoreContext>
    </SessionsContext>
  );
}
