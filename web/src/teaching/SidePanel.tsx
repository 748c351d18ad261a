// The column beside the diagram: the accept queue on top, always in sight, and under it the
// code the server runs, the explained event log or (for the teacher) the controls, as tabs,
// with the page's own web clients docked at the bottom. The queue and the code line the
// server is on are what a class follows with the diagram, so neither hides the other; the
// log and the controls are looked at now and then, so they take the code's place a moment.

import { useId } from 'react';
import { WebClientsPanel } from '../clients/WebClientsPanel.tsx';
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
  en: { panels: 'Panels', code: 'Code', log: 'Log', controls: 'Controls' },
  es: { panels: 'Paneles', code: 'Código', log: 'Registro', controls: 'Controles' },
};

export function SidePanel() {
  const t = useMessages(messages);
  const teacher = useTeacher();
  // A saved session has no server: no web-form clients to open.
  const replay = useLab((v) => v.source === 'replay');
  const chosen = useSideTab();
  const base = useId();
  // A page that stops being the teacher's (e.g. reconnected without the token) loses the tab.
  const tab = chosen === SideTab.controls && !teacher ? SideTab.code : chosen;

  const tabs: TabDef<SideTab>[] = [
    { key: SideTab.code, label: t.code },
    { key: SideTab.log, label: t.log },
    ...(teacher ? [{ key: SideTab.controls, label: t.controls }] : []),
  ];
  useShortcut('1', () => showSideTab(SideTab.code));
  useShortcut('2', () => showSideTab(SideTab.log));
  useShortcut('3', () => showSideTab(SideTab.controls), teacher);

  return (
    <aside className={`side side--${tab}`}>
      <AcceptQueue />
      <div className="side-main">
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
          {tab === SideTab.code && <CodePanel />}
          {tab === SideTab.log && <EventLog />}
          {tab === SideTab.controls && <ControlsPanel />}
        </div>
      </div>
      {!replay && <WebClientsPanel />}
    </aside>
  );
}
