// The page speaks Spanish and English. The first choice follows the browser; a control
// may switch it later. Each part of the page keeps its own messages beside it, typed by
// `Messages`, and reads them with `useMessages`.

import { createContext, useContext } from 'react';

export type Lang = 'en' | 'es';

/** The browser's languages; none under Node, where the pure modules' tests import types from here. */
const browserLanguages = (): readonly string[] =>
  (globalThis as { navigator?: { languages?: readonly string[] } }).navigator?.languages ?? [];

export const detectLang = (languages: readonly string[] = browserLanguages()): Lang =>
  languages
    .find((l) => /^(es|en)\b/i.test(l))
    ?.slice(0, 2)
    .toLowerCase() === 'es'
    ? 'es'
    : 'en';

export const LangContext = createContext<Lang>('en');

export const useLang = (): Lang => useContext(LangContext);

/** Switches the page's language at run time; null where no provider holds the choice. */
export const SetLangContext = createContext<((lang: Lang) => void) | null>(null);

export const useSetLang = (): ((lang: Lang) => void) | null => useContext(SetLangContext);

/** A part's messages in both languages, with the same keys. */
export type Messages<K extends string> = Record<Lang, Record<K, string>>;

export function useMessages<K extends string>(messages: Messages<K>): Record<K, string> {
  return messages[useLang()];
}
