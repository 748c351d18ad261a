import { useMemo } from 'react';
import type { LabState } from '../../../shared/lab.ts';
import type { LabEvent } from '../../../shared/protocol.ts';
import { useLang } from '../i18n/lang.ts';
import { explainEvents } from './explain.ts';

/** Why each event happened, by sequence number, in the page's language (for arrow titles). */
export function useExplanations(
  events: readonly LabEvent[],
  lab: LabState,
): (seq: number) => string | undefined {
  const lang = useLang();
  const { config, clients } = lab;
  return useMemo(() => {
    const labelOf = (id: number): string => clients[id]?.label ?? `#${id}`;
    const why = new Map(
      explainEvents(events, lang, { config, labelOf }).map((x) => [x.seq, x.why]),
    );
    return (seq) => why.get(seq) || undefined;
  }, [events, lang, config, clients]);
}
