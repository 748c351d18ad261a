// The teacher's side tab: the server's settings, the diagram, bot clients and every open
// connection. Only the teacher's page shows it; the server checks every command anyway.

import { useId, type ReactNode } from 'react';
import { useMessages } from '../i18n/lang.ts';
import { BotsForm } from './BotsForm.tsx';
import { ClientList } from './ClientList.tsx';
import { controlsMessages } from './controls-messages.ts';
import { ControlError } from './ControlError.tsx';
import { ServerSettings } from './ServerSettings.tsx';
import { useControl } from './use-control.ts';
import { usePresent } from './use-teacher.ts';
import { tracedMessages } from '../traced/traced-messages.ts';
import '../styles/controls.css';

export function ControlsPanel() {
  const t = useMessages(controlsMessages);
  const config = usePresent((lab) => lab.config);
  const traced = usePresent((lab) => lab.child !== null);
  const tt = useMessages(tracedMessages);
  const clear = useControl();
  const ids = useId();
  /** A titled group; groups rather than regions keep the landmarks few. */
  const group = (key: string, title: string, body: ReactNode) => (
    <div role="group" aria-labelledby={`${ids}-${key}`} className="control-section">
      <h3 id={`${ids}-${key}`} className="control-title">
        {title}
      </h3>
      {body}
    </div>
  );

  return (
    <section className="panel controls-panel" aria-labelledby={`${ids}-title`}>
      <header className="panel-head">
        <h2 id={`${ids}-title`}>{t.title}</h2>
      </header>
      {traced && group('server', t.server, <p className="hint">{tt.settingsByProgram}</p>)}
      {config && !traced && group('server', t.server, <ServerSettings config={config} />)}
      {group(
        'diagram',
        t.diagram,
        <>
          <div className="control-row">
            <button
              type="button"
              className="button"
              disabled={clear.busy}
              onClick={() => void clear.send({ type: 'clear' })}
            >
              {t.clear}
            </button>
            <span className="hint">{t.clearHint}</span>
          </div>
          <ControlError error={clear.error} />
        </>,
      )}
      {group('bots', t.bots, <BotsForm />)}
      {group('clients', t.clients, <ClientList />)}
    </section>
  );
}
