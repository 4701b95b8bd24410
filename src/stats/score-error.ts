/**
 * The sampling error of a score measured over items, as the numbers beside every score in
 * summary.json and the reports. Pure functions; 95% intervals.
 */

import type { ScoreError } from "../spec/run.js";

export type { ScoreError } from "../spec/run.js";

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * Sample standard deviation (n − 1 in the denominator), lm-evaluation-harness's `sample_stddev`
 * (lm_eval/api/metrics.py): sqrt(Σ(x − x̄)² / (n − 1)). Undefined below two values.
 */
export function sampleStddev(values: readonly number[]): number | undefined {
  if (values.length < 2) return undefined;
  const mu = mean(values);
  let squares = 0;
  for (const value of values) squares += (value - mu) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/**
 * Standard error of a mean of per-item scores, lm-evaluation-harness's `mean_stderr`
 * (lm_eval/api/metrics.py: `sample_stddev(arr) / sqrt(len(arr))`), which it reports as
 * `acc_stderr`. For 0/1 outcomes this is sqrt(p(1 − p)/(n − 1)). Undefined below two items.
 */
export function meanStderr(values: readonly number[]): number | undefined {
  const stddev = sampleStddev(values);
  return stddev === undefined ? undefined : stddev / Math.sqrt(values.length);
}

/**
 * Wilson score interval for a proportion (Wilson 1927), 95% by default: unlike p ± z·se it stays
 * inside [0, 1] and does not collapse to a point at 0/n or n/n.
 */
export function wilsonInterval(successes: number, n: number, z = Z95): { low: number; high: number } {
  if (!(n > 0)) throw new RangeError(`item count must be positive, got ${n}`);
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0/n and n/n the bound is exactly 0 or 1 (the arithmetic leaves a rounding hair).
  return { low: successes <= 0 ? 0 : Math.max(0, centre - half), high: successes >= n ? 1 : Math.min(1, centre + half) };
}

/** Two-sided 97.5% quantiles of Student's t for 1–30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * The 0.975 quantile of Student's t with `df` degrees of freedom: the table up to 30, then the
 * Cornish–Fisher expansion around z (Abramowitz & Stegun 26.7.5), within 1e-4 of the exact value there.
 */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) throw new RangeError(`degrees of freedom must be at least 1, got ${df}`);
  if (df <= 30) return T975[Math.floor(df) - 1]!;
  const z = Z95;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

/**
 * A 95% t interval for the mean of values (a judged suite's ratings, per-item means over repeated
 * samples): mean ± t(n − 1)·s/√n, clipped to [`min`, `max`] when given. Undefined below two values.
 */
export function meanInterval(values: readonly number[], bounds: { min?: number; max?: number } = {}): ScoreError | undefined {
  const stderr = meanStderr(values);
  if (stderr === undefined) return undefined;
  const mu = mean(values);
  const half = tQuantile975(values.length - 1) * stderr;
  return {
    stderr,
    low: Math.max(bounds.min ?? Number.NEGATIVE_INFINITY, mu - half),
    high: Math.min(bounds.max ?? Number.POSITIVE_INFINITY, mu + half),
  };
}

/**
 * The error of an accuracy over per-item scores in [0, 1]: lm-evaluation-harness's `acc_stderr`,
 * with a Wilson interval when every score is 0 or 1 and a t interval otherwise (graded credit, or
 * each item's mean over repeated samples). Undefined below two items.
 */
export function accuracyError(scores: readonly number[]): ScoreError | undefined {
  const stderr = meanStderr(scores);
  if (stderr === undefined) return undefined;
  if (scores.every((score) => score === 0 || score === 1)) {
    let correct = 0;
    for (const score of scores) correct += score;
    return { stderr, ...wilsonInterval(correct, scores.length) };
  }
  return meanInterval(scores, { min: 0, max: 1 });
}

/**
 * The error of a macro average (the plain mean of m group scores measured on separate items):
 * se = sqrt(Σ seᵢ²) / m, and macro ± z·se clipped to [0, 1]. A group with an unknown error
 * (a single item) counts as exact, so the result is a lower bound then.
 */
export function macroError(groups: ReadonlyArray<{ score: number; stderr?: number }>): ScoreError | undefined {
  if (groups.length === 0) return undefined;
  const macro = mean(groups.map((group) => group.score));
  const stderr = Math.sqrt(groups.reduce((sum, group) => sum + (group.stderr ?? 0) ** 2, 0)) / groups.length;
  return { stderr, low: Math.max(0, macro - Z95 * stderr), high: Math.min(1, macro + Z95 * stderr) };
}

/**
 * Scores grouped by cluster (the samples of one item), each cluster's mean in first-seen order:
 * the values an interval clustered by item is computed over.
 */
export function clusterMeans(values: Iterable<{ cluster: string; value: number }>): number[] {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const { cluster, value } of values) {
    const entry = sums.get(cluster);
    if (entry) {
      entry.sum += value;
      entry.count++;
    } else sums.set(cluster, { sum: value, count: 1 });
  }
  return [...sums.values()].map((entry) => entry.sum / entry.count);
}
