import type { Decision } from "../spec/verdict.js";

export type { Decision } from "../spec/verdict.js";

/**
 * PASS when the whole interval of the ratio is at or above the threshold, FAIL when it is wholly
 * below, INCONCLUSIVE when it straddles the threshold: the data cannot tell yet.
 */
export function decide(low: number, high: number, threshold: number): Decision {
  if (low >= threshold) return "PASS";
  if (high < threshold) return "FAIL";
  return "INCONCLUSIVE";
}

/**
 * Items that would settle an INCONCLUSIVE verdict, if the estimate held: an interval's half-width
 * shrinks as 1/sqrt(n), so it clears the threshold once n' = n * (halfWidth / distance)^2.
 * Undefined when the estimate sits on the threshold (no sample size settles it) or n is unknown.
 */
export function itemsToSettle(estimate: number, low: number, high: number, threshold: number, items: number): number | undefined {
  const distance = Math.abs(estimate - threshold);
  if (distance === 0 || items <= 0) return undefined;
  const halfWidth = estimate >= threshold ? estimate - low : high - estimate;
  if (halfWidth <= distance) return items;
  return Math.ceil(items * (halfWidth / distance) ** 2);
}
