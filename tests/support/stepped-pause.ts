import type { Pause } from '../../server/bots/bots.ts';

/**
 * A clock for what waits on a timer (bots between messages): each wait holds until the test
 * lets it go, so a test looks at the state in between without racing a real timer.
 */
export class SteppedPause {
  /** Every wait asked for, in milliseconds, in order. */
  readonly asked: number[] = [];
  private held: (() => void)[] = [];

  readonly pause: Pause = (ms) => {
    this.asked.push(ms);
    return new Promise((resolve) => this.held.push(resolve));
  };

  /** Lets every wait held now go on; returns how many there were. */
  release(): number {
    const held = this.held;
    this.held = [];
    for (const go of held) go();
    return held.length;
  }
}
