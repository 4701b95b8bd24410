import { endpointMistake } from "../adapters/endpoint-mistake.js";
import { closingProbes, compareIdentity, IDENTITY_PROBES, probeFirst, type ClosingProbes } from "../adapters/identity.js";
import { effectiveGeneration } from "../adapters/request-fields.js";
import {
  costGuard,
  ItemLogWriter,
  previousElapsedSeconds,
  readFinalRecords,
  SessionRecords,
  summarize,
  writeJsonAtomic,
  type CompactRecord,
} from "../results/index.js";
import { writeRunEnd } from "../results/index.js";
import { Progress, RateLimiter, runItems, type RunItemsResult } from "../runner/index.js";
import { scorers as builtInScorers, type ScorerRegistry } from "../scoring/index.js";
import { KfmError } from "../spec/errors.js";
import type { EndpointIdentity, RunStatus } from "../spec/run.js";
import type { Scorer } from "../spec/scorer.js";
import { simulatorInputs, type IndexedSuite, type ItemSelection } from "../suite/index.js";
import { loadConfig } from "../adapters/config.js";
import { BUILT_IN_SIM_NAME, helperFlags, SIMULATED, type EndpointDefinition } from "../adapters/endpoint.js";
import { requireScoringMethod } from "../adapters/registry.js";
import { resumeCommand, type EarlyEndpoint, type EvaluateOptions, type EvaluateResult } from "./evaluate-options.js";
import { createCodeExecutor, executionRecord } from "../sandbox/index.js";
import { openJudge, type OpenedJudge } from "./judge-model.js";
import { openUserSim, type OpenedUserSim } from "./user-sim.js";
import { openEndpoint, requireTools, type OpenedEndpoint } from "./open-endpoint.js";
import { createRun, planNew, prepareResume, type Prepared } from "./prepare-run.js";
import { startEarly } from "./early-start.js";

export type { EvaluateOptions, EvaluateResult } from "./evaluate-options.js";

/**
 * Runs (or resumes) one suite against one endpoint and leaves a complete run directory:
 * the manifest first, each item record as it finishes, the summary last.
 */
export async function evaluate(options: EvaluateOptions): Promise<EvaluateResult> {
  const note = options.onNote ?? (() => {});
  const warn = options.onWarning ?? note;
  const { prepared, opened, firstProbe } = await prepareAndOpen(options);
  const { items, manifest, paths, finished } = prepared;
  try {
    const todo = finished.size > 0 ? items.filter((entry) => !finished.has(items.id(entry))) : items;
    const elapsedBefore = options.resume ? await previousElapsedSeconds(paths.dir) : 0;
    await writeJsonAtomic(paths.manifest, manifest);
    const session = await openSession(prepared, opened, options, note, firstProbe);
    const started = Date.now();
    const outcome = await runSession(prepared, todo, session, options, warn);
    const elapsedSeconds = elapsedBefore + (Date.now() - started) / 1000;
    const written = session.records?.list();
    return await finishRun(prepared, outcome, { elapsedSeconds, scorers: options.scorers ?? builtInScorers, written }, warn);
  } finally {
    await prepared.lock.release();
  }
}

/** What a run talks to: the endpoint, the judge (judged suites), the scorer, and the identity probes so far. */
interface Session {
  opened: OpenedEndpoint;
  judge: OpenedJudge | undefined;
  /** The simulated user of a dual-control suite. */
  userSim: OpenedUserSim | undefined;
  scorer: Scorer;
  identity: EndpointIdentity;
  /** The opening probes after the first, sent beside the first items; settles once they are in the manifest. */
  probing: Promise<void> | undefined;
  /** The closing probes, sent beside the last items once the opening snapshot is in (after the run when nothing is left to overlap). */
  closing: ClosingProbes | undefined;
  /** A new run's records as written, for its summary (a resumed run's log holds earlier sessions' too: it is read back). */
  records: SessionRecords | undefined;
}

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

/** The run made ready and its endpoint opened; a new run's before its directory exists, so a mistake leaves nothing behind. */
async function prepareAndOpen(
  options: EvaluateOptions,
): Promise<{ prepared: Prepared; opened: OpenedEndpoint; firstProbe?: EarlyEndpoint["probe"] }> {
  const env = options.env ?? process.env;
  if (options.resume) {
    const prepared = await prepareResume({ ...options, resume: options.resume });
    const opened = await openRunEndpoint(prepared.suite, prepared.endpoint, env).catch(async (error: unknown) => {
      await prepared.lock.release();
      throw error;
    });
    return { prepared, opened };
  }
  // The config read and the endpoint opened beside the suite load (the CLI starts this before loading the rest of kfm).
  const start = options.early ?? startEarly(options);
  const plan = await planNew(options, start).catch(async (error: unknown) => {
    await (await start.endpoint)?.opened.close();
    throw error;
  });
  // Opened beside the suite load unless the suite needs more of it: the simulator's answer key, or tools to check.
  const firstProbe = await start.endpoint;
  const opened = firstProbe?.opened ?? (await openRunEndpoint(plan.suite, plan.endpoint, env));
  try {
    if (firstProbe && plan.suite.agentic) requireTools(plan.endpoint); // what openEndpoint checks when it knows the suite
    requireScoringMethod(opened.adapter, plan.endpoint, plan.scoringMethod);
    return { prepared: await createRun(plan), opened, ...(firstProbe ? { firstProbe: firstProbe.probe } : {}) };
  } catch (error) {
    await opened.close();
    throw error;
  }
}

