// Which tab the side column's lower part shows. Kept outside React's tree because the step
// bar (in the header) opens the code when step mode starts, and the side column lives
// elsewhere. The accept queue is no tab: it is always in sight, above these.

import { useSyncExternalStore } from 'react';

export const SideTab = { code: 'code', log: 'log', controls: 'controls' } as const;
export type SideTab = (typeof SideTab)[keyof typeof SideTab];

let current: SideTab = SideTab.code;
const listeners = new Set<() => void>();

export function showSideTab(tab: SideTab): void {
  if (tab === current) return;
  current = tab;
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export const useSideTab = (): SideTab => useSyncExternalStore(subscribe, () => current);
