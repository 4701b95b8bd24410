import type { SuiteItem } from "./item.js";

export type ItemStatus = "correct" | "incorrect" | "no-answer" | "error";

export interface ScoreInput {
  item: SuiteItem;
  /** Answer text (reasoning already separated by the adapter). */
  text: string;
  reasoning?: string;
}

export interface ScoreResult {
  status: Exclude<ItemStatus, "error">;
  /** The answer the scorer found, e.g. `B`; absent for no-answer. */
  extracted?: string;
  /** Name of the extraction rule that matched, e.g. `korean-final-answer`; or why nothing did. */
  rule: string;
}

/** A named scorer with its arguments; the record stores both so a run can be re-scored. */
export interface Scorer {
  readonly id: string;
  readonly args: Record<string, unknown>;
  score(input: ScoreInput): ScoreResult;
}

export interface ScorerDefinition<Args extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  description: string;
  /** Parses and checks the suite's `scorer.args`; throws a message naming the bad field. */
  parseArgs(args: unknown): Args;
  create(args: Args): Scorer;
}
