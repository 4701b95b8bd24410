import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { CampaignFile, CampaignTeam, CellProblem, CellStatus } from "../spec/campaign.js";
import { KfmError } from "../spec/errors.js";
import { cellName } from "./campaign-file.js";
import { CampaignStateFile } from "./state-file.js";

/** What a run directory says about itself: its status, the items done and errored, and what it selected. */
export interface RunState {
  status: "running" | "complete" | "partial" | "aborted";
  done: number;
  errors: number;
  total: number;
  selection: { sample?: number; seed?: number; limit?: number };
}

/** One cell's run, as `evaluate()` takes it: a new run (outDir + runId) or a resumed one (resume). */
export interface CellRequest {
  suite?: string;
  resume?: string;
  outDir?: string;
  runId?: string;
  endpoint: string;
  model?: string;
  apiKeyEnv?: string;
  concurrency?: number;
  requestsPerMinute?: number;
  configFile?: string;
  dataDir?: string;
  sample?: number;
  seed?: number;
  limit?: number;
  judge?: string;
  judgeModel?: string;
  /** The simulated user of dual-control suites (tau2-bench Telecom). */
  userSim?: string;
  userSimModel?: string;
  stopSignal: AbortSignal;
  abortSignal: AbortSignal;
  onNote: (message: string) => void;
  onWarning: (message: string) => void;
}

/** What the campaign needs from the rest of kfm; `app/campaign.ts` wires them. */
export interface CampaignPorts {
  /** The run directory's state, or undefined when it has no manifest. */
  readRun(dir: string): Promise<RunState | undefined>;
  /** Runs (or resumes) one cell to its end, or until the stop signal. */
  evaluate(request: CellRequest): Promise<RunState>;
}

export interface RunCampaignOptions {
  suites: string[];
  stopSignal: AbortSignal;
  abortSignal: AbortSignal;
  /** Each cell as it starts and ends, and what its run said (prefixed with the team). */
  onCell?: (cell: CellStatus) => void;
  onNote?: (team: string, message: string) => void;
}

/** A finished selection with no errored item needs nothing more. */
export function isDone(run: RunState | undefined): boolean {
  return run?.status === "complete" && run.errors === 0;
}

/** The selection a cell's run was started with differs from the campaign's now: resuming it would mix two selections. */
export function selectionChanged(run: RunState, wanted: CampaignFile["selection"]): boolean {
  return run.selection.sample !== wanted.sample || (run.selection.seed ?? 0) !== (wanted.seed ?? 0) || run.selection.limit !== wanted.limit;
}

export function problemOf(error: unknown): CellProblem {
  if (KfmError.isInstance(error)) return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return { code: "internal", message: error instanceof Error ? error.message : String(error) };
}

/**
 * Every team on every suite. Teams run side by side, each on its own endpoint at its own
 * concurrency, so no endpoint waits on another; a team's suites run one after another. A cell whose
 * run is complete is skipped, a partial one resumed, so running the campaign again continues it.
 */
export async function runCampaign(campaign: CampaignFile, ports: CampaignPorts, options: RunCampaignOptions): Promise<CellStatus[]> {
  const state = await CampaignStateFile.open(campaign.resultsDir, campaign.file, options.suites);
  try {
    const perTeam = await Promise.all(campaign.teams.map((team) => runTeam(campaign, team, ports, options, state)));
    return perTeam.flat();
  } finally {
    await state.close();
  }
}

async function runTeam(
  campaign: CampaignFile,
  team: CampaignTeam,
  ports: CampaignPorts,
  options: RunCampaignOptions,
  state: CampaignStateFile,
): Promise<CellStatus[]> {
  const cells: CellStatus[] = [];
  const report = async (cell: CellStatus) => {
    await state.set(cell);
    options.onCell?.(cell);
  };
  for (const suite of options.suites) {
    if (options.stopSignal.aborted) break;
    const runDir = join(campaign.resultsDir, team.name, cellName(suite));
    const cell = await runCell(campaign, team, suite, runDir, ports, options, report);
    cells.push(cell);
  }
  return cells;
}

async function runCell(
  campaign: CampaignFile,
  team: CampaignTeam,
  suite: string,
  runDir: string,
  ports: CampaignPorts,
  options: RunCampaignOptions,
  report: (cell: CellStatus) => Promise<void>,
): Promise<CellStatus> {
  const base = { team: team.name, suite: cellName(suite), runDir };
  const existing = await ports.readRun(runDir);
  const counts = (run: RunState) => ({ done: run.done, total: run.total, errors: run.errors });
  if (existing && isDone(existing)) return { ...base, state: "done", ...counts(existing) };
  if (existing && selectionChanged(existing, campaign.selection)) {
    const cell: CellStatus = {
      ...base,
      state: "failed",
      ...counts(existing),
      problem: {
        code: "usage",
        message: `${runDir} was started with another selection than the campaign's (sample/seed/limit)`,
        hint: `Restore the campaign's selection, or move ${runDir} away to start this cell afresh.`,
      },
    };
    await report(cell);
    return cell;
  }
  // A folder without a manifest is a run that crashed before it started: nothing in it to keep.
  if (!existing && existsSync(runDir) && !(await readdir(runDir)).includes("items.jsonl")) await rm(runDir, { recursive: true });
  await report({ ...base, state: "running", ...(existing ? counts(existing) : {}) });
  const request: CellRequest = {
    ...(existing ? { resume: runDir } : { suite, outDir: join(campaign.resultsDir, team.name), runId: base.suite }),
    endpoint: team.endpoint,
    ...(team.model ? { model: team.model } : {}),
    ...(team.apiKeyEnv ? { apiKeyEnv: team.apiKeyEnv } : {}),
    ...(team.concurrency ? { concurrency: team.concurrency } : {}),
    ...(team.requestsPerMinute ? { requestsPerMinute: team.requestsPerMinute } : {}),
    ...(campaign.configFile ? { configFile: campaign.configFile } : {}),
    ...(campaign.dataDir ? { dataDir: campaign.dataDir } : {}),
    ...campaign.selection,
    ...(campaign.judge ? { judge: campaign.judge.endpoint, ...(campaign.judge.model ? { judgeModel: campaign.judge.model } : {}) } : {}),
    ...(campaign.userSimulator
      ? {
          userSim: campaign.userSimulator.endpoint,
          ...(campaign.userSimulator.model ? { userSimModel: campaign.userSimulator.model } : {}),
        }
      : {}),
    stopSignal: options.stopSignal,
    abortSignal: options.abortSignal,
    onNote: (message) => options.onNote?.(team.name, message),
    onWarning: (message) => options.onNote?.(team.name, message),
  };
  let cell: CellStatus;
  try {
    const run = await ports.evaluate(request);
    cell = { ...base, state: run.status === "complete" ? "done" : "partial", ...counts(run) };
  } catch (error) {
    const problem = problemOf(error);
    const after = await ports.readRun(runDir).catch(() => undefined);
    cell = { ...base, state: problem.code === "data" ? "missing-data" : "failed", ...(after ? counts(after) : {}), problem };
  }
  await report(cell);
  return cell;
}
