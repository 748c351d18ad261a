// "Saved lessons": the runs the server keeps on the teacher's disk, each split in parts the
// page can replay (and then export like any session). Only the teacher's page has it: the
// runs hold every student's messages, and the server refuses anyone else.

import { useId, useState } from 'react';
import { fill, formatBytes } from '../i18n/format.ts';
import { useLang, useMessages } from '../i18n/lang.ts';
import { useSessions } from '../store/StoreRoot.tsx';
import { useLab } from '../store/use-lab.ts';
import { exportMessages } from './messages.ts';
import { useToolsMenu } from './use-tools-menu.ts';
import {
  fetchRunIndex,
  fetchRunPart,
  fetchSavedRuns,
  runClock,
  runStart,
  type RunIndex,
  type RunList,
} from './saved-runs.ts';
import { savedMessages } from './saved-runs-messages.ts';
import './saved-runs.css';

function RunNotes({ index, live }: { index: RunIndex; live: boolean }) {
  const t = useMessages(savedMessages);
  const notes = [
    live && t.recording,
    index.dropped > 0 && fill(t.dropped, { count: index.dropped }),
    index.ended === 'full' && t.full,
    index.ended === null && !live && t.crashed,
    index.unreadable > 0 && fill(t.unreadable, { count: index.unreadable }),
  ].filter((n): n is string => typeof n === 'string');
  return notes.map((note) => (
    <p key={note} className="saved-note">
      {note}
    </p>
  ));
}

export function SavedRuns() {
  const t = useMessages(savedMessages);
  const te = useMessages(exportMessages);
  const lang = useLang();
  const sessions = useSessions();
  // A saved part replays as a viewer; the teacher keeps the list to open the next part.
  const teacherNow = useLab((v) => v.role === 'teacher' && v.source === 'live');
  const [teacher, setTeacher] = useState(false);
  if (teacherNow && !teacher) setTeacher(true);
  const { open, setOpen, box, toggle, onKeyDown } = useToolsMenu();
  const [saved, setSaved] = useState<RunList | null>(null);
  const [index, setIndex] = useState<RunIndex | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ids = useId();

  if (!sessions || !teacher) return null;

  const failed = (err: unknown): void =>
    setError(fill(t.failed, { error: err instanceof Error ? err.message : String(err) }));

  const show = (): void => {
    setOpen(!open);
    if (open) return;
    setSaved(null);
    setIndex(null);
    setError(null);
    fetchSavedRuns().then(setSaved, failed);
  };

  const choose = (name: string): void => {
    setIndex(null);
    fetchRunIndex(name).then(setIndex, failed);
  };

  const openPart = async (name: string, n: number): Promise<void> => {
    try {
      const parsed = await fetchRunPart(name, n);
      if (!parsed.ok) {
        setError(fill(te[`problem.${parsed.problem}`], { at: parsed.at }));
        return;
      }
      setOpen(false);
      sessions.open(parsed.session);
      toggle.current?.focus();
    } catch (err) {
      failed(err);
    }
  };

  return (
    <div className="tools-menu" ref={box} onKeyDown={onKeyDown}>
      <button
        ref={toggle}
        type="button"
        className="button st-button"
        title={t.saved}
        aria-expanded={open}
        aria-controls={`${ids}-panel`}
        onClick={show}
      >
        <svg className="st-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path
            d="M5 3h11l3 3v15H5zM8 3v5h7V3M8 21v-7h8v7"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinejoin="round"
          />
        </svg>
        <span className="st-text">{t.saved}</span>
      </button>
      <section
        id={`${ids}-panel`}
        className="tools-popup saved-runs"
        hidden={!open}
        aria-labelledby={`${ids}-title`}
      >
        <h2 id={`${ids}-title`}>{t.title}</h2>
        {error && (
          <p className="saved-note" role="alert">
            {error}
          </p>
        )}
        {!saved && !error && <p>{t.loading}</p>}
        {saved && (
          <p className="saved-where">
            {saved.off ? fill(t.off, { why: saved.off }) : fill(t.where, { dir: saved.dir ?? '' })}
          </p>
        )}
        {saved?.runs.length === 0 && <p>{t.none}</p>}
        <ul className="saved-list">
          {saved?.runs.map((run) => (
            <li key={run.name}>
              <button
                type="button"
                className="saved-run"
                aria-expanded={index?.name === run.name}
                onClick={() => choose(run.name)}
              >
                <span>{runStart(run, lang)}</span>
                {run.live && <span className="saved-live">{t.live}</span>}
                <span className="saved-size">{formatBytes(run.bytes, lang)}</span>
              </button>
              {index?.name === run.name && (
                <div className="saved-parts">
                  <RunNotes index={index} live={run.live} />
                  {index.parts.map((part) => (
                    <button
                      key={part.n}
                      type="button"
                      className="button"
                      onClick={() => void openPart(run.name, part.n)}
                    >
                      {fill(t.part, {
                        n: part.n,
                        from: runClock(part.fromT),
                        to: runClock(part.toT),
                      })}{' '}
                      <span className="saved-size">
                        ({fill(t.events, { count: part.events.toLocaleString(lang) })})
                      </span>
                    </button>
                  ))}
                </div>
              )}
            </li>
          ))}
        </ul>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          {t.close}
        </button>
      </section>
    </div>
  );
}
