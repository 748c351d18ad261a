// The echo server's settings: as events and files carry them (EchoConfig), and the part a
// teacher may change while it runs (LiveSettings), checked against the bounds table.

import * as v from 'valibot';
import { finite, flag, oneOf, ranged, text, whole } from './basics.ts';
import { SETTING_BOUNDS } from './bounds.ts';

export const Mode = { iterative: 'iterative', concurrent: 'concurrent' } as const;
export type Mode = (typeof Mode)[keyof typeof Mode];

/**
 * The settings a server runs with. Whole numbers, not the command line's ranges: a traced
 * program (--run) listens with whatever backlog its code asks for.
 */
export const EchoConfigSchema = v.object({
  host: text(),
  port: whole(),
  mode: oneOf(Mode),
  /** Places in the accept queue, as in listen(backlog). */
  backlog: whole(),
  /** Most bytes one recv() returns. */
  recvSize: whole(),
  disconnectWord: text(),
  /** The client's limit on one message, in characters. */
  maxMessage: whole(),
  /** Step mode: each action of the loop waits for the teacher's "next step". */
  stepping: flag(),
  /** Slow motion: milliseconds the server waits before each action. */
  delayMs: finite(),
});
export type EchoConfig = v.InferOutput<typeof EchoConfigSchema>;

/** Settings a teacher may change while the server runs; any of them, each in its range. */
export const LiveSettingsSchema = v.object(
  {
    mode: v.optional(oneOf(Mode, `mode is "${Object.values(Mode).join('" or "')}"`)),
    backlog: v.optional(ranged('backlog', SETTING_BOUNDS.backlog)),
    recvSize: v.optional(ranged('recvSize', SETTING_BOUNDS.recvSize)),
    stepping: v.optional(flag('stepping is true or false')),
    delayMs: v.optional(ranged('delayMs', SETTING_BOUNDS.delayMs)),
  },
  'configure needs "settings"',
);
export type LiveSettings = v.InferOutput<typeof LiveSettingsSchema>;

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8000,
  webPort: 3000,
  mode: Mode.iterative,
  backlog: 5,
  recvSize: 1024,
  disconnectWord: 'desconectar',
  maxMessage: 200,
  stepping: false,
  delayMs: 0,
} as const;
