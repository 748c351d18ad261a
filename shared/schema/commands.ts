// What a page may ask of the server, declared once: the TypeScript types the page sends and
// the shape check the server runs on whatever arrives. Each refusal is one line, made from
// the same bounds the page's inputs and the command line use. Checks that need the server's
// state (is there such a client?) stay with the server.

import * as v from 'valibot';
import { body as command, flag, positive, ranged, text } from './basics.ts';
import { BOT_BOUNDS } from './bounds.ts';
import { LiveSettingsSchema } from './settings.ts';

/** An address as sockets report it; the server checks it is an IP address. */
const address = (type: string) =>
  v.pipe(v.string(`${type} needs an IP address`), v.maxLength(64, `${type} needs an IP address`));

const hidden = flag('hidden is true or false');

const COMMANDS = [
  command('configure', { settings: LiveSettingsSchema }),
  command('disconnect', { id: positive('disconnect needs an id') }),
  /** Step mode: let the server take its next action. */
  command('step', {}),
  command('clear', {}),
  /** Starts `count` bot clients that each send `messages` messages, one every `intervalMs`. */
  command('bots', {
    count: ranged('count', BOT_BOUNDS.count),
    messages: ranged('messages', BOT_BOUNDS.messages),
    intervalMs: ranged('intervalMs', BOT_BOUNDS.intervalMs),
  }),
  command('stopBots', {}),
  /** Hides (or shows again) the preview of the read, word or burst with this seq. */
  command('hideMessage', { seq: positive('hideMessage needs a seq'), hidden }),
  /** Hides (or shows again) the name of this client. */
  command('hideName', { id: positive('hideName needs an id'), hidden }),
  /** Refuses this address for the rest of the run and disconnects its open clients. */
  command('block', { address: address('block') }),
  command('unblock', { address: address('unblock') }),
  /** Starts the traced program again (--run). */
  command('restart', {}),
  /**
   * Gives an open client a name. Any page may send it for a client from its own address
   * (a student naming their nc or web client); the teacher's page for any client. The name
   * is cut to NAME_CHARS and escaped by the server.
   */
  command('name', { id: positive('name needs a client id'), name: text('name needs a "name"') }),
] as const;

const NOT_A_COMMAND = 'a command is an object with a "type"';

/** A bad "type" is reported at that key, with the type as input; anything else is no object. */
const unknownCommand = (issue: v.BaseIssue<unknown>): string => {
  if (!issue.path) return NOT_A_COMMAND;
  const type = issue.input;
  const name = typeof type === 'object' && type !== null ? typeof type : String(type);
  return `unknown command ${JSON.stringify(name).slice(0, 40)}`;
};

const ControlCommandSchema = v.variant('type', COMMANDS, unknownCommand);

/** A teacher's command; every one is checked on the server, whoever sends it. */
export type ControlCommand = v.InferOutput<typeof ControlCommandSchema>;

export type ControlResult = { ok: true } | { ok: false; error: string };

/**
 * A command as it arrived, checked: only the fields the schema names are kept (anything
 * else, "__proto__" included, is left behind), or the first thing wrong with it in one line.
 */
export function checkCommand(
  input: unknown,
): { ok: true; command: ControlCommand } | { ok: false; error: string } {
  if (Array.isArray(input)) return { ok: false, error: NOT_A_COMMAND };
  const result = v.safeParse(ControlCommandSchema, input, { abortEarly: true });
  if (result.success) return { ok: true, command: result.output };
  return { ok: false, error: messageOf(result.issues[0]) };
}

const BY_TYPE: ReadonlyMap<unknown, (typeof COMMANDS)[number]> = new Map(
  COMMANDS.map((schema) => [schema.entries.type.literal, schema]),
);

/**
 * The issue's message; for a field left out, the message its own check gives a missing value
 * ("count is 1 to 50"), not the object's generic one.
 */
function messageOf(issue: v.BaseIssue<unknown>): string {
  const [field] = issue.path ?? [];
  if (issue.path?.length !== 1 || field?.origin !== 'key') return issue.message;
  const entries: v.ObjectEntries | undefined = BY_TYPE.get(
    (field.input as { type?: unknown }).type,
  )?.entries;
  const schema = entries?.[String(field.key)];
  const missing = schema && v.safeParse(schema, undefined, { abortEarly: true });
  return missing?.issues?.[0]?.message ?? issue.message;
}