/** The endpoint, with the suite's answer key should it be the simulated one. */
function openRunEndpoint(suite: IndexedSuite, endpoint: EndpointDefinition, env: NodeJS.ProcessEnv): Promise<OpenedEndpoint> {
  return openEndpoint(endpoint, { env, ...simulatorInputs(suite) });
}

/** Opens the judge, creates the scorer and sends the first identity probe before the first item (the others go beside the items). */
async function openSession(
  prepared: Prepared,
  opened: OpenedEndpoint,
  options: EvaluateOptions,
  note: (message: string) => void,
  firstProbe?: EarlyEndpoint["probe"],
): Promise<Session> {
  const { suite, manifest, paths } = prepared;
  announceRun(prepared, opened.notes, options.resume !== undefined, note);

  // Anything failing before the first request closes what is open and marks the run aborted (no manifest left "running").
  const abortBeforeStart = async (error: unknown): Promise<never> => {
    await opened.close();
    await judge?.close();
    await userSim?.close();
    manifest.status = "aborted";
    manifest.endedAt = new Date().toISOString();
    await writeJsonAtomic(paths.manifest, manifest);
    throw error;
  };
  let judge: OpenedJudge | undefined;
  let userSim: OpenedUserSim | undefined;
  let scorer: Scorer;
  try {
    if (suite.agentic?.mode === "dual") {
      userSim = await openRunUserSim(prepared, options);
      for (const line of userSim.notes) note(line);
      manifest.userSim = userSim.record;
      await writeJsonAtomic(paths.manifest, manifest);
    }
    if ((options.scorers ?? builtInScorers).needsJudge(suite.scorer.id)) {
      judge = await openRunJudge(prepared, options);
      for (const line of judge.notes) note(line);
      manifest.judge = judge.record;
      await writeJsonAtomic(paths.manifest, manifest);
    }
    scorer = await createScorer(prepared, options, judge);
  } catch (error) {
    return abortBeforeStart(error);
  }
  // Identity probes: the first snapshot of a run is kept across resumes; each session's end replaces the last.
  const identity: EndpointIdentity = manifest.identity ?? { probes: IDENTITY_PROBES };
  const { probing } =
    !options.noProbes && !identity.start ? await startProbes(prepared, opened, identity, options, firstProbe).catch(abortBeforeStart) : {};
  const closing = options.noProbes ? undefined : closingProbes(opened.adapter, options.abortSignal, prepared.endpoint.concurrency);
  const records = options.resume === undefined ? new SessionRecords() : undefined;
  return { opened, judge, userSim, scorer, identity, probing, closing, records };
}

/**
 * The first identity probe (`sent` when it went out beside the suite load), awaited (a rejected key
 * or a wrong address stops the run before its first item); the others go out beside the items and
 * are written to the manifest when answered.
 * A later probe that fails leaves the run without a start snapshot (its items meet the same
 * failure); a failed write of the manifest stops the run once the items are done.
 */
async function startProbes(
  prepared: Prepared,
  opened: OpenedEndpoint,
  identity: EndpointIdentity,
  options: EvaluateOptions,
  sent?: EarlyEndpoint["probe"],
): Promise<{ probing: Promise<void> }> {
  const { endpoint, manifest, paths } = prepared;
  const { rest } = await (sent ?? probeFirst(opened.adapter, options.abortSignal)).catch((error: unknown) => {
    throw endpointMistake(error, { baseUrl: endpoint.baseUrl, resume: resumeCommand(paths.dir) });
  });
  const probing = rest.then(
    async (snapshot) => {
      identity.start = snapshot;
      manifest.identity = identity;
      await writeJsonAtomic(paths.manifest, manifest);
    },
    () => undefined,
  );
  probing.catch(() => {}); // awaited after the items; this only keeps it from counting as unhandled meanwhile
  return { probing };
}

/** The suite's scorer, given the judge and, for suites that run generated code, the sandbox (recorded in the manifest). */
async function createScorer(prepared: Prepared, options: EvaluateOptions, judge: OpenedJudge | undefined): Promise<Scorer> {
  const { suite, manifest } = prepared;
  const registry = options.scorers ?? builtInScorers;
  const unsafe = options.unsafeExec || manifest.execution?.unsafe;
  const executor = registry.needsExecutor(suite.scorer.id)
    ? createCodeExecutor({ concurrency: options.execConcurrency, unsafe })
    : undefined;
  if (executor) manifest.execution = executionRecord(executor, unsafe);
  return registry.create(suite.scorer.id, suite.scorer.args, {
    ...(executor ? { executor } : {}),
    ...(judge ? { judge: judge.model, judgeCache: new Map() } : {}),
    ...(suite.judgeResources ? { judgeResources: suite.judgeResources } : {}),
  });
}

