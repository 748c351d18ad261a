import { useId } from 'react';
import { useLang, useMessages, useSetLang, type Lang, type Messages } from '../i18n/lang.ts';
import { useShortcut } from './use-shortcut.ts';

const messages: Messages<'language'> = {
  en: { language: 'Language' },
  es: { language: 'Idioma' },
};

/** Each language is named in itself, so a visitor finds theirs whatever is showing. */
const NAMES: Record<Lang, string> = { en: 'English', es: 'Español' };

export function LanguageSelect() {
  const t = useMessages(messages);
  const lang = useLang();
  const setLang = useSetLang();
  const id = useId();
  useShortcut('l', () => setLang?.(lang === 'en' ? 'es' : 'en'), setLang !== null);
  if (!setLang) return null;
  return (
    <span className="lang-select">
      <label htmlFor={id}>{t.language}</label>
      <select id={id} value={lang} onChange={(e) => setLang(e.target.value === 'es' ? 'es' : 'en')}>
        {(Object.keys(NAMES) as Lang[]).map((l) => (
          <option key={l} value={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </span>
  );
}
