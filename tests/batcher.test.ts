// The batching policy between the echo thread, the hub and the viewers: an item after a
// quiet spell goes at the end of the loop turn; items that keep coming wait out the
// interval. On vitest's fake clock, so it checks the rule, not the machine's speed.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from '../server/batcher.ts';

const INTERVAL = 16;

describe('Batcher', () => {
  let sent: number[][];
  let batcher: Batcher<number>;
  let start = 0;
  const elapsed = (): number => performance.now() - start;
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'],
    });
    sent = [];
    batcher = new Batcher<number>(INTERVAL, (batch) => sent.push(batch));
    start = performance.now();
  });
  afterEach(() => {
    batcher.cancel();
    vi.useRealTimers();
  });

  it('sends an item on an idle stream at the end of the turn, with what came with it', () => {
    batcher.push(1);
    batcher.push(2);
    expect(sent).toEqual([]);
    vi.advanceTimersToNextTimer();
    expect(sent).toEqual([[1, 2]]);
    expect(elapsed()).toBe(0);
  });

  it('gathers items that keep coming and sends them one interval after the last batch', () => {
    batcher.push(1);
    vi.advanceTimersToNextTimer();
    vi.advanceTimersByTime(5);
    batcher.push(2);
    vi.advanceTimersByTime(5);
    batcher.push(3);
    vi.advanceTimersByTime(INTERVAL - 10 - 1);
    expect(sent).toEqual([[1]]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([[1], [2, 3]]);
  });

  it('is idle again once an interval has passed without a batch', () => {
    batcher.push(1);
    vi.advanceTimersToNextTimer();
    vi.advanceTimersByTime(INTERVAL);
    batcher.push(2);
    vi.advanceTimersToNextTimer();
    expect(sent).toEqual([[1], [2]]);
    expect(elapsed()).toBe(INTERVAL);
  });

  it('sends at once on flush, and counts that batch for the spacing', () => {
    batcher.push(1);
    batcher.flush();
    expect(sent).toEqual([[1]]);
    batcher.push(2);
    vi.advanceTimersByTime(INTERVAL - 1);
    expect(sent).toEqual([[1]]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([[1], [2]]);
    batcher.flush();
    expect(sent).toHaveLength(2);
  });
});
