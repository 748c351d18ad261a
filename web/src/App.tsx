import { WebClientsPanel } from './clients/WebClientsPanel.tsx';
import { SequenceDiagram } from './diagram/SequenceDiagram.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { Header } from './header/Header.tsx';
import { useMessages, type Messages } from './i18n/lang.ts';
import { useShownEvents, useShownLab } from './moderation/use-moderation.ts';
import { useLab } from './store/use-lab.ts';
import { SidePanel } from './teaching/SidePanel.tsx';
import { useExplanations } from './teaching/use-explanations.ts';
import { TimelineBar } from './timeline/TimelineBar.tsx';

const messages: Messages<'failed' | 'retry'> = {
  en: { failed: 'The diagram could not be drawn.', retry: 'Draw it again' },
  es: { failed: 'No se pudo dibujar el diagrama.', retry: 'Dibujarlo de nuevo' },
};

function Diagram() {
  const t = useMessages(messages);
  const events = useShownEvents();
  const lab = useShownLab();
  const explain = useExplanations(events, lab);
  return (
    <div className="diagram-area">
      <ErrorBoundary
        fallback={(retry) => (
          <p className="failed" role="alert">
            {t.failed}{' '}
            <button type="button" className="button" onClick={retry}>
              {t.retry}
            </button>
          </p>
        )}
      >
        <SequenceDiagram events={events} lab={lab} explain={explain} />
      </ErrorBoundary>
      <TimelineBar />
    </div>
  );
}

/**
 * The projected page: the header, the diagram as the stage, the accept queue in a column
 * beside it, and the web clients in a strip under the diagram. The strip (rather than a
 * second box in the side column) lets the queue keep its full height on a 720-pixel
 * projector and shows several cards side by side, which is how one browser demos a queue.
 */
export function App() {
  // A saved session has no server: no web-form clients to open.
  const replay = useLab((v) => v.source === 'replay');
  return (
    <div className="app">
      <Header />
      <main className="stage">
        <Diagram />
        <SidePanel />
        {!replay && <WebClientsPanel />}
      </main>
    </div>
  );
}
