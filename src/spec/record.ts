import type { TokenUsage } from "./adapter.js";
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
  /** The answer the scorer extracted; absent for no-answer and error. */
  extracted?: string;
  /** The extraction rule that matched, or why none did. */
  rule?: string;
  /** Scorer details (instruction-level results), kept for item-level metrics and re-scoring. */
  details?: ScoreDetails;
  /** Raw reply text as returned (reasoning apart), possibly truncated in storage. */
  reply?: string;
  reasoning?: string;
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
