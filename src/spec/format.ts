/**
 * The few number formats every layer that writes text shares (the verdict's explanation and the
 * reports), kept here so a percentage reads the same everywhere. Pure; imports nothing.
 */

/** 0.953 -> "95.3%". */
export function percent(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}

/** An estimate with its interval: "95.3% [92.1%, 98.0%]". */
export function percentSpan(value: { estimate: number; low: number; high: number }): string {
  return `${percent(value.estimate)} [${percent(value.low)}, ${percent(value.high)}]`;
}

/**
 * A fraction with its 95% interval as a margin: "56.7% ± 4.3" (percentage points, half the
 * interval's width); the bare percentage when the error is unknown.
 */
export function percentWithError(value: number, error?: { low: number; high: number }): string {
  return error ? `${percent(value)} ± ${((100 * (error.high - error.low)) / 2).toFixed(1)}` : percent(value);
}

/** A judge's mean rating with its 95% margin on the rating scale: "7.42 ± 0.31". */
export function ratingWithError(value: number, error?: { low: number; high: number }): string {
  return error ? `${value.toFixed(2)} ± ${((error.high - error.low) / 2).toFixed(2)}` : value.toFixed(2);
}

/** An interval level as its label: 0.95 -> "95% interval". */
export function intervalLabel(level: number): string {
  return `${Number((100 * level).toFixed(1))}% interval`;
}
