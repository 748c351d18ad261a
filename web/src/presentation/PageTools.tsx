// The header's tools for the room: the theme, projector mode and the keyboard help. Small
// icon buttons, each with its name for screen readers and as a tooltip, so they share the
// header's first line. Theme and projector mode are applied to <html> and remembered.

import { useCallback, useEffect, useState } from 'react';
import { fill } from '../i18n/format.ts';
import { useMessages, type Messages } from '../i18n/lang.ts';
import { JoinButton } from '../join/JoinButton.tsx';
import { HelpOverlay, useHelpKey } from './HelpOverlay.tsx';
import { saveProjector, saveTheme, storedProjector, storedTheme, Theme } from './preferences.ts';
import '../styles/tools.css';

const messages: Messages<
  'tools' | 'theme' | 'next' | 'system' | 'light' | 'dark' | 'projector' | 'help'
> = {
  en: {
    tools: 'Display',
    theme: 'Theme: {theme}',
    next: 'click for {theme}',
    system: 'as the system',
    light: 'light',
    dark: 'dark',
    projector: 'Projector mode',
    help: 'Keyboard shortcuts',
  },
  es: {
    tools: 'Presentación',
    theme: 'Tema: {theme}',
    next: 'clic para {theme}',
    system: 'como el sistema',
    light: 'claro',
    dark: 'oscuro',
    projector: 'Modo proyector',
    help: 'Atajos de teclado',
  },
};

/** The order a click goes through, from the default. */
const CYCLE = [Theme.system, Theme.light, Theme.dark] as const;
const GLYPH: Record<Theme, string> = { system: '◐', light: '☀', dark: '☾' };

export function PageTools() {
  const t = useMessages(messages);
  const [theme, setTheme] = useState<Theme>(storedTheme);
  const [projector, setProjector] = useState(storedProjector);
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  const closeHelp = useCallback(() => setHelp(false), []);
  useHelpKey(openHelp);

  useEffect(() => saveTheme(theme), [theme]);
  useEffect(() => saveProjector(projector), [projector]);

  const next = CYCLE[(CYCLE.indexOf(theme) + 1) % CYCLE.length] ?? Theme.system;
  const themeName = fill(t.theme, { theme: t[theme] });

  return (
    <div className="tools" role="group" aria-label={t.tools}>
      <JoinButton />
      <button
        type="button"
        className="button tools-icon"
        aria-label={themeName}
        title={`${themeName} · ${fill(t.next, { theme: t[next] })}`}
        onClick={() => setTheme(next)}
      >
        <span aria-hidden="true">{GLYPH[theme]}</span>
      </button>
      <button
        type="button"
        role="switch"
        className="button tools-icon"
        aria-checked={projector}
        aria-label={t.projector}
        title={t.projector}
        onClick={() => setProjector(!projector)}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path
            d="M3 4h18v11H3zM12 15v4M7 21h10"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinejoin="round"
          />
        </svg>
      </button>
      <button
        type="button"
        className="button tools-icon"
        aria-label={t.help}
        title={`${t.help} (?)`}
        aria-keyshortcuts="?"
        onClick={openHelp}
      >
        <span aria-hidden="true">?</span>
      </button>
      <HelpOverlay open={help} onClose={closeHelp} />
    </div>
  );
}
