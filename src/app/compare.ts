import { readItemLog, readManifest, runPaths } from "../results/index.js";
import { KfmError } from "../spec/errors.js";
import type { Comparison, GroupComparison } from "../spec/comparison.js";
import type { ItemRecord } from "../spec/record.js";
import { creditOf } from "../results/credit.js";

export type { Comparison, GroupComparison } from "../spec/comparison.js";
import { mcnemar } from "../stats/mcnemar.js";
import { pairedDifference } from "../stats/paired-difference.js";

export interface CompareOptions {
  runA: string;
  runB: string;
  /** Pair runs whose suite content hash differs (the items may not be the same questions). */
  force?: boolean;
  /** Flag a drop of at least this many percentage points that is also significant. */
  failIfDrop?: number;
  seed?: number;
  replicates?: number;
  /** Significance level for McNemar and the bootstrap interval (two-sided). */
  alpha?: number;
}


function compareGroup(group: string, pairs: Array<[ItemRecord, ItemRecord]>, seed: number, replicates: number, alpha: number): GroupComparison {
  const a = pairs.map(([left]) => creditOf(left));
  const b = pairs.map(([, right]) => creditOf(right));
  // Discordant pairs: for right/wrong items McNemar's; for graded credit (a judge's rating) the
  // same exact test is the sign test on items whose credit differs.
  let onlyA = 0;
  let onlyB = 0;
  for (let index = 0; index < a.length; index++) {
    if (a[index]! > b[index]!) onlyA++;
    if (a[index]! < b[index]!) onlyB++;
  }
  const paired = pairedDifference(a, b, { seed, replicates });
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
    significant: test.pValue < alpha && (interval[0] > 0 || interval[1] < 0),
  };
}

/**
 * Compares two runs item by item (a checkpoint against the last main run, say): the difference
 * in accuracy with a paired bootstrap interval and McNemar's exact test, overall, per
 * supercategory and per subject. Only items both runs answered are paired.
 */
export async function compare(options: CompareOptions): Promise<Comparison> {
  const [manifestA, manifestB] = await Promise.all([readManifest(options.runA), readManifest(options.runB)]);
  const sameSuite = manifestA.suite.contentHash === manifestB.suite.contentHash;
  if (!sameSuite && !options.force) {
    throw new KfmError("usage", `the runs used different suite contents (${manifestA.suite.id} ${manifestA.suite.contentHash.slice(0, 15)}… vs ${manifestB.suite.id} ${manifestB.suite.contentHash.slice(0, 15)}…)`, {
      hint: "Items with the same id may not be the same questions. Pass --force to pair them anyway.",
    });
  }
  const [logA, logB] = await Promise.all([readItemLog(runPaths(options.runA).items, { slim: true }), readItemLog(runPaths(options.runB).items, { slim: true })]);
  const { pairs, onlyInA, onlyInB, errored } = pairRecords(logA.records, logB.records);
  if (pairs.length === 0) throw new KfmError("usage", "the two runs share no answered items", { hint: "Compare runs of the same suite and selection." });

  const seed = options.seed ?? 0;
  const replicates = options.replicates ?? 2000;
  const alpha = options.alpha ?? 0.05;
  const groupBy = (key: (record: ItemRecord) => string | undefined) => {
    const groups = new Map<string, Array<[ItemRecord, ItemRecord]>>();
    for (const pair of pairs) {
      const name = key(pair[0]);
      if (name === undefined) continue;
      let list = groups.get(name);
      if (!list) groups.set(name, (list = []));
      list.push(pair);
    }
    return [...groups.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([name, list]) => compareGroup(name, list, seed, replicates, alpha));
  };
  const overall = compareGroup("overall", pairs, seed, replicates, alpha);
  const comparison: Comparison = {
    runA: { runId: manifestA.runId, model: manifestA.endpoint.model, contentHash: manifestA.suite.contentHash },
    runB: { runId: manifestB.runId, model: manifestB.endpoint.model, contentHash: manifestB.suite.contentHash },
    benchmark: manifestA.suite.benchmark,
    sameSuite,
    shared: pairs.length,
    leftOut: { onlyInA, onlyInB, errored },
    overall,
    bySupercategory: groupBy((record) => record.supercategory),
    bySubject: groupBy((record) => record.subject),
  };
  if (options.failIfDrop !== undefined) comparison.regression = regressionOf(overall, options.failIfDrop);
  return comparison;
}

/** Items both runs answered, as pairs, and how many were left out on each side. */
function pairRecords(a: Map<string, ItemRecord>, b: Map<string, ItemRecord>) {
  const pairs: Array<[ItemRecord, ItemRecord]> = [];
  let errored = 0;
  let onlyInA = 0;
  for (const [id, left] of a) {
    const right = b.get(id);
    if (!right) {
      onlyInA++;
      continue;
    }
    if (left.status === "error" || right.status === "error") {
      errored++;
      continue;
    }
    pairs.push([left, right]);
  }
  const onlyInB = [...b.keys()].filter((id) => !a.has(id)).length;
  return { pairs, onlyInA, onlyInB, errored };
}

/** `--fail-if-drop`: a drop of at least this many points that is also significant fails. */
function regressionOf(overall: GroupComparison, thresholdPoints: number): NonNullable<Comparison["regression"]> {
  const drop = -overall.differencePoints;
  const failed = overall.significant && drop >= thresholdPoints;
  return {
    thresholdPoints,
    failed,
    reason: failed
      ? `accuracy dropped ${drop.toFixed(2)} points (95% interval ${overall.intervalPoints.map((value) => value.toFixed(2)).join(" to ")}, McNemar p = ${overall.pValue.toPrecision(2)})`
      : overall.differencePoints < 0
        ? `the drop of ${drop.toFixed(2)} points is ${overall.significant ? `below the ${thresholdPoints}-point threshold` : "not significant"}`
        : "no drop",
  };
}
