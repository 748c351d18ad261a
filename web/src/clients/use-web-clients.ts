import { createContext, useContext } from 'react';
import { useStore } from '../store/use-store.ts';
import type { WebClientCard, WebClientsStore } from './web-clients.ts';

export const WebClientsContext = createContext<WebClientsStore | null>(null);

export function useWebClientsStore(): WebClientsStore {
  const store = useContext(WebClientsContext);
  if (!store) throw new Error('useWebClients needs a WebClientsContext provider');
  return store;
}

const allCards = (cards: readonly WebClientCard[]): readonly WebClientCard[] => cards;

/** The page's own TCP clients; re-renders when any card changes. */
export function useWebClients(): readonly WebClientCard[] {
  return useStore(useWebClientsStore(), allCards);
}
