import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { RecordingOptions } from './run-writer.ts';
import type { RunStatus } from './run-api.ts';
import { RunWriter, type BatchFeed } from './run-writer.ts';

/** This run's recording, as the app and the sessions API see it. */
export interface Recording {
  /** Where runs are saved; null when nothing is. */
  dir: string | null;
  /** Why this run is not saved, if it is not. */
  off: string | null;
  /** The file being written, for the banner. */
  file: string | null;
  current(): RunStatus | null;
  close(): Promise<void>;
  /** Closes and deletes this run's file: Echo Lab did not start after all. */
  discard(): Promise<void>;
}

/**
 * Starts saving this run, unless told not to. A folder that cannot be made is said once
 * and the lesson goes on unsaved: a class should not wait on the teacher's disk.
 */
export async function startRecording(
  feed: BatchFeed,
  options: RecordingOptions | null | undefined,
  warn: (line: string) => void = (line) => process.stderr.write(`echo-lab: ${line}\n`),
): Promise<Recording> {
  const none = (off: string, dir: string | null = null): Recording => ({
    dir,
    off,
    file: null,
    current: () => null,
    close: () => Promise.resolve(),
    discard: () => Promise.resolve(),
  });
  // The flag alone: the page says the rest in its own language.
  if (!options) return none('--no-record');
  let writer: RunWriter;
  try {
    writer = await RunWriter.start(feed, options, warn);
  } catch (err) {
    const why = `cannot save this run in ${options.dir} (${(err as Error).message}); choose another folder with --sessions-dir`;
    warn(why);
    return none(why, options.dir);
  }
  const file = path.join(options.dir, writer.name);
  return {
    dir: options.dir,
    off: null,
    file,
    current: () => writer.status,
    close: () => writer.close(),
    discard: async () => {
      await writer.close();
      await fsp.rm(file, { force: true });
    },
  };
}
