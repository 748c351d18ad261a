// What the page is told about a student's program that Echo Lab runs and traces (--run),
// beside the events every server shares. Declared here and used by shared/protocol.ts.

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
export interface Blind {
  what: Sight;
  /** One line for the teacher, e.g. "strace is not installed (apt-get install strace)". */
  why: string;
}

/** The program's own source, for the code panel and the exports; bounded in size. */
export interface ChildSource {
  file: string;
  text: string;
  truncated: boolean;
}

export interface ChildInfo {
  /** The command as split into words (never run through a shell). */
  command: string[];
  cwd: string;
  pid: number;
  blind: Blind[];
  source: ChildSource | null;
}

/** Where the program is: inside `call` (blocked while it has not returned), at `line`. */
export interface ChildAt {
  call: string | null;
  fd: number | null;
  file: string | null;
  line: number | null;
  /** True while the call has not returned. */
  inside: boolean;
}

export type ChildEventBody =
  /** The program was started (again, after a restart). */
  | { type: 'child.started'; child: ChildInfo }
  /** What the program printed; long output is cut, and `dropped` says how many bytes were not sent. */
  | { type: 'child.output'; stream: 'stdout' | 'stderr'; text: string; dropped?: number }
  | { type: 'child.exited'; code: number | null; signal: string | null }
  /** The program entered or left a socket call, at most a few times a second while it loops. */
  | ({ type: 'child.at' } & ChildAt)
  /**
   * A socket call with no arrow of its own (socket, bind, listen, shutdown, a recv that
   * returned 0 because the client had closed…). `count` is how many identical calls in a
   * row it stands for (a program that keeps reading a closed socket makes thousands).
   */
  | {
      type: 'child.call';
      call: string;
      fd: number;
      id: number | null;
      result: string;
      count: number;
      line: number | null;
    }
  /** The kernel's listen overflow counters grew: SYNs dropped because a queue was full. */
  | { type: 'queue.overflowed'; overflows: number; drops: number };

/** Output lines a page keeps of the program. */
export const CHILD_OUTPUT_KEPT = 200;

/** Calls without an arrow told one by one per program run; past that, only arrows. */
export const CHILD_CALLS_SHOWN = 500;
