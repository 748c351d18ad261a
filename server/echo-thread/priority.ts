import os from 'node:os';

/**
 * How far the main thread (the web side: pages, viewers, the lab's state) steps back from
 * the echo thread. It only matters while a core is contended: under a flood the echoes go
 * first and the page's events wait a little, never the other way round. At 10 the main
 * thread still gets about a tenth of a contended core, well above what a flood's summaries
 * cost it.
 */
export const VIEW_NICE = 10;

/**
 * Lowers the calling thread's CPU priority below the echo thread's. Call it once the echo
 * thread exists, since a new thread takes its creator's priority. Linux keeps a priority
 * per thread; elsewhere it would slow the whole process, echo thread included, so it is
 * left alone there. Says whether it applied.
 */
export function yieldToEchoThread(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // Never raise it: a teacher may have started Echo Lab with `nice` already.
    os.setPriority(0, Math.max(os.getPriority(0), VIEW_NICE));
    return true;
  } catch {
    return false;
  }
}
