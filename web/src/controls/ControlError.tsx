import { fill } from '../i18n/format.ts';
import { useMessages } from '../i18n/lang.ts';
import { controlsMessages } from './controls-messages.ts';

/** The server's reason for refusing a command, word for word (it checks every command). */
export function ControlError({ error }: { error: string | null }) {
  const t = useMessages(controlsMessages);
  if (!error) return null;
  return (
    <p className="control-error" role="alert">
      {fill(t.refused, { error })}
    </p>
  );
}
