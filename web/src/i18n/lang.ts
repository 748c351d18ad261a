// The page speaks Spanish and English. The first choice follows the browser; a control
// may switch it later. Each part of the page keeps its own messages beside it, typed by
// `Messages`, and reads them with `useMessages`.

import { createContext, useContext } from 'react';

export type Lang = 'en' | 'es';

export const detectLang = (languages: readonly string[] = navigator.languages): Lang =>
  languages
    .find((l) => /^(es|en)\b/i.test(l))
    ?.slice(0, 2)
    .toLowerCase() === 'es'
    ? 'es'
    : 'en';

export const LangContext = createContext<Lang>('en');

export const useLang = (): Lang => useContext(LangContext);

/** A part's messages in both languages, with the same keys. */
export type Messages<K extends string> = Record<Lang, Record<K, string>>;

export function useMessages<K extends string>(messages: Messages<K>): Record<K, string> {
  return messages[useLang()];
}
