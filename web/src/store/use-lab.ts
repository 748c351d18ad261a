import { createContext, useContext, useSyncExternalStore } from 'react';
import type { LabStore, LabView } from './lab-store.ts';

export const LabStoreContext = createContext<LabStore | null>(null);

/** The store itself, for its timeline controls and its recording. */
export function useLabStore(): LabStore {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('useLab needs a LabStoreContext provider');
  return store;
}

/** Reads a slice of the lab; re-renders only when that slice changes identity. */
export function useLab<T>(select: (view: LabView) => T): T {
  const store = useLabStore();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
