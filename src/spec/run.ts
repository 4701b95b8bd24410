import type { ExecutionRecord } from "./execution.js";
import type { AgentLimits } from "./agentic.js";
import type { GenerationSettings } from "./adapter.js";
import type { ItemStatus } from "./scorer.js";

export const MANIFEST_VERSION = 1;

/** How a benchmark was run; a baseline score counts only against a run with a matching setting. */
export interface SuiteSetting {
  shots?: number;
  /** `none`: direct answer; `allowed`: the model may reason before answering; `required`: thinking mode. */
  reasoning?: string;
  prompt?: string;
}

export type RunStatus = "running" | "complete" | "partial" | "aborted";

/** How items were selected from the suite; part of what it takes to reproduce a run. */
export interface Selection {
  sample?: number;
  seed?: number;
  limit?: number;
  shard?: { index: number; count: number };
  /** Item count after selection. */
  total: number;
}

/** `manifest.json`: everything needed to reproduce the run. Never contains secrets. */
export interface RunManifest {
  v: typeof MANIFEST_VERSION;
  runId: string;
  kfmVersion: string;
  gitRevision?: string;
  suite: {
    id: string;
    version: string;
    benchmark: string;
    title: string;
    /** sha256 of the suite file plus every data file it reads. */
    contentHash: string;
    path: string;
    /** The suite's declared setting (shots, reasoning, prompt): baselines are compared like with like. */
    setting?: SuiteSetting;
    /** Metrics the suite asks for beyond accuracy (e.g. `macro_f1`). */
    metrics?: string[];
    /** Folder of user-supplied data (suites whose data kfm does not ship). */
    dataDir?: string;
    /** The published layout of the supplied data that was read (`data.supplied.layouts`). */
    layout?: string;
    /** Dated suites (LiveCodeBench): the window of dates the items were chosen by, `from` and `to` inclusive. */
    window?: { field: string; from?: string; to?: string };
    /** Tool-use suites: how tasks ran (one reply or the agent loop), trials per task, and the loop's limits. */
    agentic?: { mode: "single-step" | "loop" | "dual"; trials: number; limits: AgentLimits };
    /** Samples per item (`--repeats` or the suite's `repeats:`), when more than one: ids `<item>#<r>`, seed + r − 1. */
    repeats?: number;
    /** The summary number the verdict compares, when not `accuracy` (IFEval's prompt-level strict accuracy). */
    headline?: Headline;
  };
  /** How items were scored when not by generating a reply: `loglikelihood` (option labels' log-probabilities). */
  scoringMethod?: "loglikelihood";
  /** Suites that run generated code: how it was isolated (`none`: --unsafe-exec) and how many programs ran at once. */
  execution?: ExecutionRecord;
  /** The judge endpoint of a judged suite (never its key). */
  judge?: { endpoint: string; adapter: string; model: string; baseUrl?: string };
  /** The simulated user's endpoint of a dual-control suite (never its key). */
  userSim?: { endpoint: string; adapter: string; model: string; baseUrl?: string };
  endpoint: {
    name: string;
    adapter: string;
    model: string;
    baseUrl?: string;
    settings: Record<string, unknown>;
    concurrency: number;
    requestsPerMinute?: number;
    price?: PriceTable;
  };
  /** What every request carried: the suite's settings under the endpoint's `parameters`, and the extra `request` fields (suite's under endpoint's under `--set`). */
  generation: GenerationSettings;
  /**
   * The thinking mode the requests switched on or off (`chat_template_kwargs.enable_thinking`,
   * `reasoning_effort`, `thinking.type`, an adapter's `thinkingBudget`); absent when they did not say.
   */
  thinking?: "on" | "off";
  scorer: { id: string; args: Record<string, unknown> };
  selection: Selection;
  startedAt: string;
  endedAt?: string;
  status: RunStatus;
  /** Exact command to resume or reproduce. */
  command: string[];
  warnings: string[];
  /** Run ids of the shards `kfm merge` joined into this run. */
  mergedFrom?: string[];
  /** What the endpoint said about itself, and how it answered fixed probes, at the start and end. */
  identity?: EndpointIdentity;
  /** Connection settings a `--resume` changed (a corrected URL, another key variable), oldest first. */
  connectionChanges?: ConnectionChange[];
}

