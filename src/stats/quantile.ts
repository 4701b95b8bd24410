/** Linear-interpolated quantile of ascending values (type 7, as R and NumPy default). */
export function quantile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** The percentile interval of bootstrap draws around a point estimate, at `level` (0.95 for 95%). */
export function percentileInterval(estimate: number, draws: Float64Array, level: number): Interval {
  const sorted = Float64Array.from(draws).sort();
  return { estimate, low: quantile(sorted, (1 - level) / 2), high: quantile(sorted, 1 - (1 - level) / 2) };
}
