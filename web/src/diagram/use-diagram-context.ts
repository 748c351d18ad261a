// What the diagram reads from around it, beyond its props: projector mode, which widens its
// letters.

import { useSyncExternalStore } from 'react';

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
