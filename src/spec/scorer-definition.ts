import type { ScorerMetric } from "./scorer-metric.js";
import type { Scorer, ScorerContext } from "./scorer.js";

/**
 * A scorer as the registry knows it: one id, how to parse and check its `scorer.args`, how to
 * create it, and the metrics it adds to a run's summary. `scoring/define-scorer.ts` builds one
 * from a zod schema so the id is written once.
 */
export interface ScorerDefinition<Args = Record<string, unknown>, Made extends Scorer = Scorer> {
  readonly id: string;
  readonly description: string;
  /** Parses and checks the suite's `scorer.args`; throws a suite error naming the bad field. */
  parseArgs(args: unknown): Args;
  create(args: Args, context?: ScorerContext): Made;
  /** The scorer calls a judge model: `kfm eval` needs `--judge`. */
  readonly needsJudge?: boolean;
  /** Named aggregations over the run's records, written into `summary.json` under their names. */
  readonly metrics: readonly ScorerMetric[];
}
