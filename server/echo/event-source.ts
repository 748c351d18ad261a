import { performance } from 'node:perf_hooks';
import type { LabEvent, LabEventBody } from '../../shared/protocol.ts';

export type EventListener = (event: LabEvent) => void;

/** What a follower of the events needs, whichever thread stamps them. */
export interface EventFeed {
  subscribe(listener: EventListener): () => void;
}

/** Stamps events with a gapless sequence number and a high-resolution time, then fans out. */
export class EventSource implements EventFeed {
  private seq = 0;
  private readonly origin = performance.now();
  private readonly listeners = new Set<EventListener>();

  emit(body: LabEventBody): LabEvent {
    const event = { ...body, seq: ++this.seq, t: this.now() };
    this.relay(event);
    return event;
  }

  /** The time an event emitted now would carry. */
  now(): number {
    // Microseconds are plenty for a diagram, and keep every event on the wire shorter.
    return Math.round((performance.now() - this.origin) * 1000) / 1000;
  }

  /** Hands out an event already stamped, e.g. by the echo server's own thread. */
  relay(event: LabEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        // A broken subscriber must never stop the echo server or starve the others.
        console.error('echo-lab: event listener failed:', err);
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
