import type { RefuseCause } from '../../shared/protocol.ts';
import type { EventSource } from './event-source.ts';

/**
 * A client retrying from a loop is refused thousands of times a second (about 8,000 on
 * one core here), whether its address is blocked or the server is full; reported one by
 * one, those refusals would fill every page's history in a blink. The first is reported at
 * once, then at most one event per period stands for all of them, with their exact count.
 */
const REFUSALS_PERIOD_MS = 1_000;

interface Unreported {
  address: string;
  cause: RefuseCause;
  count: number;
  port: number;
  limit: number;
  timer: NodeJS.Timeout;
}

/** Every refusal, reported exactly and cheaply: per address and cause, once a period. */
export class Refusals {
  /** Refused lately, with what is not reported yet; forgotten after a quiet period. */
  private readonly quiet = new Map<string, Unreported>();

  constructor(private readonly events: EventSource) {}

  /** Reports a refusal now, or with the next report for that address and cause. */
  refused(address: string, port: number, limit: number, cause: RefuseCause): void {
    const key = `${cause} ${address}`;
    const waiting = this.quiet.get(key);
    if (waiting) {
      waiting.count++;
      waiting.port = port;
      return;
    }
    this.report(address, port, limit, cause, 1);
    const timer = setTimeout(() => this.tick(key), REFUSALS_PERIOD_MS).unref();
    this.quiet.set(key, { address, cause, count: 0, port, limit, timer });
  }

  /** Reports what is not reported yet for this address and cause, e.g. before it is unblocked. */
  settle(address: string, cause: RefuseCause): void {
    const key = `${cause} ${address}`;
    const waiting = this.quiet.get(key);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.quiet.delete(key);
    if (waiting.count > 0) this.flushOne(waiting);
  }

  /** Reports every refusal not reported yet, e.g. before the server stops. */
  flush(): void {
    for (const waiting of [...this.quiet.values()]) this.settle(waiting.address, waiting.cause);
  }

  private tick(key: string): void {
    const waiting = this.quiet.get(key);
    if (!waiting) return;
    if (waiting.count === 0) {
      this.quiet.delete(key);
      return;
    }
    this.flushOne(waiting);
    waiting.count = 0;
    waiting.timer = setTimeout(() => this.tick(key), REFUSALS_PERIOD_MS).unref();
  }

  private flushOne({ address, port, limit, cause, count }: Unreported): void {
    this.report(address, port, limit, cause, count);
  }

  private report(address: string, port: number, limit: number, cause: RefuseCause, count: number) {
    const extra = count === 1 ? {} : { count };
    this.events.emit({ type: 'client.refused', address, port, limit, cause, ...extra });
  }
}
