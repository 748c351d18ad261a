// The page's view with the teacher's moderation applied. Always the present's moderation,
// whatever moment the timeline shows: stepping back must not bring a hidden insult back.

import { useMemo } from 'react';
import type { LabState, Moderation } from '../../../shared/lab.ts';
import type { LabEvent } from '../../../shared/protocol.ts';
import { useLang } from '../i18n/lang.ts';
import { useLab } from '../store/use-lab.ts';
import { moderateEvents, moderateLab, moderationOf } from './moderate.ts';
import { neutralName } from './moderation-messages.ts';

/** What the teacher hid and blocked, as of now. */
export const useModeration = (): Moderation => useLab((v) => moderationOf(v.present));

/** The lab at the timeline's cursor, hidden names replaced. */
export function useShownLab(): LabState {
  const lab = useLab((v) => v.lab);
  const moderation = useModeration();
  const lang = useLang();
  return useMemo(() => moderateLab(lab, moderation, neutralName(lang)), [lab, moderation, lang]);
}

/** The present lab, hidden names replaced: for the teacher's controls. */
export function useShownPresent(): LabState {
  const lab = useLab((v) => v.present);
  const moderation = useModeration();
  const lang = useLang();
  return useMemo(() => moderateLab(lab, moderation, neutralName(lang)), [lab, moderation, lang]);
}

/** The kept events up to the cursor, hidden previews and names taken out. */
export function useShownEvents(): readonly LabEvent[] {
  const events = useLab((v) => v.events);
  const moderation = useModeration();
  const lang = useLang();
  return useMemo(
    () => moderateEvents(events, moderation, neutralName(lang)),
    [events, moderation, lang],
  );
}
