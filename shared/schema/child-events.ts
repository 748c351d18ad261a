// The events about a student's program that Echo Lab runs and traces (--run), beside the
// events every server shares; part of the one event schema in events.ts.

import * as v from 'valibot';
import { body, finite, flag, listOf, oneOf, text, whole } from './basics.ts';

/** What Echo Lab can see of a traced program, each thing from its own source. */
export const Sight = {
  /** Every socket call with its bytes: strace on Linux. */
  calls: 'calls',
  /** The line of the program each call came from: the Python tracer. */
  lines: 'lines',
  /** The real accept queue and retrying clients: the kernel's tables (/proc/net/tcp). */
  queue: 'queue',
} as const;
export type Sight = (typeof Sight)[keyof typeof Sight];

/** Something Echo Lab cannot see of the program, and why, so the page can say so. */
const BlindSchema = v.object({
  what: oneOf(Sight),
  /** One line for the teacher, e.g. "strace is not installed (apt-get install strace)". */
  why: text(),
});

/** The program's own source, for the code panel and the exports; bounded in size. */
const ChildSourceSchema = v.object({ file: text(), text: text(), truncated: flag() });

export const ChildInfoSchema = v.object({
  /** The command as split into words (never run through a shell). */
  command: listOf(text(), 256),
  cwd: text(),
  pid: whole(),
  blind: listOf(BlindSchema, 8),
  source: v.nullable(ChildSourceSchema),
});

/** Where the program is: inside `call` (blocked while it has not returned), at `line`. */
export const ChildAtEntries = {
  call: v.nullable(text()),
  fd: v.nullable(whole()),
  file: v.nullable(text()),
  line: v.nullable(whole()),
  /** True while the call has not returned. */
  inside: flag(),
};

export const OutputStream = { stdout: 'stdout', stderr: 'stderr' } as const;
export type OutputStream = (typeof OutputStream)[keyof typeof OutputStream];

export const ChildExitEntries = { code: v.nullable(finite()), signal: v.nullable(text()) };

export const CHILD_EVENT_BODIES = [
  /** The program was started (again, after a restart). */
  body('child.started', { child: ChildInfoSchema }),
  /** What the program printed; long output is cut, and `dropped` says how many bytes were not sent. */
  body('child.output', {
    stream: oneOf(OutputStream),
    text: text(),
    dropped: v.optional(whole()),
  }),
  body('child.exited', ChildExitEntries),
  /** The program entered or left a socket call, at most a few times a second while it loops. */
  body('child.at', ChildAtEntries),
  /**
   * A socket call with no arrow of its own (socket, bind, listen, shutdown, a recv that
   * returned 0 because the client had closed…). `count` is how many identical calls in a
   * row it stands for (a program that keeps reading a closed socket makes thousands).
   */
  body('child.call', {
    call: text(),
    fd: whole(),
    id: v.nullable(whole()),
    result: text(),
    count: whole(),
    line: v.nullable(whole()),
  }),
  /** The kernel's listen overflow counters grew: SYNs dropped because a queue was full. */
  body('queue.overflowed', { overflows: whole(), drops: whole() }),
] as const;

export type ChildInfo = v.InferOutput<typeof ChildInfoSchema>;
export type Blind = v.InferOutput<typeof BlindSchema>;
export type ChildSource = v.InferOutput<typeof ChildSourceSchema>;
export type ChildAt = v.InferOutput<v.ObjectSchema<typeof ChildAtEntries, undefined>>;
