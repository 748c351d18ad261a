// Which tab the side column's lower part shows. Kept outside React's tree because the step
// bar (in the header) opens the code when step mode starts, and the side column lives
// elsewhere. The accept queue is no tab: it is always in sight, above these.

import { createStore } from '../store/store.ts';
import { useStore } from '../store/use-store.ts';

export const SideTab = { code: 'code', log: 'log', controls: 'controls' } as const;
export type SideTab = (typeof SideTab)[keyof typeof SideTab];

const tab = createStore<SideTab>(SideTab.code);
const current = (value: SideTab): SideTab => value;

export const showSideTab = (next: SideTab): void => tab.setState(next);

export const useSideTab = (): SideTab => useStore(tab, current);
