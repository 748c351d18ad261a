// Holds the page's language as state so the "Language" control can switch it while the
// page runs. The first choice follows the browser; a teacher's later choice is remembered
// on this machine, so a reload in front of the class does not switch back.

import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { detectLang, LangContext, SetLangContext, type Lang } from '../i18n/lang.ts';

const KEY = 'echo-lab.lang';

function remembered(): Lang | null {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'en' || value === 'es' ? value : null;
  } catch {
    // Storage can be off (private windows, strict settings): the browser's choice stands.
    return null;
  }
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => remembered() ?? detectLang());

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // Not remembered; it still switches for this page.
    }
  }, []);

  // Screen readers pick their voice, and browsers their hyphenation, from <html lang>.
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return (
    <SetLangContext value={setLang}>
      <LangContext value={lang}>{children}</LangContext>
    </SetLangContext>
  );
}
