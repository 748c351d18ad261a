import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { WebClientsContext } from './clients/use-web-clients.ts';
import { createWebClients } from './clients/web-clients.ts';
import { detectLang, LangContext } from './i18n/lang.ts';
import { createLabStore } from './store/lab-store.ts';
import { LabStoreContext } from './store/use-lab.ts';
import './styles/base.css';
import './styles/layout.css';
import './styles/queue.css';
import './styles/clients.css';

const store = createLabStore();
const webClients = createWebClients();
const lang = detectLang();
document.documentElement.lang = lang;

// Leaving the page closes our TCP clients with a FIN, as a terminal client would on exit.
addEventListener('pagehide', () => webClients.dispose());

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <LabStoreContext value={store}>
      <WebClientsContext value={webClients}>
        <LangContext value={lang}>
          <App />
        </LangContext>
      </WebClientsContext>
    </LabStoreContext>
  </StrictMode>,
);
