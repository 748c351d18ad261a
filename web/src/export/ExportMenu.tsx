// "Export": a button that opens a short list of formats (a disclosure, so Tab and Enter are
// all it takes). Escape or a click elsewhere closes it; focus comes back to the button.

import { useEffect, useId, useState } from 'react';
import { fill } from '../i18n/format.ts';
import { useLang, useMessages } from '../i18n/lang.ts';
import { useLabStore } from '../store/use-lab.ts';
import { EXPORT_KINDS, runExport, type ExportKind } from './exporters.ts';
import { FileIcon } from './FileIcon.tsx';
import { exportMessages } from './messages.ts';
import { ToolsError } from './ToolsError.tsx';
import { useToolsMenu } from './use-tools-menu.ts';
import '../moderation/moderation.css';

export function ExportMenu() {
  const t = useMessages(exportMessages);
  const lang = useLang();
  const store = useLabStore();
  const { open, setOpen, box, toggle, onKeyDown } = useToolsMenu();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Off by default, and again after each export: leaving hidden content out is the safe side.
  const [includeHidden, setIncludeHidden] = useState(false);
  const listId = useId();

  useEffect(() => {
    if (open) box.current?.querySelector<HTMLButtonElement>('[data-export]')?.focus();
  }, [open, box]);

  const choose = async (kind: ExportKind): Promise<void> => {
    setOpen(false);
    setBusy(true);
    setError(null);
    try {
      const comment = fill(t.exportedAt, { date: new Date().toISOString() });
      await runExport(kind, store, lang, comment, includeHidden);
      setIncludeHidden(false);
    } catch (err) {
      setError(fill(t.failed, { error: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
      toggle.current?.focus();
    }
  };

  return (
    <div className="tools-menu" ref={box} onKeyDown={onKeyDown}>
      <button
        ref={toggle}
        type="button"
        className="button st-button"
        title={t.export}
        aria-expanded={open}
        aria-controls={listId}
        aria-busy={busy || undefined}
        onClick={() => setOpen(!open)}
      >
        <FileIcon kind="export" />
        <span className="st-text">{busy ? t.working : t.export}</span>
        <span aria-hidden="true">▾</span>
      </button>
      <ul id={listId} className="tools-popup tools-list" hidden={!open}>
        {EXPORT_KINDS.map((kind) => (
          <li key={kind}>
            <button type="button" data-export={kind} onClick={() => void choose(kind)}>
              {t[kind]}
            </button>
          </li>
        ))}
        <li className="tools-option">
          <label>
            <input
              type="checkbox"
              checked={includeHidden}
              onChange={(e) => setIncludeHidden(e.target.checked)}
            />{' '}
            {t.includeHidden}
          </label>
        </li>
      </ul>
      <ToolsError error={error} dismiss={() => setError(null)} />
    </div>
  );
}
