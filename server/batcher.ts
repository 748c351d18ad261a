/**
 * Gathers items and sends them in batches, at most one batch per `intervalMs`. After a
 * quiet spell the first item goes out at once — at the end of this turn of the event loop,
 * so items made together (a read and its echo, reads from one poll) still travel
 * together; while items keep coming, each waits out the rest of the interval. An idle
 * stream so pays no fixed wait, and a busy one costs one send per interval, as before.
 */
export class Batcher<T> {
  private pending: T[] = [];
  /** When the last batch went, on performance.now()'s clock. */
  private lastSent = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (batch: T[]) => void,
  ) {}

  push(item: T): void {
    this.pending.push(item);
    if (this.timer || this.immediate) return;
    const wait = this.lastSent + this.intervalMs - performance.now();
    if (wait <= 0) this.immediate = setImmediate(() => this.flush());
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Sends what is pending now (nothing if nothing is). */
  flush(): void {
    this.cancel();
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.lastSent = performance.now();
    this.send(batch);
  }

  /** Stops the pending send without sending; what is pending stays. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }
}