/** One resume's changes to how kfm reaches the endpoint; never to what it asks (model, suite, request fields). */
export interface ConnectionChange {
  time: string;
  /** Field (baseUrl, apiKeyEnv, headers, timeouts, retry, concurrency, requestsPerMinute, ...) -> recorded values before and after. */
  changed: Record<string, { from: unknown; to: unknown }>;
}

export interface IdentitySnapshot {
  time: string;
  /** Model id and fingerprint as the endpoint reported them. */
  models: string[];
  fingerprints: string[];
  /** Replies to the fixed probe prompts, in order ("(error: …)" when a probe failed). */
  answers: string[];
}

export interface EndpointIdentity {
  probes: string[];
  start?: IdentitySnapshot;
  end?: IdentitySnapshot;
  /** Set when start and end disagree: the endpoint may have been swapped during the run. */
  changed?: boolean;
  reasons?: string[];
}

export interface Percentiles {
  p50?: number;
  p95?: number;
}

/** The summary numbers a suite may name as its `headline:` (what the verdict compares). */
export const HEADLINES = ["accuracy", "prompt_strict", "prompt_loose"] as const;
export type Headline = (typeof HEADLINES)[number];

/**
 * A score's sampling error: the standard error (lm-evaluation-harness's `acc_stderr`: sample
 * standard deviation of the per-item scores over √n) and a 95% interval, on the score's scale.
 * Computed over items: the samples of an item asked several times are one item's mean.
 */
export interface ScoreError {
  stderr: number;
  low: number;
  high: number;
}

export interface GroupMetrics {
  total: number;
  counts: Record<ItemStatus, number>;
  /** Correct over items that did not error (errors are not answers). */
  accuracy: number;
  /** The accuracy's error over the group's items; absent below two answered items. */
  error?: ScoreError;
}

/** Items sampled k times (`--repeats k`): the numbers vendors report for AIME-style suites. Fractions 0–1. */
export interface RepeatsMetrics {
  k: number;
  /** Items with at least one graded sample, and the graded samples. */
  items: number;
  samples: number;
  /** avg@k: mean over items of each item's fraction of correct samples. */
  avgAtK: number;
  /** avg@k's error, clustered by item (over the per-item means). */
  avgAtKError?: ScoreError;
  /** pass@k: unbiased estimator (Chen et al. 2021), averaged over items. */
  passAtK: number;
  /** maj@k: items whose most frequent answer is right (a tie goes to the answer given first). */
  majority: number;
}

