import { isIP } from 'node:net';
import { HISTORY_LIMIT, MAX_BLOCKED, Mode, type ControlResult } from '../../shared/protocol.ts';
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

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const wholeIn = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

const fail = (error: string): ControlResult => ({ ok: false, error });

/**
 * Carries out a teacher's command after checking every field of it: the payload comes
 * from a browser and may be anything. Only known fields are read, never merged wholesale,
 * so keys like "__proto__" have nowhere to go.
 */
export async function runControl(target: ControlTarget, command: unknown): Promise<ControlResult> {
  const { echo, bots } = target;
  if (!isRecord(command)) return fail('a command is an object with a "type"');
  switch (command.type) {
    case 'configure': {
      const settings = command.settings;
      if (!isRecord(settings)) return fail('configure needs "settings"');
      const { mode, backlog, recvSize, stepping, delayMs } = settings;
      if (mode !== undefined && mode !== Mode.iterative && mode !== Mode.concurrent) {
        return fail('mode is "iterative" or "concurrent"');
      }
      if (backlog !== undefined && !wholeIn(backlog, 1, 128)) return fail('backlog is 1 to 128');
      if (recvSize !== undefined && !wholeIn(recvSize, 1, 65536)) {
        return fail('recvSize is 1 to 65536');
      }
      if (stepping !== undefined && typeof stepping !== 'boolean') {
        return fail('stepping is true or false');
      }
      if (delayMs !== undefined && !wholeIn(delayMs, 0, 60_000))
        return fail('delayMs is 0 to 60000');
      await echo.reconfigure({
        ...(stepping === undefined ? {} : { stepping }),
        ...(delayMs === undefined ? {} : { delayMs }),
        ...(mode === undefined ? {} : { mode }),
        ...(backlog === undefined ? {} : { backlog }),
        ...(recvSize === undefined ? {} : { recvSize }),
      });
      return { ok: true };
    }
    case 'disconnect':
      if (!wholeIn(command.id, 1, Number.MAX_SAFE_INTEGER)) return fail('disconnect needs an id');
      return (await echo.disconnect(command.id))
        ? { ok: true }
        : fail(`no open client ${command.id}`);
    case 'clear':
      await echo.announce({ type: 'diagram.cleared' });
      return { ok: true };
    case 'bots': {
      const { count, messages, intervalMs } = command;
      if (!wholeIn(count, 1, 50)) return fail('count is 1 to 50');
      if (!wholeIn(messages, 1, 1000)) return fail('messages is 1 to 1000');
      if (!wholeIn(intervalMs, 50, 60_000)) return fail('intervalMs is 50 to 60000');
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
    default:
      return fail(`unknown command ${JSON.stringify(String(command.type)).slice(0, 40)}`);
  }
}

/** An IP address as sockets report it, IPv4-mapped IPv6 shown plain. */
const ipAddress = (v: unknown): string | null => {
  if (typeof v !== 'string' || v.length > 64) return null;
  const plain = plainAddress(v);
  return isIP(plain) ? plain : null;
};

/** The teacher's moderation: hide or show a message or a name, block or unblock an address. */
async function moderate(
  { echo, hub }: ControlTarget,
  command: Record<string, unknown>,
): Promise<ControlResult> {
  switch (command.type) {
    case 'hideMessage': {
      const { seq, hidden } = command;
      if (!wholeIn(seq, 1, Number.MAX_SAFE_INTEGER)) return fail('hideMessage needs a seq');
      if (typeof hidden !== 'boolean') return fail('hidden is true or false');
      const event = hub.recent(HISTORY_LIMIT).find((e) => e.seq === seq);
      if (
        event?.type !== 'data.read' &&
        event?.type !== 'client.word' &&
        event?.type !== 'data.burst' &&
        event?.type !== 'data.waiting'
      ) {
        return fail(`no message ${seq} in the recent events`);
      }
      await echo.announce({ type: 'message.hidden', target: seq, id: event.id, hidden });
      return { ok: true };
    }
    case 'hideName': {
      const { id, hidden } = command;
      if (!wholeIn(id, 1, Number.MAX_SAFE_INTEGER)) return fail('hideName needs an id');
      if (typeof hidden !== 'boolean') return fail('hidden is true or false');
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
    default: {
      const address = ipAddress(command.address);
      if (!address) return fail('unblock needs an IP address');
      return (await echo.unblock(address)) ? { ok: true } : fail(`${address} is not blocked`);
    }
  }
}
