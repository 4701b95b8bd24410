import type { ScorerRegistry } from "../scoring/index.js";
import type { IdentitySnapshot, RunManifest, RunSummary } from "../spec/run.js";
import type { SharedSuites } from "../suite/index.js";
import type { KfmConfig } from "../adapters/config.js";
import type { OpenedEndpoint } from "./open-endpoint.js";

export interface EvaluateOptions {
  /** Suite id or path to a suite YAML. Not needed with `resume`. */
  suite?: string;
  /** Endpoint name from kfm.yaml, `sim`, or a base URL. */
  endpoint?: string;
  model?: string;
  apiKeyEnv?: string;
  configFile?: string;
  cwd?: string;
  /** Folder of user-supplied data for suites that declare `data.supplied`. */
  dataDir?: string;
  sample?: number;
  seed?: number;
  limit?: number;
  /** Evaluate only this deterministic part of the selection (`kfm merge` joins the parts). */
  shard?: { index: number; count: number };
  outDir?: string;
  runId?: string;
  concurrency?: number;
  /** Requests per minute to the endpoint (overrides the endpoint's). */
  requestsPerMinute?: number;
  /** Run directory to complete: finished items are kept, errored ones retried. */
  resume?: string;
  progress?: "bar" | "lines" | "none";
  /** Stop taking new items (first Ctrl-C). */
  stopSignal?: AbortSignal;
  /** Cancel in-flight requests (grace period over, or second Ctrl-C). */
  abortSignal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Stop taking new items once the estimated cost reaches this (needs a price table); resumable. */
  maxCost?: number;
  maxOutage?: number;
  /** Skip the identity probes at the start and end of the run. */
  noProbes?: boolean;
  /** Agentic suites: seeded trials per task (overrides the suite's `agentic.trials`); pass^k is reported up to it. */
  trials?: number;
  /** Samples per item (overrides the suite's `repeats:`): avg@k, pass@k and majority vote are reported. On an agentic suite, its trials. */
  repeats?: number;
  /** Score multiple-choice items by log-likelihood instead of generating (overrides the suite's scoring_method). */
  scoring?: "generate" | "loglikelihood";
  /** Dated suites (LiveCodeBench): new ends for the suite's date window, YYYY-MM-DD, both inclusive. */
  from?: string;
  to?: string;
  /** Suites that run generated code: programs at once (default: cores), apart from `concurrency`. */
  execConcurrency?: number;
  /** Run generated code without bubblewrap when it is missing (the manifest records it). */
  unsafeExec?: boolean;
  /** The judge for judged suites: an endpoint name from kfm.yaml, `sim`, or a base URL (with judgeModel). */
  judge?: string;
  judgeModel?: string;
  /** The simulated user of dual-control suites (tau2-bench): an endpoint name from kfm.yaml, `sim`, or a base URL (with userSimModel). */
  userSim?: string;
  userSimModel?: string;
  /** The scorers a suite may name (default: kfm's own); `createScorerRegistry([...builtInScorers, yours])` adds yours. */
  scorers?: ScorerRegistry;
  /** Extra request-body fields for this run only, deep-merged over the endpoint's and the suite's `request` (`--set request.x=y`). */
  request?: Record<string, unknown>;
  /** Loaded suites shared with other runs of this process (a campaign's cells load each suite once). */
  suites?: SharedSuites;
  /**
   * A new run's start already under way (`startEarly(options)` with these very options): the CLI
   * begins it before loading the rest of kfm, so the first request goes out sooner. Without it,
   * `evaluate` begins one itself.
   */
  early?: EarlyStart;
  /** Called with warnings the user must see even with --json (stderr in the CLI). */
  onWarning?: (message: string) => void;
  /** Called with human-readable notes (which endpoint, how many items to go); stderr in the CLI. */
  onNote?: (message: string) => void;
}

export interface EvaluateResult {
  runDir: string;
  manifest: RunManifest;
  summary: RunSummary;
  /** Items that ended in an endpoint error; `kfm eval --resume` retries them. */
  errors: number;
  /** Of those, items whose reply is kept but whose judge failed; `kfm rescore --judge` judges them again. */
  judgeErrors: number;
}

export function resumeCommand(dir: string): string {
  return `kfm eval --resume ${dir}`;
}

/** A real endpoint opened early, and its first identity probe already sent. */
export interface EarlyEndpoint {
  opened: OpenedEndpoint;
  probe: Promise<{ rest: Promise<IdentitySnapshot> }>;
}

/** A new run's start under way: the config being read, and the endpoint opened early (or not: undefined). */
export interface EarlyStart {
  config: Promise<KfmConfig>;
  endpoint: Promise<EarlyEndpoint | undefined>;
}
