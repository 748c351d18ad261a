import { isIP } from 'node:net';
import {
  HISTORY_LIMIT,
  MAX_BLOCKED,
  type ControlCommand,
  type ControlResult,
} from '../../shared/protocol.ts';
import { hasPreview } from '../../shared/moderation.ts';
import { checkCommand } from '../../shared/schema/commands.ts';
import type { Bots } from '../bots/bots.ts';
import { plainAddress } from '../echo/client-names.ts';
import type { ShownServer } from '../shown/shown-server.ts';
import type { EventHub } from '../hub/hub.ts';

export interface ControlTarget {
  echo: ShownServer;
  bots: Bots;
  /** What was shown, so a hide names a message or a client the pages really have. */
  hub: EventHub;
}

const fail = (error: string): ControlResult => ({ ok: false, error });

/**
 * Carries out a teacher's command after checking every field of it against the schema: the
 * payload comes from a browser and may be anything. Only the fields the schema names are
 * kept, never merged wholesale, so keys like "__proto__" have nowhere to go.
 */
export async function runControl(target: ControlTarget, input: unknown): Promise<ControlResult> {
  const { echo, bots } = target;
  const checked = checkCommand(input);
  if (!checked.ok) return fail(checked.error);
  const { command } = checked;
  switch (command.type) {
    case 'configure':
      await echo.reconfigure(command.settings);
      return { ok: true };
    case 'disconnect':
      return (await echo.disconnect(command.id))
        ? { ok: true }
        : fail(`no open client ${command.id}`);
    case 'clear':
      await echo.announce({ type: 'diagram.cleared' });
      return { ok: true };
    case 'bots': {
      const { count, messages, intervalMs } = command;
      const started = bots.start({ count, messages, intervalMs });
      return started > 0 ? { ok: true } : fail('too many bots already');
    }
    case 'stopBots':
      bots.stop();
      return { ok: true };
    case 'restart':
      if (!echo.restart) return fail('only a program run with --run can be restarted');
      await echo.restart();
      return { ok: true };
    case 'step':
      return (await echo.step()) ? { ok: true } : fail('the server is not waiting for a step');
    case 'hideMessage':
    case 'hideName':
    case 'block':
    case 'unblock':
      return moderate(target, command);
    case 'name':
      // Who may name a client depends on who asks: viewers.ts hands it to nameClient.
      return fail('name is sent by a page, with its address');
  }
}

/** An IP address as sockets report it, IPv4-mapped IPv6 shown plain. */
const ipAddress = (v: string): string | null => {
  const plain = plainAddress(v);
  return isIP(plain) ? plain : null;
};

/** The teacher's moderation: hide or show a message or a name, block or unblock an address. */
async function moderate(
  { echo, hub }: ControlTarget,
  command: Extract<ControlCommand, { type: 'hideMessage' | 'hideName' | 'block' | 'unblock' }>,
): Promise<ControlResult> {
  switch (command.type) {
    case 'hideMessage': {
      const { seq, hidden } = command;
      const event = hub.recent(HISTORY_LIMIT).find((e) => e.seq === seq);
      if (!event || !hasPreview(event)) return fail(`no message ${seq} in the recent events`);
      await echo.announce({ type: 'message.hidden', target: seq, id: event.id, hidden });
      return { ok: true };
    }
    case 'hideName': {
      const { id, hidden } = command;
      const known =
        hub.lab.clients[id] ??
        hub.recent(HISTORY_LIMIT).find((e) => e.type === 'client.connected' && e.client.id === id);
      if (!known) return fail(`no client ${id}`);
      await echo.announce({ type: 'name.hidden', id, hidden });
      return { ok: true };
    }
    case 'block': {
      const address = ipAddress(command.address);
      if (!address) return fail('block needs an IP address');
      return (await echo.block(address))
        ? { ok: true }
        : fail(`at most ${MAX_BLOCKED} blocked addresses`);
    }
    case 'unblock': {
      const address = ipAddress(command.address);
      if (!address) return fail('unblock needs an IP address');
      return (await echo.unblock(address)) ? { ok: true } : fail(`${address} is not blocked`);
    }
  }
}
