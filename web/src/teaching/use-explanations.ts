import { useMemo } from 'react';
import type { LabState } from '../../../shared/lab.ts';
import type { EchoConfig, LabEvent } from '../../../shared/protocol.ts';
import { useLang } from '../i18n/lang.ts';
import { useLabStore } from '../store/use-lab.ts';
import { configBefore, explainEvents } from './explain.ts';

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

/** Why each event happened, by sequence number, in the page's language (for arrow titles). */
export function useExplanations(
  events: readonly LabEvent[],
  lab: LabState,
): (seq: number) => string | undefined {
  const lang = useLang();
  const before = useConfigBefore(events);
  const { config, clients } = lab;
  return useMemo(() => {
    const labelOf = (id: number): string => clients[id]?.label ?? `#${id}`;
    const why = new Map(
      explainEvents(events, lang, { config, configBefore: before, labelOf }).map((x) => [
        x.seq,
        x.why,
      ]),
    );
    return (seq) => why.get(seq) || undefined;
  }, [events, lang, config, before, clients]);
}
