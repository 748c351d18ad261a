// The log's words for a server held up by a client: a sendall() that cannot go on, and a
// limit that closed the client for it. Pure, like the rest of the log's telling.

import { CloseDetail, type LabEvent } from '../../../shared/protocol.ts';
import { waitedFor } from '../controls/stall-messages.ts';
import { fill, formatBytesExact } from '../i18n/format.ts';
import type { Fold, Told } from './explain-event.ts';

type SendEvent = Extract<LabEvent, { type: 'send.blocked' | 'send.unsent' | 'send.resumed' }>;

export function tellBlock(f: Fold, e: SendEvent, client: string): Pick<Told, 'what' | 'why'> {
  const { m } = f;
  if (e.type === 'send.resumed') {
    return { what: fill(m['w.resumed'], { client }), why: fill(m['y.resumed'], { client }) };
  }
  const values = { client, bytes: formatBytesExact(e.unsent, f.lang) };
  if (e.type === 'send.unsent') {
    return { what: fill(m['w.unsent'], values), why: fill(m['y.unsent'], values) };
  }
  const why = e.kernel ? m['y.blocked'] : m['y.blockedNoKernel'];
  return { what: fill(m['w.blocked'], values), why: fill(why, values) };
}

/** Why a limit closed a client, with how long it waited when the events tell; null if unknown. */
export function limitWhy(
  f: Fold,
  { id, detail, t }: { id: number; detail: string; t: number },
  client: string,
): string | null {
  const { m } = f;
  const blocked = f.blockedSince.get(id);
  const seen = f.lastSeen.get(id);
  const span = (since: number | undefined): string =>
    since === undefined ? '' : ` ${waitedFor(t - since)}`;
  if (detail === CloseDetail.sendTimeout) {
    return fill(m['y.limit.send'], { client, for: span(blocked) });
  }
  if (detail === CloseDetail.idleTimeout) {
    const key = blocked === undefined ? 'y.limit.idle' : 'y.limit.idleSend';
    return fill(m[key], { client, for: span(seen) });
  }
  return null;
}
