import { initialState, reduceAll, type LabState } from '../../shared/lab.ts';
import { HISTORY_LIMIT, type LabEvent, type Snapshot } from '../../shared/protocol.ts';
import { Batcher } from '../batcher.ts';
import type { EventFeed } from '../echo/event-source.ts';
import { Ring } from './ring.ts';

/**
 * The least time between two batches: about one frame at 60 Hz. An event after a quiet
 * spell goes out at once; only a stream that keeps coming is gathered a frame at a time.
 */
const BATCH_MS = 16;

/**
 * Follows the echo server's events: keeps the lab state (folded with the same reducer as
 * the page), a bounded history, and hands out batches so that viewers get at most one
 * message a frame instead of one per event.
 */
export class EventHub {
  private state: LabState = initialState();
  /** The state before the oldest event still in the history. */
  private base: LabState = initialState();
  private readonly history = new Ring<LabEvent>(HISTORY_LIMIT);
  /** Taken but not yet folded into `state`; folded a batch at a time, off the echo path. */
  private unfolded: LabEvent[] = [];
  /** Pushed out of the history but not yet folded into `base`. */
  private forgotten: LabEvent[] = [];
  private readonly pending = new Batcher<LabEvent>(BATCH_MS, (batch) => {
    this.fold();
    for (const sink of this.sinks) sink(batch);
  });
  private readonly unsubscribe: () => void;
  private readonly sinks = new Set<(batch: LabEvent[]) => void>();

  constructor(
    source: EventFeed,
    private readonly webPort: () => number,
  ) {
    this.unsubscribe = source.subscribe((event) => this.take(event));
  }

  get lab(): LabState {
    this.fold();
    return this.state;
  }

  /** Everything a page needs to draw the present and the recent past, consistently. */
  snapshot(): Omit<Snapshot, 'role' | 'pageKey'> {
    this.fold();
    return {
      state: this.state,
      history: this.history.last(),
      base: this.base,
      seq: this.state.seq,
      webPort: this.webPort(),
    };
  }

  recent(n: number): LabEvent[] {
    return this.history.last(n);
  }

  /** Receives every batch, in order; returns a function that stops it. */
  onBatch(sink: (batch: LabEvent[]) => void): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** Sends what is pending now, e.g. before shutting down. */
  flush(): void {
    this.fold();
    this.pending.flush();
  }

  close(): void {
    this.flush();
    this.unsubscribe();
  }

  private take(event: LabEvent): void {
    // A restart or the teacher's "clear" starts the drawing afresh, for every page.
    if (event.type === 'server.started' || event.type === 'diagram.cleared') {
      this.fold();
      this.history.clear();
      this.base = this.state;
    }
    this.unfolded.push(event);
    const forgotten = this.history.push(event);
    if (forgotten) this.forgotten.push(forgotten);
    this.pending.push(event);
  }

  private fold(): void {
    if (this.unfolded.length > 0) this.state = reduceAll(this.state, this.unfolded);
    if (this.forgotten.length > 0) this.base = reduceAll(this.base, this.forgotten);
    this.unfolded = [];
    this.forgotten = [];
  }
}
