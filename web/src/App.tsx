import { SequenceDiagram } from './diagram/SequenceDiagram.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { Header } from './header/Header.tsx';
import { useMessages, type Messages } from './i18n/lang.ts';
import { useShownEvents, useShownLab } from './moderation/use-moderation.ts';
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
 * The projected page: the header, then the diagram as the stage with the whole height
 * left, and beside it one column with the accept queue, the code and the web clients. Web
 * cards live in that column (not under the diagram) so that opening one never takes rows
 * from the diagram, which stays at least half of a 1280×720 projector.
 */
export function App() {
  return (
    <div className="app">
      <Header />
      <main className="stage">
        <Diagram />
        <SidePanel />
      </main>
    </div>
  );
}
