import { resolve } from "node:path";
import { endpointRecord, resolveEndpoint, SIMULATED, type EndpointDefinition } from "../adapters/endpoint.js";
import { resumedEndpoint } from "../adapters/endpoint-override.js";
import type { KfmConfig } from "../adapters/config.js";
import { sentGeneration } from "../adapters/request-fields.js";
import {
  createRunDirectory,
  lockRunDirectory,
  chooseRunId,
  requirePrice,
  readItemLog,
  readManifest,
  runPaths,
  writeJsonAtomic,
  type RunLock,
  type RunPaths,
} from "../results/index.js";
import { scorers as builtInScorers } from "../scoring/index.js";
import { KfmError } from "../spec/errors.js";
import { MANIFEST_VERSION, type RunManifest, type Selection } from "../spec/run.js";
import {
  loadSuite,
  samplesPerItem,
  selectionOf,
  suiteRecord,
  type IndexedSuite,
  type ItemSelection,
  type LoadSuiteOptions,
} from "../suite/index.js";
import { requireSandbox } from "../sandbox/index.js";
import { checkSuite } from "./check-suite.js";
import type { EarlyStart, EvaluateOptions } from "./evaluate-options.js";
import { runEndpoint } from "./early-start.js";
import { gitRevision, kfmVersion } from "./package-info.js";

/** A run ready to start: its suite, selection, endpoint, manifest and run directory, and the items already done. */
export interface Prepared {
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
  /** This process's hold on the run directory (`kfm.lock`), released when the session ends. */
  lock: RunLock;
}

/** A new run, resolved and checked but not yet started: nothing is on disk until `createRun`. */
export interface NewRunPlan {
  suite: IndexedSuite;
  items: ItemSelection;
  endpoint: EndpointDefinition;
  config: KfmConfig;
  scoringMethod: "generate" | "loglikelihood";
  trials: number | undefined;
  /** Samples per item of a non-agentic suite (`--repeats` or the suite's `repeats:`). */
  repeats: number | undefined;
  selection: Selection;
  runId: string;
  outDir: string;
  dataDir: string | undefined;
}

/** The suite, from the suites this process shares (a campaign's) when given. */
function loadIndexed(options: EvaluateOptions, ref: string, load: LoadSuiteOptions & { index: true }): Promise<IndexedSuite> {
  return options.suites ? options.suites.load(ref, load) : loadSuite(ref, load);
}

/**
 * Resolves and checks everything a new run needs (suite, config, endpoint, selection, run id)
 * without touching the results folder, so a mistake in any of them leaves no run directory behind.
 * The config is read (and the endpoint opened) by `start` while the suite loads. Errors still come
 * in their order: the suite's first, then the config's and the endpoint's.
 */
export async function planNew(options: EvaluateOptions, start: EarlyStart): Promise<NewRunPlan> {
  if (!options.suite)
    throw new KfmError("usage", "no suite given", { hint: "Name a suite, e.g. `kfm eval kmmlu`; `kfm suites list` shows them." });
  void gitRevision(); // git runs while the suite loads; createRun awaits the same answer
  const cwd = options.cwd ?? process.cwd();
  const suite = await loadIndexed(options, options.suite, { cwd, index: true, dataDir: options.dataDir, window: options });
  checkSuite(suite, options.scorers, options.scoring);
  const config = await start.config;
  const endpoint = runEndpoint(config, options);
  requirePrice(options.maxCost, endpoint.price, endpoint.name);
  const scoringMethod = checkNewRun(suite, config, options, endpoint);
  // An agentic suite's repeats are its trials (pass^k); any other suite's are its samples per item.
  const trials = suite.agentic ? (options.trials ?? options.repeats ?? suite.agentic.trials) : undefined;
  const repeats = suite.agentic ? undefined : (options.repeats ?? suite.definition.repeats);
  const { items, selection } = selectionOf(suite.index, { ...options, trials: trials ?? repeats });
  if (items.length === 0)
    throw new KfmError("usage", `the selection from suite ${suite.definition.id} is empty`, { hint: "Check --sample / --limit." });
  const runId = chooseRunId(options.runId, suite.definition.id, endpoint.name, options.shard);
  const dataDir = options.dataDir && resolve(cwd, options.dataDir);
  return { suite, items, endpoint, config, scoringMethod, trials, repeats, selection, runId, outDir: options.outDir ?? "results", dataDir };
}

/** Creates the run directory of a planned run and writes its first manifest. */
export async function createRun(plan: NewRunPlan): Promise<Prepared> {
  const { suite, items, endpoint, config, scoringMethod, trials, repeats, selection, runId, dataDir } = plan;
  const paths = await createRunDirectory(plan.outDir, runId);
  const lock = await lockRunDirectory(paths.dir);
  const manifest = newManifest({
    runId,
    suite,
    endpoint,
    scoringMethod,
    trials,
    repeats,
    selection,
    dataDir,
    revision: await gitRevision(),
  });
  await writeJsonAtomic(paths.manifest, manifest);
  return { suite, items, endpoint, manifest, paths, finished: new Set(), config, lock };
}

