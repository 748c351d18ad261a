// The three kinds of child process every benchmark uses, typed, plus the context passed to
// each benchmark and the row each figure becomes.

import { Child } from './children.ts';
import type {
  BusyJob,
  BusyResults,
  LoadJob,
  LoadResults,
  ServerJob,
  ServerKind,
  ServerReady,
  ServerResults,
  ServerSample,
  ViewerJob,
  ViewerResults,
} from './ipc.ts';

export type ServerChild = Child<ServerJob, ServerResults, ServerReady>;
export type LoadChild = Child<LoadJob, LoadResults, object>;
export type ViewersChild = Child<ViewerJob, ViewerResults, object>;
export type BusyChild = Child<BusyJob, BusyResults, object>;

export const startServer = (
  kind: ServerKind,
  mode: 'iterative' | 'concurrent' = 'concurrent',
  nodeFlags: string[] = [],
  /** Echo Lab's own command-line flags, after the bench's (e.g. higher viewer limits). */
  labFlags: string[] = [],
): Promise<ServerChild> => Child.start('server-child.ts', [kind, mode, ...labFlags], { nodeFlags });

export const startLoad = (): Promise<LoadChild> => Child.start('load-child.ts', []);

export const startViewers = (): Promise<ViewersChild> => Child.start('viewers-child.ts', []);

/** Bare-WebSocket viewers, for hundreds of them at once (see raw-viewers-child.ts). */
export const startRawViewers = (): Promise<ViewersChild> => Child.start('raw-viewers-child.ts', []);

export const startBusy = (): Promise<BusyChild> => Child.start('busy-child.ts', []);

export const pageUrl = (server: ServerChild): string => `http://127.0.0.1:${server.ready.webPort}`;

export const sample = (server: ServerChild, gc = false): Promise<ServerSample> =>
  server.request({ type: 'sample', gc });

export interface Context {
  quick: boolean;
  load: LoadChild;
  viewers: ViewersChild;
}

/** One figure of the summary table. `pass` is null where the issue sets no target. */
export interface Row {
  figure: string;
  measured: string;
  target: string;
  pass: boolean | null;
}

export interface Section {
  name: string;
  rows: Row[];
  /** Everything measured, for results.json. */
  data: unknown;
  /** Extra Markdown (a detail table) printed before the summary. */
  detail?: string;
}

export const notMeasured = (figure: string, target: string, reason: string): Row => ({
  figure,
  measured: `not measured: ${reason}`,
  target,
  pass: null,
});

/** Stops children in parallel, never throwing: cleanup must not hide the real error. */
export async function stopAll(children: ({ stop(): Promise<void> } | undefined)[]): Promise<void> {
  await Promise.allSettled(children.flatMap((c) => (c ? [c.stop()] : [])));
}
