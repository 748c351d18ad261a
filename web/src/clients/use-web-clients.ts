import { createContext, useContext, useSyncExternalStore } from 'react';
import type { WebClientCard, WebClientsStore } from './web-clients.ts';

export const WebClientsContext = createContext<WebClientsStore | null>(null);

export function useWebClientsStore(): WebClientsStore {
  const store = useContext(WebClientsContext);
  if (!store) throw new Error('useWebClients needs a WebClientsContext provider');
  return store;
}

/** The page's own TCP clients; re-renders when any card changes. */
export function useWebClients(): readonly WebClientCard[] {
  const store = useWebClientsStore();
  return useSyncExternalStore(store.subscribe, store.getState);
}
