import type { Step } from '../../shared/protocol.ts';
import type { EventSource } from './event-source.ts';

export type Action = typeof Step.accept | typeof Step.recv | typeof Step.send | typeof Step.close;

/**
 * Lets a teacher hold the real server: before each action of the loop (accept, recv,
 * send, close) it waits for "next step" in step mode, and sleeps `delayMs` in slow
 * motion. Real clients really wait. Off, it costs one branch per action.
 */
interface Held {
  action: Action;
  id: number | null;
  release: () => void;
}

export class Stepper {
  private stepping = false;
  private delayMs = 0;
  private readonly waiting: Held[] = [];

  constructor(private readonly events: EventSource) {}

  configure(stepping: boolean, delayMs: number): void {
    this.stepping = stepping;
    this.delayMs = delayMs;
    if (!stepping) for (const held of this.waiting.splice(0)) this.resume(held);
  }

  /** Whether actions may be held or slowed at all. */
  get active(): boolean {
    return this.stepping || this.delayMs > 0;
  }

  /** Nothing to wait for (the common case), or a promise to await before acting. */
  before(action: Action, id: number | null): Promise<void> | undefined {
    if (!this.active) return undefined;
    return this.hold(action, id);
  }

  /** Lets the oldest held action go; false if none was waiting. */
  next(): boolean {
    const held = this.waiting.shift();
    if (held) this.resume(held);
    return held !== undefined;
  }

  /** Releases everything, e.g. at shutdown. */
  releaseAll(): void {
    this.configure(false, 0);
  }

  private async hold(action: Action, id: number | null): Promise<void> {
    if (this.delayMs > 0) {
      this.events.emit({ type: 'server.delayed', step: action, id, ms: this.delayMs });
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    }
    if (!this.stepping) return;
    this.events.emit({ type: 'server.paused', step: action, id });
    await new Promise<void>((release) => this.waiting.push({ action, id, release }));
  }

  /**
   * Said before the action runs, so a page knows the hold is over even when the action
   * turns out to be nothing to show (the held client left meanwhile).
   */
  private resume({ action, id, release }: Held): void {
    this.events.emit({ type: 'server.resumed', step: action, id });
    release();
  }
}
