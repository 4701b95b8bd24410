import type { ToolCall } from "./adapter.js";
import type { AgentOutcome } from "./agentic.js";
import type { CodeExecutor } from "./execution.js";
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
  /** A multi-turn conversation: the model's reply to each user turn, in order (`text` is the last). */
  turns?: string[];
}

export interface ScoreResult<Details extends ScoreDetails = ScoreDetails> {
  status: Exclude<ItemStatus, "error">;
  /** The answer the scorer found, e.g. `B`; absent for no-answer. */
  extracted?: string;
  /** Name of the extraction rule that matched, e.g. `korean-final-answer`; or why nothing did. */
  rule: string;
  /** Per-part results a scorer keeps for item-level metrics (e.g. each instruction of an IFEval item). */
  details?: Details;
  /** Graded credit in [0, 1] for scorers that rate rather than mark (a judge's 1–10 rating / 10). */
  score?: number;
}

/**
 * What a scorer keeps on a record for its metrics and for re-scoring: open, each scorer owns the
 * shape of its own keys (the instruction-following scorer its `instructions`, the tool-use scorers
 * their `toolUse`) beside its metrics in `scoring/`. Only `judge` is named here: its replies are the
 * cache every judged scorer, a resume and a re-score read.
 */
export interface ScoreDetails {
  judge?: JudgeDetails;
  [key: string]: unknown;
}

export interface JudgeDetails {
  model: string;
  /** Rating scale (10 for MT-Bench). */
  scale: number;
  turns: Array<{
    /** Judge prompt template used, e.g. `single-math-v1-multi-turn`. */
    prompt: string;
    /** Hash of the exact judge request: with the judge model, the cache key. */
    promptHash: string;
    /** The judge's replies (one per repeat). */
    replies: string[];
    /** Mean of the repeats' ratings, after any penalty. */
    rating: number;
    /** The non-Korean penalty was applied (rating = sqrt(raw)). */
    penalized?: true;
  }>;
}

/** The judge model as a scorer sees it: one completion, through the same adapters, retries and limits as every endpoint. */
export interface JudgeModel {
  readonly id: string;
  complete(request: { system?: string; prompt: string }): Promise<{ text: string }>;
}

/** What a scorer may receive besides its arguments: the judge, its reply cache, and the suite's judge resources. */
export interface ScorerContext {
  judge?: JudgeModel;
  /** Judge replies by `${judge model}\u0000${prompt hash}`: a re-score with the same judge calls nothing. */
  judgeCache?: Map<string, string[]>;
  /** The suite's judge prompts by name, and reference answers by item key. */
  judgeResources?: JudgeResources;
  /** Scorers that run the model's code (`code-tests`): the sandbox, with its own concurrency limit. */
  executor?: CodeExecutor;
}

export interface JudgePrompt {
  name: string;
  system: string;
  template: string;
  outputFormat: string;
}

export interface JudgeResources {
  prompts: Map<string, JudgePrompt>;
  references: Map<string, string[]>;
}

/** A named scorer with its arguments; the record stores both so a run can be re-scored. */
interface ScorerBase {
  readonly id: string;
  readonly args: Record<string, unknown>;
}

/** A rule-based scorer: pure and synchronous. */
export interface SyncScorer<Details extends ScoreDetails = ScoreDetails> extends ScorerBase {
  score(input: ScoreInput): ScoreResult<Details>;
}

/** A scorer that calls a model (a judge). */
export interface AsyncScorer<Details extends ScoreDetails = ScoreDetails> extends ScorerBase {
  score(input: ScoreInput): Promise<ScoreResult<Details>>;
}

export type Scorer<Details extends ScoreDetails = ScoreDetails> = SyncScorer<Details> | AsyncScorer<Details>;
