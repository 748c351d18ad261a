import { createContext, useContext } from 'react';
import type { LabStore, LabView } from './lab-store.ts';
import { useStore } from './use-store.ts';

export const LabStoreContext = createContext<LabStore | null>(null);

/** The store itself, for its timeline controls and its recording. */
export function useLabStore(): LabStore {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('useLab needs a LabStoreContext provider');
  return store;
}

/**
 * Reads a slice of the lab; re-renders only when `equal` (identity unless given) says the
 * slice changed.
 */
export function useLab<T>(select: (view: LabView) => T, equal?: (a: T, b: T) => boolean): T {
  return useStore(useLabStore(), select, equal);
}
