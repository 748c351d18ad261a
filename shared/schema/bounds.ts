// Every numeric rule of Echo Lab's settings and commands, in one table. The schemas in this
// folder build their checks from it, the command line takes its flag ranges from it, and the
// page its inputs' bounds, so a range changed here changes everywhere. No valibot here: the
// page's controls read these without pulling in any schema.

export interface Bounds {
  readonly min: number;
  readonly max: number;
}

/** What the echo server may be set to, from the command line or (some) by the teacher. */
export const SETTING_BOUNDS = {
  port: { min: 0, max: 65_535 },
  webPort: { min: 0, max: 65_535 },
  backlog: { min: 1, max: 128 },
  recvSize: { min: 1, max: 65_536 },
  maxMessage: { min: 1, max: 100_000 },
  delayMs: { min: 0, max: 60_000 },
} as const satisfies Record<string, Bounds>;

/** One "add bots" command: how many, how many messages each, and how often. */
export const BOT_BOUNDS = {
  count: { min: 1, max: 50 },
  messages: { min: 1, max: 1_000 },
  intervalMs: { min: 50, max: 60_000 },
} as const satisfies Record<string, Bounds>;

/** Characters a client's chosen name keeps (a web card's `?name=`, a rename). */
export const NAME_CHARS = 24;

/** Addresses the teacher may block at once: a class, with room to spare, never unbounded. */
export const MAX_BLOCKED = 256;

/** Whether `n` is a whole number within `bounds`. */
export const within = (n: number, { min, max }: Bounds): boolean =>
  Number.isInteger(n) && n >= min && n <= max;
