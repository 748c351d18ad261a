// The few value shapes every schema here is made of. Each takes the one-line message a
// refusal should carry (commands answer with it; files are refused by the path instead).

import * as v from 'valibot';
import type { Bounds } from './bounds.ts';

type Message = string | undefined;

/** A count, size, id or seq: a whole number from 0 up that a double holds exactly. */
export const whole = (message?: Message) =>
  v.pipe(v.number(message), v.safeInteger(message), v.minValue(0, message));

/** An id or seq as a command names it: from 1 up. */
export const positive = (message?: Message) =>
  v.pipe(v.number(message), v.safeInteger(message), v.minValue(1, message));

/** A time or a duration: any finite number. */
export const finite = (message?: Message) => v.pipe(v.number(message), v.finite(message));

/** A whole number within `bounds`; refused as "backlog is 1 to 128". */
export const ranged = (name: string, { min, max }: Bounds) => {
  const message = `${name} is ${min} to ${max}`;
  return v.pipe(
    v.number(message),
    v.integer(message),
    v.minValue(min, message),
    v.maxValue(max, message),
  );
};

export const text = (message?: Message) => v.string(message);

export const flag = (message?: Message) => v.boolean(message);

/** One of an `as const` object's values, e.g. `oneOf(Mode)`. */
export const oneOf = <const T extends Record<string, string>>(values: T, message?: Message) =>
  v.picklist(Object.values(values) as T[keyof T][], message);

/** A list of at most `max` items: a forged file cannot make the page walk millions. */
export const listOf = <const T extends v.GenericSchema>(item: T, max: number) =>
  v.pipe(v.array(item), v.maxLength(max), v.readonly());

/** One kind of event: its `type`, then its own fields. */
export const body = <const T extends string, const E extends v.ObjectEntries>(
  type: T,
  entries: E,
) => v.object({ type: v.literal(type), ...entries });
