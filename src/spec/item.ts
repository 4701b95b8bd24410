import type { ChatMessage, ToolDefinition } from "./adapter.js";
import type { AgenticTask } from "./agentic.js";

/** What selection reads of an item: its id, subject and position (a run keeps these packed, see ItemIndex). */
export interface ItemRef {
  id: string;
  index: number;
  subject: string;
  /** For a task run k times: which trial (its id is then `<id>#<trial>`). */
  trial?: number;
}

/** One evaluation item after loading and mapping, before prompting. */
export interface SuiteItem {
  /** Stable id, unique in the suite, e.g. `Accounting/test/17`. */
  id: string;
  /** Position in the suite's full item order (0-based); sharding and `--limit` use it. */
  index: number;
  subject: string;
  supercategory?: string;
  /** Mapped fields (question, choices, ...) used by the prompt template. */
  fields: Record<string, string>;
  /** Multiple-choice options in order, when the suite has them. */
  choices?: string[];
  /** The gold answer in the scorer's terms (a letter `A`–`D` for multiple choice). */
  target: string;
  /** A voided item (the data lists several answers): every label here is correct; `target` is the first. */
  accepted?: string[];
  /** For a tool-use suite: the task (conversation, tools, expected outcome). */
  task?: AgenticTask;
  /** A multi-turn conversation's user turns (KoMT-Bench): the first is the prompt, the rest follow each reply. */
  turns?: string[];
  /** For a task run k times (pass^k): which trial, 1-based; the trial seeds the generation. */
  trial?: number;
}

/** A rendered prompt: the exact messages sent for one item. */
export interface RenderedPrompt {
  messages: ChatMessage[];
  /** Tools offered with the prompt (tool-use suites). */
  tools?: ToolDefinition[];
  /** Further user turns of a multi-turn conversation, sent one by one after each reply. */
  followUps?: string[];
}
