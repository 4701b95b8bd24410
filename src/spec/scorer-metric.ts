import type { ItemRecord } from "./record.js";
import type { Headline, RunManifest } from "./run.js";
import type { ScoreDetails } from "./scorer.js";

/** What a metric reads of a record: the outcome and the scorer's details, never the stored text. */
export type MetricRecord<Details extends ScoreDetails = ScoreDetails> = Pick<
  ItemRecord,
  "id" | "status" | "subject" | "supercategory" | "target" | "extracted" | "rule" | "score" | "task" | "trial" | "agent"
> & { details?: Details };

/** What a metric may read besides the records: the run's suite as its manifest recorded it (trials, requested metrics). */
export interface MetricContext {
  suite: RunManifest["suite"];
}

/**
 * A named aggregation a scorer declares over the final records of a run (inspect_ai's
 * `@scorer(metrics=[…])`): its value is written into `summary.json` under `name`, and left out
 * when `aggregate` returns undefined (no record the metric applies to).
 */
export interface ScorerMetric<Details extends ScoreDetails = ScoreDetails> {
  /** The key in `summary.json`, e.g. `instructionFollowing`. */
  readonly name: string;
  /** Computed only when the suite lists this name under `aggregation.metrics` (e.g. `macro_f1`). */
  readonly optIn?: string;
  aggregate(records: ReadonlyArray<MetricRecord<Details>>, context: MetricContext): unknown;
  /**
   * The headline numbers this metric gives per record (IFEval's `prompt_loose`), as outcomes 0–1:
   * a suite naming one as its `headline:` is judged by the verdict on these, item by item, instead
   * of on accuracy. Undefined for a record the number does not count.
   */
  readonly headlines?: ReadonlyArray<Exclude<Headline, "accuracy">>;
  /** The outcome of one record for one of `headlines` (a method, so a scorer's own details type fits). */
  headlineOutcome?(headline: Exclude<Headline, "accuracy">, record: MetricRecord<Details>): number | undefined;
}
