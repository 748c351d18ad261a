import { useMemo, useRef, useSyncExternalStore } from 'react';
import type { ReadableStore } from './store.ts';

/** The selection a component last rendered, kept across renders for the equality check. */
interface Last<S, T> {
  state: S;
  select: (state: S) => T;
  value: T;
}

/**
 * Reads a slice of a store and re-renders only when `equal` says the slice changed, so a
 * selector that builds an object (or a list) does not redraw its component on every batch.
 */
export function useStore<S, T>(
  store: ReadableStore<S>,
  select: (state: S) => T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const last = useRef<Last<S, T> | null>(null);
  const getSnapshot = useMemo(
    () => (): T => {
      const state = store.getState();
      const previous = last.current;
      if (previous?.select === select && Object.is(previous.state, state)) return previous.value;
      const value = select(state);
      const kept = previous && equal(previous.value, value) ? previous.value : value;
      last.current = { state, select, value: kept };
      return kept;
    },
    [store, select, equal],
  );
  return useSyncExternalStore(store.subscribe, getSnapshot, getSnapshot);
}
