/** A page may send this many seconds' worth of commands at once. */
const BURST_SECONDS = 3;
/** Least time between two "too many commands" answers to one page. */
const TELL_INTERVAL_MS = 1_000;

/**
 * A token bucket for one page's commands: checked before anything else is done with one,
 * so a flood costs a subtraction per command and, at most once a second, one answer.
 */
export class CommandBucket {
  private readonly burst: number;
  private tokens: number;
  private last = performance.now();
  private lastTold = -Infinity;

  constructor(private readonly perSecond: number) {
    this.burst = perSecond * BURST_SECONDS;
    this.tokens = this.burst;
  }

  /** True if this command may go on. */
  take(now = performance.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** For a dropped command: true if the page should be told, which it is once a second. */
  tell(now = performance.now()): boolean {
    if (now - this.lastTold < TELL_INTERVAL_MS) return false;
    this.lastTold = now;
    return true;
  }
}