/**
 * What would make a new run fail after it started is a usage error before its run directory
 * exists. Returns the scoring method the run uses.
 */
function checkNewRun(
  suite: IndexedSuite,
  config: KfmConfig,
  options: EvaluateOptions,
  endpoint: EndpointDefinition,
): "generate" | "loglikelihood" {
  // Against the simulator, the simulator judges (and plays the user) unless a flag names another.
  if ((options.scorers ?? builtInScorers).needsJudge(suite.scorer.id) && !options.judge && endpoint.adapter !== SIMULATED) {
    throw new KfmError("usage", `suite ${suite.definition.id} is judged by a model: name the judge with --judge`, {
      hint: "Pass --judge <endpoint in kfm.yaml>, --judge <base URL> --judge-model <id>, or --judge sim (kfm's deterministic simulated judge, for trying the flow).",
      needs: "judge",
    });
  }
  if ((options.scorers ?? builtInScorers).needsExecutor(suite.scorer.id)) requireSandbox(options.unsafeExec);
  // A judge that cannot be resolved is a usage error before any run directory exists.
  if (options.judge) resolveEndpoint(config, { endpoint: options.judge, model: options.judgeModel });
  // Against the simulator, the simulator plays the user too unless --user-sim names another.
  if (suite.agentic?.mode === "dual" && !options.userSim && endpoint.adapter !== SIMULATED)
    throw new KfmError("usage", `suite ${suite.definition.id} is a dual-control suite: name the simulated user with --user-sim`, {
      hint: "Pass --user-sim <endpoint in kfm.yaml>, --user-sim <base URL> --user-sim-model <id>, or --user-sim sim (kfm's simulator plays the task's scripted user).",
      needs: "user-sim",
    });
  if (options.userSim) resolveEndpoint(config, { endpoint: options.userSim, model: options.userSimModel });
  const scoringMethod = options.scoring ?? suite.definition.scoring_method ?? "generate";
  if (options.trials !== undefined && !suite.agentic) {
    throw new KfmError("usage", `--trials applies to agentic suites; ${suite.definition.id} is not one`, {
      hint: "Use --trials with a tool-use suite such as kfm-agent-ko; --repeats <k> samples each item of any suite k times.",
    });
  }
  if (scoringMethod === "loglikelihood" && (options.repeats ?? suite.definition.repeats ?? 1) > 1) {
    throw new KfmError(
      "usage",
      `--repeats samples replies, but ${suite.definition.id} is scored by log-likelihood here, which has no sampling`,
      {
        hint: "Drop --repeats, or score by generating (--scoring generate).",
      },
    );
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
  repeats: number | undefined;
  selection: Selection;
  /** The supplied-data folder given, resolved. */
  dataDir: string | undefined;
  revision: string | undefined;
}): RunManifest {
  const { runId, suite, endpoint, scoringMethod, trials, repeats, selection, dataDir, revision } = run;
  return {
    v: MANIFEST_VERSION,
    runId,
    kfmVersion: kfmVersion(),
    ...(revision ? { gitRevision: revision } : {}),
    suite: suiteRecord(suite, { trials, repeats, dataDir }),
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

export async function prepareResume(options: EvaluateOptions & { resume: string }): Promise<Prepared> {
  const paths = runPaths(options.resume);
  const manifest = await readManifest(paths.dir);
  // Taken before anything is read: a second resume of the same run stops here, naming the first.
  const lock = await lockRunDirectory(paths.dir);
  return resumeLocked(options, paths, manifest, lock).catch(async (error: unknown) => {
    await lock.release();
    throw error;
  });
}

async function resumeLocked(options: EvaluateOptions, paths: RunPaths, manifest: RunManifest, lock: RunLock): Promise<Prepared> {
  const suite = await loadIndexed(options, manifest.suite.path, {
    index: true,
    dataDir: manifest.suite.dataDir,
    window: manifest.suite.window,
  });
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
    // The trials or repeats the run started with (an override is in the manifest, not the suite).
    trials: samplesPerItem(manifest.suite),
  });
  const { endpoint, change } = await resumedEndpoint(manifest, options);
  if (change) {
    manifest.endpoint = endpointRecord(endpoint);
    (manifest.connectionChanges ??= []).push(change);
  }
  requirePrice(options.maxCost, manifest.endpoint.price, endpoint.name);
  const log = await readItemLog(paths.items, { slim: true });
  const finished = new Set<string>();
  for (const [id, record] of log.records) if (record.status !== "error") finished.add(id);
  manifest.status = "running";
  delete manifest.endedAt;
  return { suite, items, endpoint, manifest, paths, finished, lock };
}
