import { resolve } from "node:path";
import type { IndexedSuite } from "../suite/index.js";
import { ItemSelection, loadSuite, selectionOf, suiteRecord } from "../suite/index.js";
import { scorers as builtInScorers, type ScorerRegistry } from "../scoring/index.js";
import { RateLimiter, Progress, runItems, type RunItemsResult } from "../runner/index.js";
import { checkSuite } from "./check-suite.js";
import { openJudge, type OpenedJudge } from "./judge-model.js";
import {
  ItemLogWriter,
  costGuard,
  createRunDirectory,
  newRunId,
  readFinalRecords,
  readItemLog,
  readManifest,
  previousElapsedSeconds,
  runPaths,
  summarize,
  writeJsonAtomic,
  type RunPaths,
} from "../results/index.js";
import { KfmError } from "../spec/errors.js";
import type { ItemRecord } from "../spec/record.js";
import type { Scorer } from "../spec/scorer.js";
import { reservedRequestField } from "../spec/adapter.js";
import { MANIFEST_VERSION, type EndpointIdentity, type RunManifest, type RunStatus, type RunSummary, type Selection } from "../spec/run.js";
import { loadConfig, type KfmConfig } from "../adapters/config.js";
import { endpointFromManifest, endpointRecord, resolveEndpoint, withRunRequest, type EndpointDefinition } from "../adapters/endpoint.js";
import { effectiveGeneration, sentGeneration } from "../adapters/request-fields.js";
import { openEndpoint, type OpenedEndpoint } from "./open-endpoint.js";
import { compareIdentity, IDENTITY_PROBES, probeIdentity } from "../adapters/identity.js";
import { endpointMistake } from "../adapters/endpoint-mistake.js";
import { gitRevision, kfmVersion } from "./package-info.js";

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
  /** Skip the identity probes at the start and end of the run. */
  noProbes?: boolean;
  /** Agentic suites: seeded trials per task (overrides the suite's `agentic.trials`); pass^k is reported up to it. */
  trials?: number;
  /** Score multiple-choice items by log-likelihood instead of generating (overrides the suite's scoring_method). */
  scoring?: "generate" | "loglikelihood";
  /** The judge for judged suites: an endpoint name from kfm.yaml, `sim`, or a base URL (with judgeModel). */
  judge?: string;
  judgeModel?: string;
  /** The scorers a suite may name (default: kfm's own); `createScorerRegistry([...builtInScorers, yours])` adds yours. */
  scorers?: ScorerRegistry;
  /** Extra request-body fields for this run only, deep-merged over the endpoint's and the suite's `request` (`--set request.x=y`). */
  request?: Record<string, unknown>;
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

function resumeCommand(dir: string): string {
  return `kfm eval --resume ${dir}`;
}

interface Prepared {
  suite: IndexedSuite;
  /** The selection, packed; the items are read a data file at a time as the run takes them. */
  items: ItemSelection;
  endpoint: EndpointDefinition;
  manifest: RunManifest;
  paths: RunPaths;
  /** Ids of the items already done (not errored): a resumed run skips them. */
  finished: Set<string>;
  /** The config a new run read (a resumed run reads the manifest instead, and the config only for a judge). */
  config?: KfmConfig;
}

