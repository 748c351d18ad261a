// What the teacher hid, applied to what a page draws: hidden previews are emptied and
// marked, hidden names become "client 7". The events and the lab keep the truth; these
// are copies for the projection (and, in exports/redact.ts, for files). Pure.

import {
  hasPreview,
  NO_MODERATION,
  type LabState,
  type Moderation,
  type Previewed,
} from '../../../shared/lab.ts';
import type { LabEvent } from '../../../shared/protocol.ts';

/** Carried by a copy of an event whose preview the teacher hid; its counts are untouched. */
interface HiddenMark {
  hidden?: true;
}

/** Whether this event (or row) stands for a message the teacher hid. */
export const isHidden = (e: object): boolean => (e as HiddenMark).hidden === true;

/**
 * This computer's own addresses, as the server treats them (server/echo/client-names.ts):
 * its web forms and bots come from here and are never blocked, only its raw clients.
 */
export const isLocalAddress = (address: string): boolean =>
  address === '127.0.0.1' || address === '::1';

/** The neutral name a hidden client goes by, in the page's language. */
export type NameOf = (id: number) => string;

/** A saved session from before moderation existed has none in its states. */
export const moderationOf = (lab: LabState): Moderation => lab.moderation ?? NO_MODERATION;

const isEmpty = (m: Moderation): boolean => m.messages.length === 0 && m.names.length === 0;

/** A copy of `e` without what the teacher hid, or `e` itself when nothing of it is. */
export function moderateEvent(
  e: LabEvent,
  messages: ReadonlySet<number>,
  names: ReadonlySet<number>,
  nameOf: NameOf,
): LabEvent {
  if (hasPreview(e) && messages.has(e.seq)) {
    const copy: Previewed & HiddenMark = { ...e, preview: '', truncated: false, hidden: true };
    return copy;
  }
  if (e.type === 'client.connected' && names.has(e.client.id)) {
    return { ...e, client: { ...e.client, label: nameOf(e.client.id) } };
  }
  if (e.type === 'client.named' && names.has(e.id)) {
    return { ...e, label: nameOf(e.id), program: '' };
  }
  if (e.type === 'client.identified' && names.has(e.id)) return { ...e, label: nameOf(e.id) };
  return e;
}

/** The events as the projection shows them; the same array when nothing is hidden. */
export function moderateEvents(
  events: readonly LabEvent[],
  moderation: Moderation,
  nameOf: NameOf,
): readonly LabEvent[] {
  if (isEmpty(moderation)) return events;
  const messages = new Set(moderation.messages);
  const names = new Set(moderation.names);
  return events.map((e) => moderateEvent(e, messages, names, nameOf));
}

/**
 * The lab with hidden names replaced and hidden unread bytes' previews emptied (their
 * counts stay); the same object when nothing it knows is hidden.
 */
export function moderateLab(lab: LabState, moderation: Moderation, nameOf: NameOf): LabState {
  const names = moderation.names.filter((id) => lab.clients[id]);
  const messages = new Set(moderation.messages);
  const unread =
    messages.size === 0
      ? []
      : Object.values(lab.clients).filter((c) => c.unread && messages.has(c.unread.seq));
  if (names.length === 0 && unread.length === 0) return lab;
  const clients = { ...lab.clients };
  for (const id of names) {
    const client = clients[id];
    if (client) clients[id] = { ...client, label: nameOf(id), program: null };
  }
  for (const { id } of unread) {
    const client = clients[id];
    if (client?.unread) {
      clients[id] = { ...client, unread: { ...client.unread, preview: '', truncated: false } };
    }
  }
  return { ...lab, clients };
}
