import type { EchoConfig } from '../../../shared/protocol.ts';
import { StepBar } from '../controls/StepBar.tsx';
import { fill } from '../i18n/format.ts';
import { useMessages, type Messages } from '../i18n/lang.ts';
import type { Link } from '../store/lab-store.ts';
import { shownHost } from '../join/classroom.ts';
import { StudentNote } from '../join/StudentNote.tsx';
import { PageTools } from '../presentation/PageTools.tsx';
import { useLab } from '../store/use-lab.ts';

const messages: Messages<
  | 'live'
  | 'connecting'
  | 'offline'
  | 'replay'
  | 'iterative'
  | 'concurrent'
  | 'iterativeHint'
  | 'concurrentHint'
  | 'settings'
  | 'maxMessage'
  | 'word'
  | 'try'
  | 'program'
> = {
  en: {
    live: 'Live',
    connecting: 'Connecting…',
    offline: 'Offline',
    replay: 'Saved session',
    iterative: 'Iterative',
    concurrent: 'Concurrent',
    iterativeHint: 'one client at a time',
    concurrentHint: 'every client at once',
    settings: 'Server settings',
    maxMessage: 'max {n} chars',
    word: 'word "{word}"',
    try: 'Try it',
    program: 'Program',
  },
  es: {
    live: 'En vivo',
    connecting: 'Conectando…',
    offline: 'Sin conexión',
    replay: 'Sesión guardada',
    iterative: 'Iterativo',
    concurrent: 'Concurrente',
    iterativeHint: 'un cliente a la vez',
    concurrentHint: 'todos los clientes a la vez',
    settings: 'Configuración del servidor',
    maxMessage: 'máx. {n} caracteres',
    word: 'palabra "{word}"',
    try: 'Pruébalo',
    program: 'Programa',
  },
};

/**
 * A traced program's settings are in its code: the header names the program and the one
 * setting Echo Lab saw it ask for, listen()'s backlog, and claims nothing else.
 */
function ProgramSettings({ config, command }: { config: EchoConfig; command: readonly string[] }) {
  const t = useMessages(messages);
  return (
    <ul className="settings" aria-label={t.settings}>
      <li className="mode">
        <strong>{t.program}</strong> <code>{command.join(' ')}</code>
      </li>
      {config.port > 0 && (
        <li>
          <code>listen({config.backlog})</code>
        </li>
      )}
    </ul>
  );
}

function Settings({ config }: { config: EchoConfig }) {
  const t = useMessages(messages);
  const iterative = config.mode === 'iterative';
  return (
    <ul className="settings" aria-label={t.settings}>
      <li className={`mode mode--${config.mode}`}>
        <strong>{iterative ? t.iterative : t.concurrent}</strong>{' '}
        <span className="muted">{iterative ? t.iterativeHint : t.concurrentHint}</span>
      </li>
      <li>
        <code>listen({config.backlog})</code>
      </li>
      <li>
        <code>recv({config.recvSize})</code>
      </li>
      <li>{fill(t.maxMessage, { n: config.maxMessage })}</li>
      <li>{fill(t.word, { word: config.disconnectWord })}</li>
    </ul>
  );
}

/** Title, whether the page is live, the server's settings and how to connect to it. */
export function Header() {
  const t = useMessages(messages);
  const link: Link = useLab((v) => v.link);
  const linkDetail = useLab((v) => v.linkDetail);
  const config = useLab((v) => v.lab.config);
  const command = useLab((v) => v.lab.child?.info.command);
  return (
    <header className="top">
      <h1 className="brand">Echo Lab</h1>
      <span className={`link link--${link}`} role="status">
        <span className="dot" aria-hidden="true" />
        {t[link]}
        {linkDetail && <span className="link-detail"> · {linkDetail}</span>}
      </span>
      {config && command && <ProgramSettings config={config} command={command} />}
      {config && !command && <Settings config={config} />}
      {config && link !== 'replay' && (
        <p className="try">
          <span className="muted">{t.try}:</span>{' '}
          <code className="command">
            nc {shownHost(config.host)} {config.port}
          </code>
        </p>
      )}
      <StudentNote />
      <StepBar />
      <PageTools />
    </header>
  );
}
