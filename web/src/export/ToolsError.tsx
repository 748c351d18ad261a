import { useMessages } from '../i18n/lang.ts';
import { exportMessages } from './messages.ts';

/** A problem with an export or an opened file, until the teacher dismisses it. */
export function ToolsError({ error, dismiss }: { error: string | null; dismiss: () => void }) {
  const t = useMessages(exportMessages);
  if (!error) return null;
  return (
    <p className="tools-error" role="alert">
      {error}{' '}
      <button type="button" className="button" onClick={dismiss}>
        {t.dismiss}
      </button>
    </p>
  );
}
