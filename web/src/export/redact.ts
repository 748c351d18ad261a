// A recording without what the teacher hid, for a file that leaves the room: hidden
// previews emptied and hidden names made neutral in the data itself (events, the first
// state and the present), not only in the drawing. The marks stay, so a replay still
// shows the placeholders; every count stays exact. Pure.

import {
  hasPreview,
  type ClientView,
  type LabState,
  type Moderation,
} from '../../../shared/lab.ts';
import type { LabEvent } from '../../../shared/protocol.ts';
import type { Lang } from '../i18n/lang.ts';
import {
  moderateEvent,
  moderateEvents,
  moderationOf,
  type NameOf,
} from '../moderation/moderate.ts';
import { neutralName } from '../moderation/moderation-messages.ts';
import type { Recording } from '../store/view-store.ts';

/** A hidden event's copy for a file: the preview gone, without the page's own mark. */
function redactEvent(
  e: LabEvent,
  messages: ReadonlySet<number>,
  names: ReadonlySet<number>,
  nameOf: NameOf,
): LabEvent {
  const shown = moderateEvent(e, messages, names, nameOf);
  if (shown === e || !hasPreview(shown)) return shown;
  const { hidden: _mark, ...plain } = shown as typeof shown & { hidden?: true };
  return plain;
}

function redactLab(
  lab: LabState,
  messages: ReadonlySet<number>,
  names: ReadonlySet<number>,
  hiddenPreviews: ReadonlyMap<number, ReadonlySet<string>>,
  nameOf: NameOf,
): LabState {
  let clients: Record<number, ClientView> | null = null;
  for (const client of Object.values(lab.clients)) {
    const nameHidden = names.has(client.id);
    const previewHidden = hiddenPreviews.get(client.id)?.has(client.lastPreview) ?? false;
    const unread = client.unread;
    const unreadHidden = !!unread && messages.has(unread.seq);
    if (!nameHidden && !previewHidden && !unreadHidden) continue;
    clients ??= { ...lab.clients };
    clients[client.id] = {
      ...client,
      ...(nameHidden ? { label: nameOf(client.id), program: null } : {}),
      ...(previewHidden ? { lastPreview: '' } : {}),
      ...(unread && unreadHidden ? { unread: { ...unread, preview: '', truncated: false } } : {}),
    };
  }
  return clients ? { ...lab, clients } : lab;
}

/** `recording` as a file may carry it when hidden content is left out. */
function redactRecording(recording: Recording, nameOf: NameOf): Recording {
  const moderation: Moderation = moderationOf(recording.present);
  if (moderation.messages.length === 0 && moderation.names.length === 0) return recording;
  const messages = new Set(moderation.messages);
  const names = new Set(moderation.names);
  // A client's last preview is hidden if it is the preview of one of its hidden messages.
  const hiddenPreviews = new Map<number, Set<string>>();
  for (const e of recording.events) {
    if (!hasPreview(e) || !messages.has(e.seq)) continue;
    const set = hiddenPreviews.get(e.id) ?? new Set<string>();
    set.add(e.preview);
    hiddenPreviews.set(e.id, set);
  }
  const lab = (state: LabState): LabState =>
    redactLab(state, messages, names, hiddenPreviews, nameOf);
  return {
    events: recording.events.map((e) => redactEvent(e, messages, names, nameOf)),
    anchor: { seq: recording.anchor.seq, state: lab(recording.anchor.state) },
    present: lab(recording.present),
  };
}

/**
 * The recording a file carries and the events its drawing shows: without hidden content,
 * hidden previews and names are gone from the data and drawn as placeholders; with it,
 * the data is whole and the drawing shows everything.
 */
export function exportedRecording(
  recording: Recording,
  lang: Lang,
  includeHidden: boolean,
): { recording: Recording; drawn: readonly LabEvent[] } {
  if (includeHidden) return { recording, drawn: recording.events };
  const nameOf = neutralName(lang);
  const redacted = redactRecording(recording, nameOf);
  const drawn = moderateEvents(redacted.events, moderationOf(redacted.present), nameOf);
  return { recording: redacted, drawn };
}
