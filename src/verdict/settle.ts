import type { OverallSettle, Verdict, Interval } from "../spec/verdict.js";
import { ratioBootstrap, type RatioBootstrapOptions, type RatioBootstrapResult } from "../stats/ratio-bootstrap.js";
import { itemsToSettle } from "./decision.js";
import type { Judged } from "./judge-benchmark.js";

/** The half-width on the side of the interval that faces the threshold. */
function facingHalfWidth(value: Interval, threshold: number): number {
  return value.estimate >= threshold ? value.estimate - value.low : value.high - value.estimate;
}

/**
 * For INCONCLUSIVE benchmarks (and overall), how many team items would settle it. The part of the
 * interval that more team items cannot shrink, the published references' own sampling error, is
 * measured by the same bootstrap with the team held at its estimate.
 * Sets `itemsToSettle` and a note on each such benchmark; returns the overall estimate, if any.
 */
export function settleEstimates(
  judged: readonly Judged[],
  result: RatioBootstrapResult,
  options: RatioBootstrapOptions,
  verdict: Verdict,
): OverallSettle | undefined {
  const threshold = verdict.threshold;
  const undecided = judged.some(({ row }) => row.decision === "INCONCLUSIVE") || verdict.overall.decision === "INCONCLUSIVE";
  if (!undecided) return undefined;
  const referenceOnly = ratioBootstrap(
    judged.map(({ input }, index) => ({
      team: { fixed: result.team[index]!.estimate },
      // A paired reference shrinks with the team's items, so none of it is fixed.
      reference: "pairedOutcomes" in input.reference ? { score: result.reference[index]!.estimate } : input.reference,
    })),
    options,
  );
  judged.forEach(({ row, items }, index) => {
    if (row.decision !== "INCONCLUSIVE" || !row.ratio) return;
    if (!items) {
      row.notes.push({ kind: "settle-unknown" });
      return;
    }
    const settle = itemsToSettle({
      ...row.ratio,
      threshold,
      items,
      fixedHalfWidth: facingHalfWidth(referenceOnly.ratio[index]!, threshold),
    });
    if ("unsettleable" in settle) row.notes.push({ kind: "unsettleable", why: settle.unsettleable });
    else {
      row.itemsToSettle = settle.items;
      row.notes.push({ kind: "settle", more: settle.more, items: settle.items });
    }
  });
  // With one benchmark the overall interval is that benchmark's, and its note already says it.
  if (verdict.overall.decision !== "INCONCLUSIVE" || judged.length === 1) return undefined;
  const deciding = verdict.decideBy === "ratio-of-averages" ? verdict.overall.ratioOfAverages! : verdict.overall.meanOfRatios!;
  const fixed = verdict.decideBy === "ratio-of-averages" ? referenceOnly.ratioOfAverages : referenceOnly.meanOfRatios;
  const total = judged.reduce((sum, { items }) => sum + (items ?? 0), 0);
  if (total === 0) return { kind: "settle-unknown" };
  const settle = itemsToSettle({ ...deciding, threshold, items: total, fixedHalfWidth: facingHalfWidth(fixed, threshold) });
  if ("unsettleable" in settle) return { kind: "unsettleable", why: settle.unsettleable };
  return { kind: "settle", more: settle.more, items: settle.items, judged: total };
}