/** `summary.json`. Scores are 0–1 fractions; reports show them as percentages. */
export interface RunSummary {
  v: 1;
  runId: string;
  status: RunStatus;
  suite: { id: string; version: string; benchmark: string; contentHash: string; setting?: SuiteSetting };
  endpoint: { name: string; model: string };
  /** Items selected for the run. */
  total: number;
  /** Items with a final record. */
  done: number;
  counts: Record<ItemStatus, number>;
  /** Micro accuracy: correct / (done - errors). With repeats, over every sample: avg@k. */
  accuracy: number;
  /** The accuracy's standard error and 95% interval, over items (Wilson for 0/1 outcomes, t otherwise). */
  accuracyError?: ScoreError;
  /** Mean of per-subject accuracies. */
  macroAccuracy: number;
  /** The macro accuracy's error: sqrt(Σ subject stderr²) / subjects. */
  macroAccuracyError?: ScoreError;
  /** Items sampled k times: avg@k with its interval, pass@k, majority vote. */
  repeats?: RepeatsMetrics;
  /** Macro-averaged F1 over the target classes, when the suite asks for it (no-answer counts as a miss). */
  macroF1?: number;
  noAnswerRate: number;
  errorRate: number;
  bySubject: Record<string, GroupMetrics>;
  bySupercategory: Record<string, GroupMetrics>;
  tokens: { input: number; output: number; reasoning: number };
  latencyMs: Percentiles;
  /** Replies too long to store whole (a generation that ran away), cut and flagged `truncated`; absent when none. */
  truncatedReplies?: number;
  /** Time to first token, for streamed runs. */
  ttftMs?: Percentiles;
  /** Wall-clock seconds of this run (sum over resumed sessions). */
  elapsedSeconds?: number;
  /** Present when the endpoint errored on some items: what to do next. */
  resumeCommand?: string;
  /** The identity probes at the start and end of the run disagreed. */
  endpointChanged?: boolean;
  /** IFEval-style metrics, when the scorer checks instructions (KITE). Fractions 0–1. */
  instructionFollowing?: {
    promptStrict: number;
    promptLoose: number;
    instructionStrict: number;
    instructionLoose: number;
    /** Errors of the prompt-level numbers, over prompts (clustered by item under repeats). */
    promptStrictError?: ScoreError;
    promptLooseError?: ScoreError;
    /** Items with at least one checked instruction, and the instructions checked. */
    prompts: number;
    instructions: number;
    /** Instruction types kfm does not check, with how often they were skipped (never passed or failed). */
    skipped: Record<string, number>;
  };
  /** Judged suites (KoMT-Bench): mean ratings on the judge's scale, per turn and per category. */
  judged?: JudgeMetrics;
  /** HLE: RMS calibration error of the model's stated confidence (0–1), over judged items in bins of 100. */
  calibration?: { items: number; rmsError: number; binSize: number };
  /** LiveCodeBench (code-tests scorer): pass@1 over problems, by difficulty, and how failed programs failed. */
  codeTests?: {
    problems: number;
    passAt1: number;
    byDifficulty: Record<string, { problems: number; passed: number; passAt1: number }>;
    failures: Record<string, number>;
    /** The first failing test of failed problems (the first 20): `test` is 1-based, texts truncated. */
    failed: Array<{
      id: string;
      tests: number;
      test: number;
      verdict: string;
      input: string;
      expected: string;
      got?: string;
      message: string;
    }>;
  };
  /** Tool-use suites: pass@1 and pass^k over trials, call decisions, and the agent loop's counts. Fractions 0–1. */
  toolUse?: ToolUseMetrics;
  /** Estimated cost from the endpoint's price table (tokens × price per million). */
  cost?: { currency: string; estimated: number };
}

/** Prices per million tokens. */
export interface PriceTable {
  currency: string;
  input: number;
  output: number;
  reasoning?: number;
}

export interface ToolUseMetrics {
  /** Tasks with at least one graded trial, and trials per task the suite asks for. */
  tasks: number;
  trials: number;
  /** Mean over tasks of the fraction of its trials that passed. */
  passAt1: number;
  /**
   * pass^k for k = 1..trials: the chance that k trials drawn from a task's trials all pass,
   * C(c, k) / C(n, k) averaged over tasks (tau-bench), so pass^1 = pass@1.
   */
  passHatK: Record<string, number>;
  /** Expected decision -> the decision the reply took -> count. */
  decisions: Record<string, Record<string, number>>;
  /** Agent loops only. */
  loop?: {
    meanTurns: number;
    toolCalls: number;
    /** Calls that never reached a tool: unknown tool, invalid JSON, arguments failing the schema. */
    malformedCalls: number;
    toolErrors: number;
    /** Why loops ended: answer, turns, tool-calls, time; for dual control the user's stop tokens (user-stop, user-transfer, user-out-of-scope). */
    stops: Record<string, number>;
    /** Dual control: the simulated user's turns, device tool calls and tokens, apart from the model's (its cost is the user endpoint's). */
    user?: { meanTurns: number; toolCalls: number; inputTokens: number; outputTokens: number };
  };
}

export interface JudgeMetrics {
  /** The judge model. */
  judge: string;
  /** Rating scale (10 for MT-Bench); the run's accuracy is the mean rating over this scale. */
  scale: number;
  /** Items judged (judge errors and empty replies are not). */
  items: number;
  /** Mean rating over every judged turn. */
  mean: number;
  /** The mean rating's error on the judge's scale: t interval over the items' mean ratings. */
  meanError?: ScoreError;
  /** Mean rating of turn 1, turn 2, … */
  byTurn: number[];
  /** Mean rating per category (writing, roleplay, reasoning, math, coding, extraction, stem, humanities). */
  byCategory: Record<string, number>;
  /** Turns whose rating took the non-Korean penalty. */
  penalizedTurns: number;
}
