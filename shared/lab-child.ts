// The part of the lab a traced program (--run) adds: folded here, called by the one reducer.

import type { LabEvent } from './protocol.ts';
import { CHILD_OUTPUT_KEPT, type ChildAt, type ChildInfo, type OutputStream } from './traced.ts';

export interface ChildLine {
  stream: OutputStream;
  text: string;
  t: number;
}

export interface ChildState {
  info: ChildInfo;
  startedAt: number;
  /** Null while it runs. */
  exit: { code: number | null; signal: string | null; t: number } | null;
  /** Where it is now, and since when (ms since the server started). */
  at: (ChildAt & { since: number }) | null;
  /** The last CHILD_OUTPUT_KEPT lines it printed, oldest first. */
  output: readonly ChildLine[];
  /** Bytes of output the server did not send (too much, too fast), in all. */
  outputDropped: number;
  /** The kernel's listen overflow counters since the program started. */
  overflows: number;
  drops: number;
}

type ChildEvent = Extract<
  LabEvent,
  { type: 'child.started' | 'child.output' | 'child.exited' | 'child.at' | 'queue.overflowed' }
>;

const keep = (lines: readonly ChildLine[], more: ChildLine[]): readonly ChildLine[] => {
  const all = lines.concat(more);
  return all.length > CHILD_OUTPUT_KEPT ? all.slice(all.length - CHILD_OUTPUT_KEPT) : all;
};

export function foldChild(child: ChildState | null, e: ChildEvent): ChildState | null {
  if (e.type === 'child.started') {
    return {
      info: e.child,
      startedAt: e.t,
      exit: null,
      at: null,
      output: [],
      outputDropped: 0,
      overflows: 0,
      drops: 0,
    };
  }
  if (!child) return child;
  switch (e.type) {
    case 'child.output': {
      const parts = e.text.split('\n');
      // A chunk that ends in a newline leaves an empty last part, which is no line.
      if (parts.at(-1) === '') parts.pop();
      const lines = parts.map((text) => ({ stream: e.stream, text, t: e.t }));
      return {
        ...child,
        output: keep(child.output, lines),
        outputDropped: child.outputDropped + (e.dropped ?? 0),
      };
    }
    case 'child.exited':
      return { ...child, exit: { code: e.code, signal: e.signal, t: e.t }, at: null };
    case 'child.at': {
      const { call, fd, file, line, inside } = e;
      const old = child.at;
      const same = old?.call === call && old.line === line && old.inside === inside;
      return { ...child, at: { call, fd, file, line, inside, since: same ? old.since : e.t } };
    }
    case 'queue.overflowed':
      return { ...child, overflows: e.overflows, drops: e.drops };
  }
}
