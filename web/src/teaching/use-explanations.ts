import { useMemo } from 'react';
import type { LabState } from '../../../shared/lab.ts';
import type { LabEvent } from '../../../shared/protocol.ts';
import { useLang } from '../i18n/lang.ts';
import { useModeration } from '../moderation/use-moderation.ts';
import type { LabStore } from '../store/lab-store.ts';
import { useLabStore } from '../store/use-lab.ts';
import {
  createExplanationCache,
  type ExplanationCache,
  type Explanations,
} from './explanations.ts';

// One cache per store, so the log and the diagram's titles share one fold of the events.
const caches = new WeakMap<LabStore, ExplanationCache>();

function cacheOf(store: LabStore): ExplanationCache {
  let cache = caches.get(store);
  if (!cache) {
    cache = createExplanationCache();
    caches.set(store, cache);
  }
  return cache;
}

/** Every shown event explained, in the page's language, extended batch by batch. */
export function useExplained(events: readonly LabEvent[], lab: LabState): Explanations {
  const cache = cacheOf(useLabStore());
  const lang = useLang();
  const moderation = useModeration();
  const { config, clients } = lab;
  return useMemo(
    () =>
      cache.sync({
        events,
        lang,
        config,
        labelOf: (id) => clients[id]?.label ?? `#${id}`,
        version: moderation,
      }),
    [cache, events, lang, config, clients, moderation],
  );
}

/** Why each event happened, by sequence number, in the page's language (for arrow titles). */
export function useExplanations(
  events: readonly LabEvent[],
  lab: LabState,
): (seq: number) => string | undefined {
  return useExplained(events, lab).why;
}
