import { intervalLabel } from "../spec/format.js";
import type { Comparison, GroupComparison } from "../spec/comparison.js";
import { mcnemar } from "./mcnemar.js";
import { pairedDifference } from "./paired-difference.js";

export interface GroupComparisonOptions {
  seed: number;
  replicates: number;
  /** Two-sided significance level of McNemar's test; the interval is drawn at 1 − alpha. */
  alpha: number;
}

/**
 * Two runs on the same items of one group: the difference with a paired bootstrap interval, and
 * McNemar's exact test on the discordant items. For right/wrong items that is McNemar's; for graded
 * credit (a judge's rating) the same exact test is the sign test on items whose credit differs.
 */
export function compareGroup(group: string, a: readonly number[], b: readonly number[], options: GroupComparisonOptions): GroupComparison {
  let onlyA = 0;
  let onlyB = 0;
  for (let index = 0; index < a.length; index++) {
    if (a[index]! > b[index]!) onlyA++;
    if (a[index]! < b[index]!) onlyB++;
  }
  const paired = pairedDifference(a, b, { seed: options.seed, replicates: options.replicates, level: 1 - options.alpha });
  const test = mcnemar(onlyA, onlyB);
  const interval: [number, number] = [100 * paired.interval[0], 100 * paired.interval[1]];
  return {
    group,
    n: paired.n,
    accuracyA: paired.accuracyA,
    accuracyB: paired.accuracyB,
    differencePoints: 100 * paired.difference,
    intervalPoints: interval,
    onlyA,
    onlyB,
    pValue: test.pValue,
    significant: test.pValue < options.alpha && (interval[0] > 0 || interval[1] < 0),
  };
}

/** A CI gate: a drop of at least `thresholdPoints` that is also significant fails. */
export function regressionOf(overall: GroupComparison, thresholdPoints: number, alpha: number): NonNullable<Comparison["regression"]> {
  const drop = -overall.differencePoints;
  const failed = overall.significant && drop >= thresholdPoints;
  return {
    thresholdPoints,
    failed,
    reason: failed
      ? `accuracy dropped ${drop.toFixed(2)} points (${intervalLabel(1 - alpha)} ${overall.intervalPoints.map((value) => value.toFixed(2)).join(" to ")}, McNemar p = ${overall.pValue.toPrecision(2)})`
      : overall.differencePoints < 0
        ? `the drop of ${drop.toFixed(2)} points is ${overall.significant ? `below the ${thresholdPoints}-point threshold` : "not significant"}`
        : "no drop",
  };
}
