/** The result of `kfm compare`: plain data that reports render. */
export interface GroupComparison {
  group: string;
  n: number;
  /** Accuracy (0–1) of each run on the shared answered items. */
  accuracyA: number;
  accuracyB: number;
  /** B − A in percentage points. */
  differencePoints: number;
  intervalPoints: [number, number];
  onlyA: number;
  onlyB: number;
  pValue: number;
  /** The interval excludes 0 and McNemar rejects at alpha. */
  significant: boolean;
}

export interface Comparison {
  runA: { runId: string; model: string; contentHash: string };
  runB: { runId: string; model: string; contentHash: string };
  benchmark: string;
  sameSuite: boolean;
  /** Items both runs answered (errors on either side are left out and counted). */
  shared: number;
  leftOut: { onlyInA: number; onlyInB: number; errored: number };
  overall: GroupComparison;
  bySupercategory: GroupComparison[];
  bySubject: GroupComparison[];
  /** Set when `failIfDrop` was given: a significant drop of at least that many points overall. */
  regression?: { thresholdPoints: number; failed: boolean; reason: string };
}
