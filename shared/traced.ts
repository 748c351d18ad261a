// What the page is told about a student's program that Echo Lab runs and traces (--run),
// beside the events every server shares. The events and their parts are declared in
// ./schema/child-events.ts; the limits on what a page keeps of them are here.

export {
  Sight,
  type Blind,
  type ChildAt,
  type ChildInfo,
  type ChildSource,
  type OutputStream,
} from './schema/child-events.ts';

/** Output lines a page keeps of the program. */
export const CHILD_OUTPUT_KEPT = 200;

/** Calls without an arrow told one by one per program run; past that, only arrows. */
export const CHILD_CALLS_SHOWN = 500;
