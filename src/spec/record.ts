import type { ChatMessage, TokenUsage, ToolCall } from "./adapter.js";
import type { AgentStop } from "./agentic.js";
import type { ItemStatus, ScoreDetails } from "./scorer.js";

/** Schema version of one line of `items.jsonl`. */
export const ITEM_RECORD_VERSION = 1;

export interface RecordedError {
  code: string;
  message: string;
  status?: number;
  attempts?: number;
}

/** One line of `items.jsonl`. A later line for the same id supersedes an earlier one (resume retries errors). */
export interface ItemRecord {
  v: typeof ITEM_RECORD_VERSION;
  id: string;
  index: number;
  subject: string;
  supercategory?: string;
  status: ItemStatus;
  target: string;
  /** A voided item: every answer listed here was accepted as correct (the data lists several). */
  accepted?: string[];
  /** The answer the scorer extracted; absent for no-answer and error. */
  extracted?: string;
  /** The extraction rule that matched, or why none did. */
  rule?: string;
  /** Scorer details (instruction-level results), kept for item-level metrics and re-scoring. */
  details?: ScoreDetails;
  /** Raw reply text as returned (reasoning apart), possibly truncated in storage. */
  reply?: string;
  reasoning?: string;
  /** Tool calls of a single-step tool-use reply. */
  toolCalls?: ToolCall[];
  /** A multi-turn conversation: the reply to each user turn (`reply` is the last). */
  turns?: string[];
  /** Graded credit in [0, 1] (a judge's rating over its scale). */
  score?: number;
  /** A multi-step task: the trajectory after the task's messages, counts, why it stopped, and the final state. */
  agent?: {
    trajectory: ChatMessage[];
    turns: number;
    toolCalls: number;
    malformedCalls: number;
    toolErrors: number;
    stop: AgentStop;
    /** Over the storage cap, only a marker: `{ [STATE_NOT_STORED]: "why" }`. */
    finalState?: Record<string, unknown>;
    /** Dual control: the simulated user's side, its tokens apart from the model's `usage`. */
    user?: { trajectory: ChatMessage[]; turns: number; toolCalls: number; usage: TokenUsage };
  };
  /** The task and trial of a task run k times (pass^k). */
  task?: string;
  trial?: number;
  /** The generation seed of that trial or repeated sample: the run's seed (0 when unset) + trial − 1. */
  seed?: number;
  /** True when the reply or reasoning was longer than the storage cap and was cut. */
  truncated?: boolean;
  /** Prompt hash: the same item with the same rendered prompt has the same hash. */
  promptHash: string;
  usage?: TokenUsage;
  latencyMs?: number;
  /** Time to first token of a streamed reply. */
  ttftMs?: number;
  attempts?: number;
  error?: RecordedError;
  /** ISO time the record was written. */
  time: string;
}

/** The key of the marker stored in place of an environment's final state too large to store (see the runner's state cap). */
export const STATE_NOT_STORED = "kfm:notStored";
