// What runItems is given and gives back: the contract between a run's wiring and its workers.
import type { ChatAdapterV1, GenerationSettings } from "../spec/adapter.js";
import type { AgentLimits, EnvironmentFactory } from "../spec/agentic.js";
import type { ApiCallError } from "../spec/errors.js";
import type { RenderedPrompt, SuiteItem } from "../spec/item.js";
import type { ItemRecord } from "../spec/record.js";
import type { Scorer } from "../spec/scorer.js";
import type { RateLimiter } from "./rate-limiter.js";

/**
 * Items in run order: an array, or batches that arrive as the run consumes them (a suite read a
 * data file at a time), so a run holds only the batch at hand, never the whole suite.
 */
export type ItemFeed = readonly SuiteItem[] | AsyncIterable<readonly SuiteItem[]>;

export interface RunItemsOptions {
  items: ItemFeed;
  /** How many items the feed yields (needed when it is not an array). */
  total?: number;
  render(item: SuiteItem): RenderedPrompt;
  adapter: ChatAdapterV1;
  scorer: Scorer;
  settings: GenerationSettings;
  /** Workers pulling items: the requests in flight. */
  concurrency: number;
  rateLimiter?: RateLimiter;
  /** Stop taking new items; in-flight requests finish. */
  stopSignal?: AbortSignal;
  /** Cancel in-flight requests; their items get no record and are redone on resume. */
  abortSignal?: AbortSignal;
  /**
   * Called once per finished item, in completion order. A promise it returns is awaited (back-pressure);
   * a writer that takes the record at once returns nothing, and costs no promise per item.
   */
  onRecord(record: ItemRecord): void | Promise<void>;
  maxReplyChars?: number;
  /** `loglikelihood`: score each option by the log-probability of its label after the prompt (lm-evaluation-harness), no generation. */
  scoring?: "generate" | "loglikelihood";
  /**
   * A mid-run outage (the endpoint answered, then requests fail to connect): workers pause while one
   * item probes with backoff; the run goes on when it answers, or stops (partial, resumable) after `maxMs`.
   */
  outage?: { maxMs: number; onNote?: (message: string) => void; firstDelayMs?: number };
  /**
   * Work for a worker left without items (every item taken, the run not stopped), given how many
   * other workers still wait on an item: the worker's slot stays taken until the promise returned
   * settles, so the endpoint never has more than `concurrency` requests in flight. One call a worker;
   * the closing identity probes go out this way, beside the run's last items.
   */
  whenIdle?: (othersBusy: number) => Promise<unknown> | undefined;
  /** Tool-use suites in loop mode: each item's task runs in the agent loop within these limits. */
  /** Agent loops; with `user`, dual-control conversations with that simulated user (tau2-bench). */
  agent?: { limits: AgentLimits; environment?: EnvironmentFactory; user?: { adapter: ChatAdapterV1; settings: GenerationSettings } };
}

export interface RunItemsResult {
  /** Records written in this call. */
  written: number;
  /** Distinct adapter warnings (unsupported settings, ...), for the manifest. */
  warnings: string[];
  /** Why the loop ended before the last item, if it did. */
  stoppedBy?: "stop" | "abort" | "auth" | "address" | "revoked" | "outage";
  /** The authentication error that stopped the run before any request succeeded. */
  authError?: ApiCallError;
  /** The authentication error that stopped a run whose key had worked (revoked or expired mid-run): the run is partial, resumable. */
  revokedError?: ApiCallError;
  /** The address error (nothing answers, or 404) that stopped the run before any request succeeded. */
  addressError?: ApiCallError;
  /** The connection error of an outage that outlasted `outage.maxMs`: the run is partial, resumable. */
  outageError?: ApiCallError;
}
