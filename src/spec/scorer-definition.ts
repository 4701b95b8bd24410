import type { ScorerMetric } from "./scorer-metric.js";
import type { Scorer, ScorerContext } from "./scorer.js";

/** What a scorer may check of the suite it is to score before a run starts: its sections, not its items. */
export interface ScorerSuiteFacts {
  /** The suite's agentic mode, when it has an agentic section. */
  agentic?: "single-step" | "loop" | "dual";
  /** Items are multi-turn conversations (`data.turns`). */
  multiTurn: boolean;
  /** The items' subjects (categories). */
  subjects: readonly string[];
  /** Names of the suite's judge prompts and rubrics. */
  judgePrompts: readonly string[];
}

/** A problem between a scorer's arguments and its suite, at a path of the suite document (`scorer.args.prompts.single`). */
export interface ScorerSuiteIssue {
  path: Array<string | number>;
  message: string;
  hint?: string;
}

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
  /** The scorer for parsed arguments; a definition may load its scoring code first (kfm's own load on their first `create`). */
  create(args: Args, context?: ScorerContext): Made | Promise<Made>;
  /** The scorer calls a judge model: `kfm eval` needs `--judge`. */
  readonly needsJudge?: boolean;
  /** The scorer runs generated code: the run opens the sandbox (`context.executor`). */
  readonly needsExecutor?: boolean;
  /** Named aggregations over the run's records, written into `summary.json` under their names. */
  readonly metrics: readonly ScorerMetric[];
  /** What a run would find wrong only item by item (a judge prompt the suite lacks, no agentic section), found before it starts. */
  checkSuite?(args: Args, suite: ScorerSuiteFacts): ScorerSuiteIssue[];
}
