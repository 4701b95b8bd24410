import type { Decision, Unsettleable } from "../spec/verdict.js";

/**
 * PASS when the whole interval of the ratio is at or above the threshold, FAIL when it is wholly
 * below, INCONCLUSIVE when it straddles the threshold: the data cannot tell yet.
 */
export function decide(low: number, high: number, threshold: number): Decision {
  if (low >= threshold) return "PASS";
  if (high < threshold) return "FAIL";
  return "INCONCLUSIVE";
}

export interface SettleInput {
  /** The ratio and its interval. */
  estimate: number;
  low: number;
  high: number;
  threshold: number;
  /** Team items behind the interval. */
  items: number;
  /**
   * The part of the interval's half-width that more team items cannot shrink (the published
   * reference's own sampling error, in ratio units); 0 when all of it comes from the team's items.
   */
  fixedHalfWidth?: number;
}

export type Settle = { items: number; more: number } | { unsettleable: Unsettleable };

/**
 * How many team items would settle an INCONCLUSIVE verdict if the estimate held. The team's part of
 * the half-width shrinks as sqrt(n/n'), the reference's part does not, so the interval clears the
 * threshold once h_team² · n/n' + h_ref² < d², i.e. n' = n · h_team² / (d² − h_ref²), d being the
 * distance from the estimate to the threshold and h the half-width on the side that faces it.
 */
export function itemsToSettle(input: SettleInput): Settle {
  const distance = Math.abs(input.estimate - input.threshold);
  if (distance === 0) return { unsettleable: { kind: "on-threshold" } };
  if (input.items <= 0) return { unsettleable: { kind: "no-items" } };
  const halfWidth = input.estimate >= input.threshold ? input.estimate - input.low : input.high - input.estimate;
  const fixed = Math.min(input.fixedHalfWidth ?? 0, halfWidth);
  if (fixed >= distance) {
    return { unsettleable: { kind: "reference-error", halfWidth: fixed } };
  }
  const teamPart = halfWidth ** 2 - fixed ** 2;
  const needed = Math.max(input.items, Math.ceil((input.items * teamPart) / (distance ** 2 - fixed ** 2)));
  return { items: needed, more: needed - input.items };
}
