// The column beside the diagram, as tabs: the accept queue, the code the server runs, the
// explained event log, and (for the teacher) the controls. Tabs rather than a stack: on a
// 720-pixel projector each of them needs the column's whole height to be read from afar.

import { useId } from 'react';
import { ControlsPanel } from '../controls/ControlsPanel.tsx';
import { useTeacher } from '../controls/use-teacher.ts';
import { useMessages, type Messages } from '../i18n/lang.ts';
import { AcceptQueue } from '../queue/AcceptQueue.tsx';
import { useLab } from '../store/use-lab.ts';
import { CodePanel } from './CodePanel.tsx';
import { EventLog } from './EventLog.tsx';
import { showSideTab, SideTab, useSideTab } from './side-tab.ts';
import { panelId, tabId, Tabs, type TabDef } from './Tabs.tsx';
import { useShortcut } from './use-shortcut.ts';
import '../styles/teaching.css';

const messages: Messages<'panels' | SideTab> = {
  en: { panels: 'Panels', queue: 'Queue', code: 'Code', log: 'Log', controls: 'Controls' },
  es: { panels: 'Paneles', queue: 'Cola', code: 'Código', log: 'Registro', controls: 'Controles' },
};

export function SidePanel() {
  const t = useMessages(messages);
  const teacher = useTeacher();
  const waiting = useLab((v) => v.lab.queue.length + v.lab.retrying.length);
  const chosen = useSideTab();
  const base = useId();
  // A page that stops being the teacher's (e.g. reconnected without the token) loses the tab.
  const tab = chosen === SideTab.controls && !teacher ? SideTab.queue : chosen;

  const tabs: TabDef<SideTab>[] = [
    { key: SideTab.queue, label: t.queue, badge: waiting },
    { key: SideTab.code, label: t.code },
    { key: SideTab.log, label: t.log },
    ...(teacher ? [{ key: SideTab.controls, label: t.controls }] : []),
  ];
  useShortcut('1', () => showSideTab(SideTab.queue));
  useShortcut('2', () => showSideTab(SideTab.code));
  useShortcut('3', () => showSideTab(SideTab.log));
  useShortcut('4', () => showSideTab(SideTab.controls), teacher);

  return (
    <aside className={`side side--${tab}`}>
      <Tabs
        label={t.panels}
        base={base}
        tabs={tabs}
        selected={tab}
        onSelect={showSideTab}
        className="side-tabs"
      />
      <div
        role="tabpanel"
        id={panelId(base, tab)}
        aria-labelledby={tabId(base, tab)}
        className="side-body"
      >
        {tab === SideTab.queue && <AcceptQueue />}
        {tab === SideTab.code && <CodePanel />}
        {tab === SideTab.log && <EventLog />}
        {tab === SideTab.controls && <ControlsPanel />}
      </div>
    </aside>
  );
}
