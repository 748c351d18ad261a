import { ClientKind, type ControlResult } from '../../shared/protocol.ts';
import { plainAddress } from '../echo/client-names.ts';
import { cleanName } from './byte-bridge.ts';
import type { ControlTarget } from './controls.ts';

/** Who asks: the page's address as its socket reached us, and whether it is the teacher's. */
export interface Asker {
  address: string;
  teacher: boolean;
}

const fail = (error: string): ControlResult => ({ ok: false, error });

/**
 * A page names one of its own clients (a raw one from its address, or its web card), the
 * teacher any client. The name is cut and escaped as a web card's `?name=` is, and stays
 * under moderation: a hidden name is hidden by the client's id, whatever it is renamed to.
 */
export async function nameClient(
  { echo, hub }: ControlTarget,
  command: Record<string, unknown>,
  asker: Asker,
): Promise<ControlResult> {
  const { id, name } = command;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
    return fail('name needs a client id');
  }
  if (typeof name !== 'string') return fail('name needs a "name"');
  const label = cleanName(name);
  if (label === '') return fail('a name needs at least one letter');
  const client = hub.lab.clients[id];
  if (!client || client.phase === 'closed') return fail(`no open client ${id}`);
  if (client.kind === ClientKind.bot) return fail('bots keep their names');
  if (!asker.teacher && plainAddress(client.address) !== plainAddress(asker.address)) {
    return fail('you can only name clients from your own address');
  }
  await echo.rename(id, label, client.program ?? '');
  return { ok: true };
}
