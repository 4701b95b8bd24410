import type { ToolCall } from "./adapter.js";
import type { AgentOutcome } from "./agentic.js";
import type { SuiteItem } from "./item.js";

export type ItemStatus = "correct" | "incorrect" | "no-answer" | "error";

export interface ScoreInput {
  item: SuiteItem;
  /** Answer text (reasoning already separated by the adapter). */
  text: string;
  reasoning?: string;
  /** Tool calls of a single-step tool-use reply. */
  toolCalls?: ToolCall[];
  /** The whole loop of a multi-step task. */
  agent?: AgentOutcome;
}

export interface ScoreResult {
  status: Exclude<ItemStatus, "error">;
  /** The answer the scorer found, e.g. `B`; absent for no-answer. */
  extracted?: string;
  /** Name of the extraction rule that matched, e.g. `korean-final-answer`; or why nothing did. */
  rule: string;
  /** Per-part results a scorer keeps for item-level metrics (e.g. each instruction of an IFEval item). */
  details?: ScoreDetails;
}

/** Instruction-following results: each instruction passed strictly, loosely, or was skipped (unsupported). */
export interface ScoreDetails {
  instructions?: Array<{ id: string; strict?: boolean; loose?: boolean; skipped?: true }>;
  /** Tool use: the decision the model took and, for calls, why they matched or not. */
  toolUse?: { decision: "call" | "ask" | "answer"; expected: "call" | "ask" | "answer"; mismatches?: string[] };
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
