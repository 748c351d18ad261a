import { useCallback, useContext, useState } from 'react';
import type { ControlCommand, ControlResult } from '../../../shared/protocol.ts';
import { LabStoreContext } from '../store/use-lab.ts';

export interface Control {
  /** Sends a command; the server checks it and answers. */
  send: (command: ControlCommand) => Promise<ControlResult>;
  /** A command is on its way. */
  busy: boolean;
  /** The server's reason for refusing the last command, until the next one. */
  error: string | null;
}

/** One group of controls: its commands, whether one is in flight, and the last refusal. */
export function useControl(): Control {
  const store = useContext(LabStoreContext);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = useCallback(
    async (command: ControlCommand): Promise<ControlResult> => {
      if (!store) return { ok: false, error: 'no server' };
      setBusy(true);
      const result = await store.control(command);
      setBusy(false);
      setError(result.ok ? null : result.error);
      return result;
    },
    [store],
  );
  return { send, busy, error };
}
