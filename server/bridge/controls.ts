import { Mode, type ControlResult } from '../../shared/protocol.ts';
import type { Bots } from '../bots/bots.ts';
import type { EchoThread } from '../echo-thread/echo-thread.ts';

export interface ControlTarget {
  echo: EchoThread;
  bots: Bots;
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
export async function runControl(
  { echo, bots }: ControlTarget,
  command: unknown,
): Promise<ControlResult> {
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
      await echo.clear();
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
    case 'step':
      return (await echo.step()) ? { ok: true } : fail('the server is not waiting for a step');
    default:
      return fail(`unknown command ${JSON.stringify(String(command.type)).slice(0, 40)}`);
  }
}