async function prepareNew(options: EvaluateOptions): Promise<Prepared> {
  if (!options.suite)
    throw new KfmError("usage", "no suite given", { hint: "Name a suite, e.g. `kfm eval kmmlu`; `kfm suites list` shows them." });
  const cwd = options.cwd ?? process.cwd();
  const suite = await loadSuite(options.suite, { cwd, index: true, dataDir: options.dataDir });
  checkSuite(suite, options.scorers, options.scoring);
  const config = await loadConfig({ cwd, file: options.configFile });
  const resolved = resolveEndpoint(config, {
    endpoint: options.endpoint,
    model: options.model,
    apiKeyEnv: options.apiKeyEnv,
    // A concurrency of 0 means the endpoint's own.
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
  const reserved = options.request && reservedRequestField(options.request);
  if (reserved)
    throw new KfmError("usage", `--set request.${reserved.field}: ${reserved.message}`, {
      hint: "Set generation fields in the suite's generation: or the endpoint's parameters: in kfm.yaml.",
    });
  const endpoint = withRunRequest(resolved, options.request);
  requirePrice(options.maxCost, endpoint.price, endpoint.name);
  const scoringMethod = checkNewRun(suite, config, options);
  const trials = options.trials ?? suite.agentic?.trials;
  const { items, selection } = selectionOf(suite.index, { ...options, trials });
  if (items.length === 0)
    throw new KfmError("usage", `the selection from suite ${suite.definition.id} is empty`, { hint: "Check --sample / --limit." });
  const runId =
    options.runId ??
    newRunId(
      suite.definition.id,
      options.shard ? `${endpoint.name}-shard-${options.shard.index}-of-${options.shard.count}` : endpoint.name,
    );
  if (!/^[A-Za-z0-9._-]+$/.test(runId)) throw new KfmError("usage", `--run-id "${runId}" may use only letters, digits, '.', '_' and '-'`);
  const paths = await createRunDirectory(options.outDir ?? "results", runId);
  const manifest = newManifest({
    runId,
    suite,
    endpoint,
    scoringMethod,
    trials,
    selection,
    dataDir: options.dataDir && resolve(cwd, options.dataDir),
    revision: await gitRevision(),
  });
  await writeJsonAtomic(paths.manifest, manifest);
  return { suite, items, endpoint, manifest, paths, finished: new Set(), config };
}

/**
 * What would make a new run fail after it started is a usage error before its run directory
 * exists. Returns the scoring method the run uses.
 */
function checkNewRun(suite: IndexedSuite, config: KfmConfig, options: EvaluateOptions): "generate" | "loglikelihood" {
  if ((options.scorers ?? builtInScorers).needsJudge(suite.scorer.id) && !options.judge) {
    throw new KfmError("usage", `suite ${suite.definition.id} is judged by a model: name the judge with --judge`, {
      hint: "Pass --judge <endpoint in kfm.yaml>, --judge <base URL> --judge-model <id>, or --judge sim (kfm's deterministic simulated judge, for trying the flow).",
    });
  }
  // A judge that cannot be resolved is a usage error before any run directory exists.
  if (options.judge) resolveEndpoint(config, { endpoint: options.judge, model: options.judgeModel });
  const scoringMethod = options.scoring ?? suite.definition.scoring_method ?? "generate";
  if (options.trials !== undefined && !suite.agentic) {
    throw new KfmError("usage", `--trials applies to agentic suites; ${suite.definition.id} is not one`, {
      hint: "Use --trials with a tool-use suite such as kfm-agent-ko.",
    });
  }
  return scoringMethod;
}

/** The manifest a new run starts with: what it takes to reproduce it. */
function newManifest(run: {
  runId: string;
  suite: IndexedSuite;
  endpoint: EndpointDefinition;
  scoringMethod: "generate" | "loglikelihood";
  trials: number | undefined;
  selection: Selection;
  /** The supplied-data folder given, resolved. */
  dataDir: string | undefined;
  revision: string | undefined;
}): RunManifest {
  const { runId, suite, endpoint, scoringMethod, trials, selection, dataDir, revision } = run;
  return {
    v: MANIFEST_VERSION,
    runId,
    kfmVersion: kfmVersion(),
    ...(revision ? { gitRevision: revision } : {}),
    suite: suiteRecord(suite, { trials, dataDir }),
    endpoint: endpointRecord(endpoint),
    ...sentGeneration(suite.generation, endpoint.settings),
    scorer: suite.scorer,
    ...(scoringMethod === "loglikelihood" ? { scoringMethod } : {}),
    selection,
    startedAt: new Date().toISOString(),
    status: "running",
    command: process.argv.slice(1),
    warnings: [...suite.warnings],
  };
}

async function prepareResume(options: EvaluateOptions & { resume: string }): Promise<Prepared> {
  const paths = runPaths(options.resume);
  const manifest = await readManifest(paths.dir);
  const suite = await loadSuite(manifest.suite.path, { index: true, dataDir: manifest.suite.dataDir });
  if (suite.contentHash !== manifest.suite.contentHash) {
    throw new KfmError(
      "usage",
      `suite ${manifest.suite.id} changed since run ${manifest.runId} started (content hash ${suite.contentHash} != ${manifest.suite.contentHash})`,
      {
        hint: "A resumed run must use the same suite and data; start a new run instead.",
      },
    );
  }
  const { selection } = manifest;
  const { items } = selectionOf(suite.index, {
    sample: selection.sample,
    seed: selection.seed ?? 0,
    limit: selection.limit,
    shard: selection.shard,
    // The trials the run started with (a --trials override is in the manifest, not the suite).
    trials: manifest.suite.agentic?.trials,
  });
  const endpoint = endpointFromManifest(manifest, options.concurrency);
  requirePrice(options.maxCost, manifest.endpoint.price, endpoint.name);
  const log = await readItemLog(paths.items, { slim: true });
  const finished = new Set<string>();
  for (const [id, record] of log.records) if (record.status !== "error") finished.add(id);
  manifest.status = "running";
  delete manifest.endedAt;
  return { suite, items, endpoint, manifest, paths, finished };
}

function requirePrice(maxCost: number | undefined, price: unknown, endpointName: string): void {
  if (maxCost !== undefined && !price) {
    throw new KfmError("usage", `--max-cost needs a price table for endpoint "${endpointName}"`, {
      hint: "Add price: { input: <per 1M tokens>, output: <per 1M tokens> } to the endpoint in kfm.yaml.",
    });
  }
}

/**
 * Runs (or resumes) one suite against one endpoint and leaves a complete run directory:
 * the manifest first, each item record as it finishes, the summary last.
 */
export async function evaluate(options: EvaluateOptions): Promise<EvaluateResult> {
  const note = options.onNote ?? (() => {});
  const warn = options.onWarning ?? note;
  const prepared = options.resume ? await prepareResume({ ...options, resume: options.resume }) : await prepareNew(options);
  const { items, manifest, paths, finished } = prepared;
  const todo = finished.size > 0 ? items.filter((entry) => !finished.has(items.id(entry))) : items;
  const elapsedBefore = options.resume ? await previousElapsedSeconds(paths.dir) : 0;
  await writeJsonAtomic(paths.manifest, manifest);
  const session = await openSession(prepared, options, note);
  const started = Date.now();
  const outcome = await runSession(prepared, todo, session, options, warn);
  return finishRun(
    prepared,
    outcome,
    { elapsedSeconds: elapsedBefore + (Date.now() - started) / 1000, scorers: options.scorers ?? builtInScorers },
    warn,
  );
}

/** What a run talks to: the endpoint, the judge (judged suites), the scorer, and the identity probes so far. */
interface Session {
  opened: OpenedEndpoint;
  judge: OpenedJudge | undefined;
  scorer: Scorer;
  identity: EndpointIdentity;
}

/** Opens the endpoint (and judge), creates the scorer and probes the endpoint's identity before the first item. */
/** What the user sees before the first request: the endpoint's notes, what runs where, and what the suite left out. */
function announceRun(prepared: Prepared, endpointNotes: readonly string[], resuming: boolean, note: (message: string) => void): void {
  const { suite, items, endpoint, paths, finished } = prepared;
  for (const line of endpointNotes) note(line);
  note(
    `${resuming ? "resuming" : "running"} ${suite.definition.id} (${items.length} items${finished.size ? `, ${finished.size} already done` : ""}) ` +
      `against ${endpoint.name} (${endpoint.model}) -> ${paths.dir}`,
  );
  // What the suite left out or lacks (HLE's image items, missing few-shot examples) is said, not only recorded.
  if (!resuming) for (const warning of suite.warnings) note(warning);
}

async function openSession(prepared: Prepared, options: EvaluateOptions, note: (message: string) => void): Promise<Session> {
  const { suite, endpoint, manifest, paths } = prepared;
  const opened = await openRunEndpoint(suite, endpoint, options.env ?? process.env);
  announceRun(prepared, opened.notes, options.resume !== undefined, note);

  // Whatever fails between opening the endpoint and the first request closes what is open and
  // marks the run aborted, so no server is left running and no manifest says "running".
  const abortBeforeStart = async (error: unknown): Promise<never> => {
    await opened.close();
    await judge?.close();
    manifest.status = "aborted";
    manifest.endedAt = new Date().toISOString();
    await writeJsonAtomic(paths.manifest, manifest);
    throw error;
  };
  let judge: OpenedJudge | undefined;
  let scorer: Scorer;
  try {
    if ((options.scorers ?? builtInScorers).needsJudge(suite.scorer.id)) {
      judge = await openRunJudge(prepared, options);
      for (const line of judge.notes) note(line);
      manifest.judge = judge.record;
      await writeJsonAtomic(paths.manifest, manifest);
    }
    if (manifest.scoringMethod === "loglikelihood" && !opened.adapter.doLogLikelihood) {
      throw new KfmError("config", `endpoint "${endpoint.name}" (adapter ${endpoint.adapter}) cannot score by log-likelihood`, {
        hint: "Log-likelihood needs a completions server that echoes prompt log-probabilities (openai-compatible: vLLM, SGLang); or pass --scoring generate.",
      });
    }
    scorer = (options.scorers ?? builtInScorers).create(suite.scorer.id, suite.scorer.args, {
      ...(judge ? { judge: judge.model, judgeCache: new Map() } : {}),
      ...(suite.judgeResources ? { judgeResources: suite.judgeResources } : {}),
    });
  } catch (error) {
    return abortBeforeStart(error);
  }
  // Identity probes: the first snapshot of a run is kept across resumes; each session's end replaces the last.
  const identity: EndpointIdentity = manifest.identity ?? { probes: IDENTITY_PROBES };
  if (!options.noProbes && !identity.start) {
    try {
      identity.start = await probeIdentity(opened.adapter, options.abortSignal);
    } catch (error) {
      return abortBeforeStart(endpointMistake(error, { baseUrl: endpoint.baseUrl, resume: resumeCommand(paths.dir) }));
    }
    manifest.identity = identity;
    await writeJsonAtomic(paths.manifest, manifest);
  }
  return { opened, judge, scorer, identity };
}

/** The endpoint, with the suite's answer key should it be the simulated one. */
function openRunEndpoint(suite: IndexedSuite, endpoint: EndpointDefinition, env: NodeJS.ProcessEnv): Promise<OpenedEndpoint> {
  return openEndpoint(endpoint, {
    env,
    answerKeyItems: async () => {
      const all = [];
      for await (const batch of suite.itemsFor(ItemSelection.all(suite.index))) for (const item of batch) all.push(item);
      return all;
    },
    render: (item) => suite.render(item),
    ...(suite.agentic ? { tools: { loop: suite.agentic.mode === "loop" } } : {}),
  });
}

/** The judge of a judged suite: the one named now, or (resuming) the one the run recorded. */
async function openRunJudge(prepared: Prepared, options: EvaluateOptions): Promise<OpenedJudge> {
  const { suite, manifest } = prepared;
  const recorded = manifest.judge;
  const judgeFlag = options.judge ?? recorded?.baseUrl ?? recorded?.endpoint;
  if (!judgeFlag) throw new KfmError("usage", `suite ${suite.definition.id} is judged by a model: name the judge with --judge`);
  const judgeModel = options.judgeModel ?? (options.judge ? undefined : recorded?.model);
  const config = prepared.config ?? (await loadConfig({ cwd: options.cwd ?? process.cwd(), file: options.configFile }));
  return openJudge(config, { judge: judgeFlag, judgeModel }, options.env ?? process.env);
}

/** Runs the items still to do, appending each record as it finishes; closes the endpoint and judge at the end. */
async function runSession(
  prepared: Prepared,
  todo: ItemSelection,
  session: Session,
  options: EvaluateOptions,
  warn: (message: string) => void,
): Promise<RunItemsResult> {
  const { suite, items, endpoint, manifest, paths, finished } = prepared;
  const { opened, judge, scorer, identity } = session;
  const writer = await ItemLogWriter.open(paths.items);
  const progress = new Progress({ total: items.length, alreadyDone: finished.size, mode: options.progress ?? "none" });
  // --max-cost: a stop like Ctrl-C's (in-flight requests finish), so the run stays resumable.
  const stop = new AbortController();
  if (options.stopSignal?.aborted) stop.abort();
  options.stopSignal?.addEventListener("abort", () => stop.abort(), { once: true });
  const countCost = costGuard(options.maxCost, manifest.endpoint.price, () => {
    warn(
      `stopping: this session's estimated cost reached --max-cost ${options.maxCost} ${manifest.endpoint.price?.currency}; resume with ${resumeCommand(paths.dir)}`,
    );
    stop.abort();
  });
  try {
    const outcome = await runItems({
      items: suite.itemsFor(todo),
      total: todo.length,
      render: (item) => suite.render(item),
      adapter: opened.adapter,
      scorer,
      settings: effectiveGeneration(suite.generation, endpoint.settings),
      scoring: manifest.scoringMethod,
      concurrency: endpoint.concurrency,
      rateLimiter: endpoint.requestsPerMinute ? new RateLimiter(endpoint.requestsPerMinute) : undefined,
      agent: suite.agentic?.mode === "loop" ? { limits: suite.agentic.limits, environment: suite.agentic.environment } : undefined,
      stopSignal: stop.signal,
      abortSignal: options.abortSignal,
      onRecord: async (record) => {
        await writer.append(record);
        progress.record(record);
        countCost(record);
      },
    });
    if (!options.noProbes && identity.start && !outcome.authError && !outcome.addressError) {
      identity.end = await probeIdentity(opened.adapter, options.abortSignal);
      manifest.identity = compareIdentity(identity);
    }
    return outcome;
  } finally {
    await writer.close();
    progress.finish();
    await opened.close();
    await judge?.close();
  }
}

/** With --max-cost and a price table: adds up this session's tokens and calls `onReached` once when the estimate reaches the limit. */
/** Reads the run's final records back, writes the summary and the closed manifest. */
async function finishRun(
  prepared: Prepared,
  outcome: RunItemsResult,
  { elapsedSeconds, scorers }: { elapsedSeconds: number; scorers: ScorerRegistry },
  warn: (message: string) => void,
): Promise<EvaluateResult> {
  const { items, manifest, paths } = prepared;
  for (const warning of outcome.warnings) if (!manifest.warnings.includes(warning)) manifest.warnings.push(warning);

  const selected = items.ids();
  const records = await readFinalRecords(paths.items, (id) => selected.has(id));
  const status: RunStatus =
    outcome.stoppedBy === "auth" || outcome.stoppedBy === "address" ? "aborted" : records.length === items.length ? "complete" : "partial";
  const errors = records.filter((record) => record.status === "error").length;
  const judgeErrors = records.filter((record) => record.status === "error" && record.error?.code === "judge").length;
  manifest.status = status;
  manifest.endedAt = new Date().toISOString();
  const summary = summarize(records, {
    manifest,
    status,
    total: items.length,
    elapsedSeconds,
    metrics: scorers.metricsOf(manifest.scorer.id),
    ...(status !== "complete" || errors > 0 ? { resumeCommand: resumeCommand(paths.dir) } : {}),
  });
  if (manifest.identity?.changed) {
    summary.endpointChanged = true;
    warn(`WARNING: endpoint changed during the run: ${manifest.identity.reasons?.join("; ")}`);
  }
  await writeJsonAtomic(paths.summary, summary);
  await writeJsonAtomic(paths.manifest, manifest);

  const stoppedBy = outcome.authError ?? outcome.addressError;
  if (stoppedBy) throw endpointMistake(stoppedBy, { baseUrl: prepared.endpoint.baseUrl, resume: resumeCommand(paths.dir) });
  return { runDir: paths.dir, manifest, summary, errors, judgeErrors };
}
