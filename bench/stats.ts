// Small numeric helpers shared by every benchmark. Pure, so each figure is computed the
// same way wherever it comes from.

/** The q-quantile (0..1) by nearest rank; NaN for no samples. */
export function quantile(samples: ArrayLike<number>, q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export const median = (values: ArrayLike<number>): number => quantile(values, 0.5);

export interface Spread {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

export function spread(samples: ArrayLike<number>): Spread {
  return {
    p50: quantile(samples, 0.5),
    p99: quantile(samples, 0.99),
    max: quantile(samples, 1),
    n: samples.length,
  };
}

export const MiB = 1024 * 1024;

/** Fixed decimals, with thin grouping for big numbers so a table reads at a glance. */
export function num(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export const ms = (value: number): string => `${num(value, value < 10 ? 2 : 1)} ms`;

/** Sleeps without keeping the process alive past a cancelled run. */
export const sleep = (millis: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, millis));

/** Rejects after `millis` with `what` in the message; bounds every wait on a child. */
export function withTimeout<T>(promise: Promise<T>, millis: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${millis} ms`)), millis);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
