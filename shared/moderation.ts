// The teacher's moderation as lab state: what is hidden from the projection and which
// addresses are kept out. Pure; shared/lab.ts folds it with every other event.

import { HISTORY_LIMIT, MAX_BLOCKED, type LabEvent } from './protocol.ts';

/** The events that carry a client's bytes as a preview: those whose words may be hidden. */
const PREVIEWED_TYPES = ['data.read', 'client.word', 'data.burst', 'data.waiting'] as const;
const previewed: ReadonlySet<string> = new Set(PREVIEWED_TYPES);

export type Previewed = Extract<LabEvent, { type: (typeof PREVIEWED_TYPES)[number] }>;

/** Whether an event of this type carries a preview the teacher may hide. */
export const isPreviewedType = (type: string): boolean => previewed.has(type);

export const hasPreview = (e: LabEvent): e is Previewed => previewed.has(e.type);

/** What the teacher hid from the projection, and whom they keep out. */
export interface Moderation {
  /**
   * Events with a preview (by seq) whose preview is hidden, oldest first. Only seqs recent
   * enough for a page to still draw are kept (HIDDEN_WINDOW), so the list stays bounded.
   */
  messages: readonly number[];
  /** Clients whose name is hidden, oldest first; kept past the client, as its events are. */
  names: readonly number[];
  /** Addresses refused for the rest of the run, oldest first, at most MAX_BLOCKED. */
  blocked: readonly string[];
}

/** A paused page keeps up to twice the history; a hidden seq older than that is drawn nowhere. */
export const HIDDEN_WINDOW = 2 * HISTORY_LIMIT;

/** Hidden names kept; far more than a class, and the oldest are the first to go. */
const HIDDEN_NAMES_KEPT = 500;

export const NO_MODERATION: Moderation = { messages: [], names: [], blocked: [] };

/** `list` with `item` added last (or removed), keeping at most `max` of the newest. */
function toggled<T>(list: readonly T[], item: T, on: boolean, max: number): readonly T[] {
  const rest = list.filter((x) => x !== item);
  if (!on) return rest.length === list.length ? list : rest;
  rest.push(item);
  return rest.length > max ? rest.slice(rest.length - max) : rest;
}

/** Folds one of the teacher's moderation events; any other event leaves it as it is. */
export function moderate(m: Moderation, e: LabEvent): Moderation {
  switch (e.type) {
    case 'message.hidden': {
      const recent = m.messages.filter((seq) => seq > e.seq - HIDDEN_WINDOW);
      const messages = toggled(
        recent,
        e.target,
        e.hidden && e.target > e.seq - HIDDEN_WINDOW,
        HIDDEN_WINDOW,
      );
      return { ...m, messages };
    }
    case 'name.hidden':
      return { ...m, names: toggled(m.names, e.id, e.hidden, HIDDEN_NAMES_KEPT) };
    case 'address.blocked':
      return { ...m, blocked: toggled(m.blocked, e.address, e.blocked, MAX_BLOCKED) };
    default:
      return m;
  }
}
