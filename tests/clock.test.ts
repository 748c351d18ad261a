import { describe, expect, it } from 'vitest';
import { clockTime } from '../web/src/i18n/clock.ts';

describe('clockTime', () => {
  it('never loses the leading digits a lesson past 17 minutes has', () => {
    expect(clockTime(1_095_456.7, 'es')).toBe('18:15,456');
    expect(clockTime(1_095_456.7, 'en')).toBe('18:15.456');
    expect(clockTime(3_191, 'es')).toBe('0:03,191');
    expect(clockTime(0, 'en')).toBe('0:00.000');
  });

  it('stays within nine characters for ten hours, coarser past the first', () => {
    expect(clockTime(59 * 60_000 + 59_999.9, 'en')).toBe('59:59.999');
    expect(clockTime(3_723_456, 'en')).toBe('1:02:03.4');
    expect(clockTime(10 * 3_600_000 + 5_999, 'es')).toBe('10:00:05');
    for (let ms = 0; ms < 10 * 3_600_000; ms += 7_919_333) {
      expect(clockTime(ms, 'es').length).toBeLessThanOrEqual(9);
    }
  });

  it('keeps its order: a later time never prints as an earlier one', () => {
    const times = [0, 999, 1_000, 59_999, 60_000, 3_599_999, 3_600_000, 36_000_000];
    const printed = times.map((t) => clockTime(t, 'en'));
    expect(new Set(printed).size).toBe(times.length);
  });
});
