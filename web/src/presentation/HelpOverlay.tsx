// "?" anywhere (but a text field) lists every keyboard shortcut of the page, in its
// language: the timeline's and the teaching layer's. A native modal <dialog>: the rest of
// the page is inert while it is open, Escape closes it, and focus returns where it was.

import { useEffect, useId } from 'react';
import { useLang, useMessages, type Lang, type Messages } from '../i18n/lang.ts';
import { TEACHING_SHORTCUTS } from '../teaching/shortcuts.ts';
import { useLab } from '../store/use-lab.ts';
import { describeTarget, isTextEntry } from '../timeline/keys.ts';
import { PAGE_SHORTCUTS } from './shortcuts.ts';
import { useModalDialog } from './use-modal-dialog.ts';

const messages: Messages<'title' | 'intro' | 'keys' | 'action' | 'close' | 'teacher'> = {
  en: {
    title: 'Keyboard shortcuts',
    intro: 'They work anywhere on the page except while typing in a field.',
    keys: 'Keys',
    action: 'What they do',
    close: 'Close',
    teacher: 'teacher only',
  },
  es: {
    title: 'Atajos de teclado',
    intro: 'Funcionan en toda la página, salvo mientras se escribe en un campo.',
    keys: 'Teclas',
    action: 'Qué hacen',
    close: 'Cerrar',
    teacher: 'solo docente',
  },
};

const KEY_NAMES: Record<string, Record<Lang, string>> = {
  Space: { en: 'Space', es: 'Espacio' },
  Home: { en: 'Home', es: 'Inicio' },
  End: { en: 'End', es: 'Fin' },
};

/** Opens the overlay on "?"; the page keeps the open state so a button can open it too. */
export function useHelpKey(open: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== '?' || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTextEntry(describeTarget(e.target))) return;
      e.preventDefault();
      open();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [open]);
}

export function HelpOverlay({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useMessages(messages);
  const lang = useLang();
  const teacher = useLab((v) => v.role === 'teacher');
  const { ref, onKeyDown } = useModalDialog(open);
  const titleId = useId();

  const keyName = (key: string): string => KEY_NAMES[key]?.[lang] ?? key;
  const rows = [
    ...PAGE_SHORTCUTS.map((s) => ({ keys: s.keys, text: s[lang], note: '' })),
    ...TEACHING_SHORTCUTS.filter((s) => teacher || !s.teacher).map((s) => ({
      keys: [s.key.toUpperCase()],
      text: s[lang],
      note: s.teacher ? t.teacher : '',
    })),
  ];

  return (
    <dialog
      ref={ref}
      className="help"
      aria-labelledby={titleId}
      onClose={onClose}
      onKeyDown={onKeyDown}
    >
      <header className="help-head">
        <h2 id={titleId}>{t.title}</h2>
        <button type="button" className="button" onClick={onClose} autoFocus>
          {t.close}
        </button>
      </header>
      <p className="muted">{t.intro}</p>
      <table className="help-table">
        <thead>
          <tr>
            <th scope="col">{t.keys}</th>
            <th scope="col">{t.action}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.keys.join('+')}>
              <td>
                {row.keys.map((key) => (
                  <kbd key={key}>{keyName(key)}</kbd>
                ))}
              </td>
              <td>
                {row.text}
                {row.note && <span className="muted"> ({row.note})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </dialog>
  );
}
