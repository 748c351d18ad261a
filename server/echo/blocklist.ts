import { ClientKind, MAX_BLOCKED, RefuseCause, type ClientInfo } from '../../shared/protocol.ts';
import { isLocal } from './client-names.ts';
import type { EventSource } from './event-source.ts';
import type { Refusals } from './refusals.ts';

/**
 * Whether blocking `address` disconnects this client. Raw clients are refused by the echo
 * server, web forms by the byte bridge (which knows the page's address, and web forms'
 * events carry it). This machine's own addresses keep their web forms and bots, which dial
 * from there: blocking one reaches its raw clients only.
 */
export const reaches = (address: string, info: ClientInfo): boolean =>
  info.address === address && (info.kind === ClientKind.raw || !isLocal(address));

/** The addresses the teacher keeps out for the rest of the run. */
export class Blocklist {
  private readonly addresses = new Set<string>();

  constructor(
    private readonly events: EventSource,
    private readonly refusals: Refusals,
  ) {}

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
    // Its refusals so far are told before the unblock, so the history reads in order.
    this.refusals.settle(address, RefuseCause.blocked);
    this.events.emit({ type: 'address.blocked', address, blocked: false });
    return true;
  }
}
