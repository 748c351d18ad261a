import { afterEach } from 'vitest';

/** Anything a test opens that must not outlive it. */
export interface Closable {
  close(): void;
}

/**
 * Sockets and clients a test opened; closed after it whatever happened. Call once at the top
 * of a test file: it registers the afterEach that closes what `track` (or `opened.push`) got.
 */
export function closeOpenedAfterEach(): {
  opened: Closable[];
  track: <T extends Closable>(thing: T) => T;
} {
  const opened: Closable[] = [];
  const track = <T extends Closable>(thing: T): T => (opened.push(thing), thing);
  afterEach(() => {
    for (const thing of opened.splice(0)) thing.close();
  });
  return { opened, track };
}
