import { useMemo } from 'react';
import type { LabState } from '../../../shared/lab.ts';
import type { EchoConfig, LabEvent } from '../../../shared/protocol.ts';
import { useLang } from '../i18n/lang.ts';
import { useModeration } from '../moderation/use-moderation.ts';
import type { LabStore } from '../store/lab-store.ts';
import { useLabStore } from '../store/use-lab.ts';
import { configBefore } from './explain.ts';
import {
  createExplanationCache,
  type ExplanationCache,
  type Explanations,
} from './explanations.ts';

/**
 * The settings just before the first of `events`, from the first state the recording
 * knows, live or replayed; null when a change of settings lies between (the log then says
 * the settings as they are, not what they were).
 */
export function useConfigBefore(events: readonly LabEvent[]): EchoConfig | null {
  const store = useLabStore();
  // The recording's anchor moves only when its events do, so `events` is the right key.
  return useMemo(() => configBefore(events, store.recording().anchor), [store, events]);
}

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
  const before = useConfigBefore(events);
  const { config, clients } = lab;
  return useMemo(
    () =>
      cache.sync({
        events,
        lang,
        config,
        configBefore: before,
        labelOf: (id) => clients[id]?.label ?? `#${id}`,
        version: moderation,
      }),
    [cache, events, lang, config, before, clients, moderation],
  );
}

/** Why each event happened, by sequence number, in the page's language (for arrow titles). */
export function useExplanations(
  events: readonly LabEvent[],
  lab: LabState,
): (seq: number) => string | undefined {
  return useExplained(events, lab).why;
}
