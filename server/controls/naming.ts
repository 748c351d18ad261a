import { ClientKind, type ControlResult } from '../../shared/protocol.ts';
import { checkCommand } from '../../shared/schema/commands.ts';
import { plainAddress } from '../echo/client-names.ts';
import { cleanName } from '../byte-bridge/byte-bridge.ts';
import type { ControlTarget } from './controls.ts';

/** Who asks: the page's address as its socket reached us, and whether it is the teacher's. */
export interface Asker {
  address: string;
  teacher: boolean;
}

const fail = (error: string): ControlResult => ({ ok: false, error });

/**
 * Least time between two names of one client: each name is an event every page shows in
 * its log, and a student's loop of renames should not fill the projection.
 */
const RENAME_EVERY_MS = 2_000;

/**
 * When each client was last named, per server (tests run several in one process); entries
 * past the interval are forgotten, so it stays small.
 */
const named = new WeakMap<object, Map<number, number>>();

function tooSoon(hub: object, id: number, now: number): boolean {
  let lastNamed = named.get(hub);
  if (!lastNamed) named.set(hub, (lastNamed = new Map<number, number>()));
  if (lastNamed.size > 1_000) {
    for (const [key, at] of lastNamed) if (now - at >= RENAME_EVERY_MS) lastNamed.delete(key);
  }
  const last = lastNamed.get(id);
  if (last !== undefined && now - last < RENAME_EVERY_MS) return true;
  lastNamed.set(id, now);
  return false;
}

/**
 * A page names one of its own clients (a raw one from its address, or its web card), the
 * teacher any client. The name is cut and escaped as a web card's `?name=` is, and stays
 * under moderation: a hidden name is hidden by the client's id, whatever it is renamed to.
 */
export async function nameClient(
  { echo, hub }: ControlTarget,
  input: unknown,
  asker: Asker,
): Promise<ControlResult> {
  const checked = checkCommand(input);
  if (!checked.ok) return fail(checked.error);
  if (checked.command.type !== 'name') return fail('not a name');
  const { id, name } = checked.command;
  const label = cleanName(name);
  if (label === '') return fail('a name needs at least one letter');
  const client = hub.lab.clients[id];
  if (!client || client.phase === 'closed') return fail(`no open client ${id}`);
  if (client.kind === ClientKind.bot) return fail('bots keep their names');
  if (!asker.teacher && plainAddress(client.address) !== plainAddress(asker.address)) {
    return fail('you can only name clients from your own address');
  }
  if (tooSoon(hub, id, Date.now())) return fail('wait a moment before naming it again');
  await echo.announce({
    type: 'client.named',
    id,
    label,
    program: client.program ?? '',
    chosen: true,
  });
  return { ok: true };
}
