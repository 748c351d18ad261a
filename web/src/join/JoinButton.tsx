// The teacher's way to the join screen in classroom mode: a header button and the "j" key.
// The screen is loaded on first use, so the page's first load does not grow by it.

import { lazy, Suspense, useCallback, useState } from 'react';
import { useMessages, type Messages } from '../i18n/lang.ts';
import { useLab } from '../store/use-lab.ts';
import { useShortcut } from '../teaching/use-shortcut.ts';
import { inClassroom } from './classroom.ts';

const JoinScreen = lazy(() => import('./JoinScreen.tsx'));

const messages: Messages<'join' | 'hint'> = {
  en: { join: 'Join', hint: "Show the students' address and QR code (J)" },
  es: { join: 'Unirse', hint: 'Mostrar la dirección y el código QR para los estudiantes (J)' },
};

export function JoinButton() {
  const t = useMessages(messages);
  // Read on each snapshot: classroom mode is known from the first one on.
  const teacher = useLab((v) => v.role === 'teacher' && v.source === 'live');
  const shown = teacher && inClassroom();
  const [open, setOpen] = useState(false);
  // Opened once, the screen stays mounted so closing and opening again is instant.
  const [loaded, setLoaded] = useState(false);
  const show = useCallback(() => {
    setLoaded(true);
    setOpen(true);
  }, []);
  const close = useCallback(() => setOpen(false), []);
  useShortcut('j', show, shown);
  if (!shown) return null;
  return (
    <>
      <button
        type="button"
        className="button join-button"
        title={t.hint}
        aria-keyshortcuts="j"
        onClick={show}
      >
        {t.join}
      </button>
      {loaded && (
        <Suspense fallback={null}>
          <JoinScreen open={open} onClose={close} />
        </Suspense>
      )}
    </>
  );
}
