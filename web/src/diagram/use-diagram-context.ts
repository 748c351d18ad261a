// What the diagram reads from around it, beyond its props: the teacher's moderation (which
// changes how the same events read) and projector mode (which widens its letters).

import { useSyncExternalStore } from 'react';
import type { Moderation } from '../../../shared/lab.ts';
import { moderationOf } from '../moderation/moderate.ts';
import type { LabStore } from '../store/lab-store.ts';

const noStore = (): (() => void) => () => undefined;

/** The moderation in force, or null outside a page with a store (an export). */
export function useModerationVersion(store: LabStore | null): Moderation | null {
  return useSyncExternalStore(
    store?.subscribe ?? noStore,
    () => (store ? moderationOf(store.getState().present) : null),
    () => null,
  );
}

const isProjector = (): boolean =>
  typeof document !== 'undefined' && document.documentElement.classList.contains('projector');

function watchProjector(listener: () => void): () => void {
  if (typeof MutationObserver === 'undefined') return () => undefined;
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

/** Whether the page is in projector mode (a class on <html>, set by presentation/). */
export const useProjector = (): boolean =>
  useSyncExternalStore(watchProjector, isProjector, () => false);