/** The simulated user of a dual-control suite: the one named now, or (resuming) the one the run recorded. */
async function openRunUserSim(prepared: Prepared, options: EvaluateOptions): Promise<OpenedUserSim> {
  const simulated = prepared.endpoint.adapter === SIMULATED ? { endpoint: BUILT_IN_SIM_NAME } : undefined;
  const flags = helperFlags({ endpoint: options.userSim, model: options.userSimModel }, prepared.manifest.userSim) ?? simulated;
  if (!flags)
    throw new KfmError("usage", `suite ${prepared.suite.definition.id} is a dual-control suite: name the simulated user with --user-sim`);
  return openUserSim(await runConfig(prepared, options), flags, options.env ?? process.env, simulatorInputs(prepared.suite));
}

/** The judge of a judged suite: the one named now, or (resuming) the one the run recorded, or against the simulator the simulator. */
async function openRunJudge(prepared: Prepared, options: EvaluateOptions): Promise<OpenedJudge> {
  // Against the simulator, the simulator judges too unless --judge names another (as it plays the user).
  const simulated = prepared.endpoint.adapter === SIMULATED ? { endpoint: BUILT_IN_SIM_NAME, model: undefined } : undefined;
  const flags = helperFlags({ endpoint: options.judge, model: options.judgeModel }, prepared.manifest.judge) ?? simulated;
  if (!flags) throw new KfmError("usage", `suite ${prepared.suite.definition.id} is judged by a model: name the judge with --judge`);
  return openJudge(await runConfig(prepared, options), { judge: flags.endpoint!, judgeModel: flags.model }, options.env ?? process.env);
}

/** The config a new run read, or (resumed) the one in the working directory, for its helper endpoints. */
async function runConfig(prepared: Prepared, options: EvaluateOptions) {
  return prepared.config ?? (await loadConfig({ cwd: options.cwd ?? process.cwd(), file: options.configFile }));
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
  const { opened, judge, userSim, scorer, identity, probing, closing, records } = session;
  const writer = await ItemLogWriter.open(paths.items, records);
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
      // Loops run the agent; a dual-control loop also the simulated user.
      agent:
        suite.agentic?.mode === "single-step" ? undefined : suite.agentic && { ...suite.agentic, ...(userSim ? { user: userSim } : {}) },
      outage: { maxMs: (options.maxOutage ?? 600) * 1000, onNote: warn },
      stopSignal: stop.signal,
      abortSignal: options.abortSignal,
      ...(closing ? { whenIdle: (othersBusy: number) => (identity.start ? closing.take(othersBusy) : undefined) } : {}),
      onRecord: (record) => {
        writer.append(record);
        progress.record(record);
        countCost(record);
      },
    });
    await probing;
    // The closing probes only when the endpoint still answers us: a failure here must never cost the summary.
    if (closing && identity.start && !outcome.stoppedBy?.match(/^(auth|address|revoked|abort|outage)$/)) {
      identity.end = await closing.snapshot().catch(() => undefined);
      if (identity.end) manifest.identity = compareIdentity(identity);
    }
    return outcome;
  } finally {
    progress.finish();
    await opened.close();
    await judge?.close();
    await userSim?.close();
    await writer.close();
  }
}

/** Reads the run's final records back, writes the summary and the closed manifest. */
async function finishRun(
  prepared: Prepared,
  outcome: RunItemsResult,
  { elapsedSeconds, scorers, written }: { elapsedSeconds: number; scorers: ScorerRegistry; written: CompactRecord[] | undefined },
  warn: (message: string) => void,
): Promise<EvaluateResult> {
  const { items, manifest, paths } = prepared;
  for (const warning of outcome.warnings) if (!manifest.warnings.includes(warning)) manifest.warnings.push(warning);

  const selected = items.ids();
  const records = written ?? (await readFinalRecords(paths.items, (id) => selected.has(id)));
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
  await writeRunEnd(paths, summary, manifest);

  if (outcome.revokedError)
    warn(
      `stopping: ${outcome.revokedError.message} (after ${records.length} items done); nothing was recorded for the refused requests. Fix the key, then resume with ${resumeCommand(paths.dir)}`,
    );
  const stoppedBy = outcome.authError ?? outcome.addressError;
  if (stoppedBy) throw endpointMistake(stoppedBy, { baseUrl: prepared.endpoint.baseUrl, resume: resumeCommand(paths.dir) });
  return { runDir: paths.dir, manifest, summary, errors, judgeErrors };
}
