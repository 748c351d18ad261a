// "Open session": a saved JSON session replayed in place of the live view, with no server
// needed; "Back to live" returns to the server, which kept running underneath. A bad file
// gets a sentence that says what is wrong with it, and the page carries on.

import { useState, type ChangeEvent } from 'react';
import { fill } from '../i18n/format.ts';
import { useMessages } from '../i18n/lang.ts';
import { useSessions } from '../store/StoreRoot.tsx';
import { FileIcon } from './FileIcon.tsx';
import { exportMessages } from './messages.ts';
import { ToolsError } from './ToolsError.tsx';
import { MAX_SESSION_CHARS, parseSession } from './session-format.ts';

export function OpenSession() {
  const t = useMessages(exportMessages);
  const sessions = useSessions();
  const [error, setError] = useState<string | null>(null);
  if (!sessions) return null;

  const onFile = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    // The same file chosen again must still fire a change.
    input.value = '';
    if (!file) return;
    // A UTF-16 unit is at most 3 bytes of UTF-8: past this, the text is surely too long.
    if (file.size > MAX_SESSION_CHARS * 3) {
      setError(t['problem.size']);
      return;
    }
    const parsed = parseSession(await file.text());
    if (!parsed.ok) {
      setError(fill(t[`problem.${parsed.problem}`], { at: parsed.at }));
      return;
    }
    setError(null);
    sessions.open(parsed.session);
  };

  return (
    <>
      <label className="button st-button tools-file" title={t.open}>
        <FileIcon kind="open" />
        <span className="st-text">{t.open}</span>
        <input
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          onChange={(e) => void onFile(e)}
        />
      </label>
      {sessions.leave && (
        <button type="button" className="button button--primary" onClick={sessions.leave}>
          {t.leave}
        </button>
      )}
      <ToolsError error={error} dismiss={() => setError(null)} />
    </>
  );
}
