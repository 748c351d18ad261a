import { ClientKind, MAX_BLOCKED, RefuseCause, type ClientInfo } from '../../shared/protocol.ts';
import { isLocal } from './client-names.ts';
import type { EventSource } from './event-source.ts';

/**
 * Whether blocking `address` disconnects this client. Raw clients are refused by the echo
 * server, web forms by the byte bridge (which knows the page's address, and web forms'
 * events carry it). This machine's own addresses keep their web forms and bots, which dial
 * from there: blocking one reaches its raw clients only.
 */
export const reaches = (address: string, info: ClientInfo): boolean =>
  info.address === address && (info.kind === ClientKind.raw || !isLocal(address));

/**
 * A blocked address retrying from a loop is refused thousands of times a second (about
 * 8,000 on one core here); reported one by one, those refusals would fill every page's
 * history in a blink. The first is reported at once, then at most one event per period
 * stands for all of them, with their exact count.
 */
export const REFUSALS_PERIOD_MS = 1_000;

interface Unreported {
  count: number;
  port: number;
  limit: number;
  timer: NodeJS.Timeout;
}

/** The addresses the teacher keeps out for the rest of the run, and their refusals. */
export class Blocklist {
  private readonly addresses = new Set<string>();
  /** Blocked addresses refused lately, with what is not reported yet; at most one per address. */
  private readonly quiet = new Map<string, Unreported>();

  constructor(private readonly events: EventSource) {}

  has(address: string): boolean {
    return this.addresses.size > 0 && this.addresses.has(address);
  }

  /** False when the list is full; blocking an address twice reports it once. */
  add(address: string): boolean {
    if (this.addresses.has(address)) return true;
    if (this.addresses.size >= MAX_BLOCKED) return false;
    this.addresses.add(address);
    this.events.emit({ type: 'address.blocked', address, blocked: true });
    return true;
  }

  /** False if it was not blocked. */
  remove(address: string): boolean {
    if (!this.addresses.delete(address)) return false;
    this.settle(address);
    this.events.emit({ type: 'address.blocked', address, blocked: false });
    return true;
  }

  /** Reports a refusal now, or with the next report of that address. */
  refused(address: string, port: number, limit: number): void {
    const waiting = this.quiet.get(address);
    if (waiting) {
      waiting.count++;
      waiting.port = port;
      return;
    }
    this.report(address, port, limit, 1);
    const timer = setTimeout(() => this.tick(address), REFUSALS_PERIOD_MS);
    this.quiet.set(address, { count: 0, port, limit, timer: timer.unref() });
  }

  /** Reports every refusal not reported yet, e.g. before the server stops. */
  flush(): void {
    for (const address of [...this.quiet.keys()]) this.settle(address);
  }

  private tick(address: string): void {
    const waiting = this.quiet.get(address);
    if (!waiting) return;
    if (waiting.count === 0) {
      this.quiet.delete(address);
      return;
    }
    this.report(address, waiting.port, waiting.limit, waiting.count);
    waiting.count = 0;
    waiting.timer = setTimeout(() => this.tick(address), REFUSALS_PERIOD_MS).unref();
  }

  private settle(address: string): void {
    const waiting = this.quiet.get(address);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.quiet.delete(address);
    if (waiting.count > 0) this.report(address, waiting.port, waiting.limit, waiting.count);
  }

  private report(address: string, port: number, limit: number, count: number): void {
    const cause = RefuseCause.blocked;
    const extra = count === 1 ? {} : { count };
    this.events.emit({ type: 'client.refused', address, port, limit, cause, ...extra });
  }
}
