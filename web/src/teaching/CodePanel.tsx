// The homework's code beside the diagram, with the line the real server is on marked and
// following it as events arrive. A second tab shows the client's loop.

import { useId, useMemo, useState } from 'react';
import { DEFAULTS } from '../../../shared/protocol.ts';
import type { LabState } from '../../../shared/lab.ts';
import { useLang, useMessages, type Messages } from '../i18n/lang.ts';
import { useShownLab } from '../moderation/use-moderation.ts';
import { CodeBlock } from './CodeLine.tsx';
import { nowText } from './now.ts';
import { clientCode, codeSpot, serverCode, type CodeSpot } from './server-code.ts';
import { TracedCode } from '../traced/TracedCode.tsx';
import { panelId, tabId, Tabs } from './Tabs.tsx';
import { useCenteredLine } from './use-centered-line.ts';
import '../styles/code.css';

const messages: Messages<
  | 'code'
  | 'server'
  | 'client'
  | 'serverCode'
  | 'clientCode'
  | 'held'
  | 'blocked'
  | 'here'
  | 'concurrent'
  | 'clientNote'
> = {
  en: {
    code: 'Code',
    server: 'Server',
    client: 'Client',
    serverCode: 'Server code',
    clientCode: 'Client code',
    held: 'next step',
    blocked: 'blocked here',
    here: 'here',
    concurrent: 'Concurrent mode: the threaded version of the same loop.',
    clientNote: "The homework's client. Every web-form card and bot runs this loop.",
  },
  es: {
    code: 'Código',
    server: 'Servidor',
    client: 'Cliente',
    serverCode: 'Código del servidor',
    clientCode: 'Código del cliente',
    held: 'siguiente paso',
    blocked: 'bloqueado aquí',
    here: 'aquí',
    concurrent: 'Modo concurrente: la versión con hilos del mismo ciclo.',
    clientNote: 'El cliente de la tarea. Cada tarjeta web y cada bot ejecuta este ciclo.',
  },
};

type Which = 'server' | 'client';

/**
 * accept() and recv() block on the world; sendall() only when its client stops reading
 * (the server counts that as a send block); the other calls only pass through.
 */
const blocks = (spot: CodeSpot, lab: LabState): boolean =>
  spot.step === 'accept' ||
  spot.step === 'recv' ||
  (spot.step === 'send' && spot.client !== null && !!lab.clients[spot.client]?.sendBlocked);

export function CodePanel() {
  const lab = useShownLab();
  if (lab.child) return <TracedCode child={lab.child} />;
  return <HomeworkCode />;
}

function HomeworkCode() {
  const t = useMessages(messages);
  const lang = useLang();
  const lab = useShownLab();
  const [which, setWhich] = useState<Which>('server');
  const base = useId();

  const config = lab.config ?? DEFAULTS;
  const lines = useMemo(
    () => (which === 'server' ? serverCode(config, lang) : clientCode(config, lang)),
    [which, config, lang],
  );
  const spot = which === 'server' ? codeSpot(lab) : null;
  const mark = spot ? (spot.held ? t.held : blocks(spot, lab) ? t.blocked : t.here) : null;
  const markedAt = spot ? lines.findIndex((l) => l.step === spot.step) : -1;

  const body = useCenteredLine<HTMLDivElement>([markedAt, which, mark]);

  return (
    <section
      className="panel code-panel"
      aria-label={which === 'server' ? t.serverCode : t.clientCode}
    >
      <Tabs
        label={t.code}
        base={base}
        tabs={[
          { key: 'server', label: t.serverCode },
          { key: 'client', label: t.clientCode },
        ]}
        selected={which}
        onSelect={setWhich}
        className="tabs--small"
      />
      <div
        role="tabpanel"
        id={panelId(base, which)}
        aria-labelledby={tabId(base, which)}
        className="code-body"
        ref={body}
      >
        {which === 'server' && config.mode === 'concurrent' && (
          <p className="code-note">{t.concurrent}</p>
        )}
        {which === 'client' && <p className="code-note">{t.clientNote}</p>}
        <CodeBlock lines={lines} markedAt={markedAt} mark={mark} held={spot?.held ?? false} />
        {which === 'server' && <p className="code-now">{nowText(lab, lang)}</p>}
      </div>
    </section>
  );
}
