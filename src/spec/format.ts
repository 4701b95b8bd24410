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

/** An interval level as its label: 0.95 -> "95% interval". */
export function intervalLabel(level: number): string {
  return `${Number((100 * level).toFixed(1))}% interval`;
}
