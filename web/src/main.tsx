import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { WebClientsContext } from './clients/use-web-clients.ts';
import { createWebClients } from './clients/web-clients.ts';
import { restorePresentation } from './presentation/preferences.ts';
import { startStores } from './store/start.ts';
import { StoreRoot } from './store/StoreRoot.tsx';
import { LanguageProvider } from './teaching/LanguageProvider.tsx';
import './styles/base.css';
import './styles/layout.css';
import './styles/queue.css';
import './styles/clients.css';
import './styles/theme.css';
import './styles/projector.css';

// A replay file carries its session in the page: then there is no server to talk to.
const { live, replay } = startStores();
restorePresentation();
const webClients = createWebClients();

// Leaving the page closes our TCP clients with a FIN, as a terminal client would on exit.
addEventListener('pagehide', () => webClients.dispose());

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <StoreRoot live={live} replay={replay}>
      <WebClientsContext value={webClients}>
        <LanguageProvider>
          <App />
        </LanguageProvider>
      </WebClientsContext>
    </StoreRoot>
  </StrictMode>,
);
