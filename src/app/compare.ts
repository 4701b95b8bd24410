import { creditOf, pairRecords, readItemLog, readManifest, runPaths } from "../results/index.js";
import type { Comparison } from "../spec/comparison.js";
import { KfmError } from "../spec/errors.js";
import type { ItemRecord } from "../spec/record.js";
import { compareGroup, regressionOf } from "../stats/group-comparison.js";

export type { Comparison, GroupComparison } from "../spec/comparison.js";

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

/**
 * Compares two runs item by item (a checkpoint against the last main run, say): the difference
 * in accuracy with a paired bootstrap interval and McNemar's exact test, overall, per
 * supercategory and per subject. Only items both runs answered are paired.
 */
export async function compare(options: CompareOptions): Promise<Comparison> {
  const [manifestA, manifestB] = await Promise.all([readManifest(options.runA), readManifest(options.runB)]);
  const sameSuite = manifestA.suite.contentHash === manifestB.suite.contentHash;
  if (!sameSuite && !options.force) {
    throw new KfmError(
      "usage",
      `the runs used different suite contents (${manifestA.suite.id} ${manifestA.suite.contentHash.slice(0, 15)}… vs ${manifestB.suite.id} ${manifestB.suite.contentHash.slice(0, 15)}…)`,
      {
        hint: "Items with the same id may not be the same questions. Pass --force to pair them anyway.",
      },
    );
  }
  const [logA, logB] = await Promise.all([
    readItemLog(runPaths(options.runA).items, { slim: true }),
    readItemLog(runPaths(options.runB).items, { slim: true }),
  ]);
  const { pairs, onlyInA, onlyInB, errored } = pairRecords(logA.records, logB.records);
  if (pairs.length === 0)
    throw new KfmError("usage", "the two runs share no answered items", { hint: "Compare runs of the same suite and selection." });

  const settings = { seed: options.seed ?? 0, replicates: options.replicates ?? 2000, alpha: options.alpha ?? 0.05 };
  const compareOf = (group: string, list: ReadonlyArray<[ItemRecord, ItemRecord]>) =>
    compareGroup(
      group,
      list.map(([left]) => creditOf(left)),
      list.map(([, right]) => creditOf(right)),
      settings,
    );
  const groupBy = (key: (record: ItemRecord) => string | undefined) => {
    const groups = new Map<string, Array<[ItemRecord, ItemRecord]>>();
    for (const pair of pairs) {
      const name = key(pair[0]);
      if (name === undefined) continue;
      let list = groups.get(name);
      if (!list) groups.set(name, (list = []));
      list.push(pair);
    }
    return [...groups.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([name, list]) => compareOf(name, list));
  };
  const overall = compareOf("overall", pairs);
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
  if (options.failIfDrop !== undefined) comparison.regression = regressionOf(overall, options.failIfDrop, settings.alpha);
  return comparison;
}
