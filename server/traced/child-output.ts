import { visibleString } from '../../shared/bytes.ts';
import type { EventSource } from '../echo/event-source.ts';
import type { OutputStream } from '../../shared/traced.ts';

/** Most output told per second; a program printing in a loop is cut, and the cut counted. */
const BYTES_PER_SECOND = 8 * 1024;
const FLUSH_MS = 50;

/**
 * What the program prints, gathered for a moment and told as `child.output` events, at most
 * BYTES_PER_SECOND; beyond that the bytes are counted as dropped, never queued.
 */
export class ChildOutput {
  private pending: { stream: OutputStream; text: string }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private budget = BYTES_PER_SECOND;
  private budgetSince = Date.now();
  private dropped = 0;

  constructor(private readonly events: EventSource) {}

  add(stream: OutputStream, text: string): void {
    const now = Date.now();
    if (now - this.budgetSince >= 1000) {
      this.budget = BYTES_PER_SECOND;
      this.budgetSince = now;
    }
    const kept = text.slice(0, Math.max(0, this.budget));
    this.budget -= kept.length;
    this.dropped += text.length - kept.length;
    const last = this.pending.at(-1);
    if (kept && last?.stream === stream) last.text += kept;
    else if (kept) this.pending.push({ stream, text: kept });
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pending = this.pending;
    this.pending = [];
    pending.forEach(({ stream, text }, i) => {
      const dropped = i === pending.length - 1 ? this.dropped : 0;
      this.events.emit({
        type: 'child.output',
        stream,
        text: text.split('\n').map(visibleString).join('\n'),
        ...(dropped ? { dropped } : {}),
      });
    });
    if (pending.length > 0) this.dropped = 0;
  }
}
