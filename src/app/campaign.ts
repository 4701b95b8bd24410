import { existsSync } from "node:fs";
import { join } from "node:path";
import * as campaigns from "../campaign/index.js";
import { readItemLog, readManifest, runPaths } from "../results/index.js";
import { SharedSuites } from "../suite/index.js";
import type { CampaignFile, CampaignStatus, Leaderboard } from "../spec/campaign.js";
import type { Verdict } from "../spec/verdict.js";
import { evaluate } from "./evaluate.js";
import { suitesForStage } from "./stage-suites.js";
import { verdict } from "./verdict.js";

/** A run directory's state for the campaign; undefined when it has no manifest. */
async function readRun(dir: string): Promise<campaigns.RunState | undefined> {
  if (!existsSync(runPaths(dir).manifest)) return undefined;
  const [{ status, selection }, log] = await Promise.all([readManifest(dir), readItemLog(runPaths(dir).items, { slim: true })]);
  const errors = [...log.records.values()].filter((record) => record.status === "error").length;
  return { status, done: log.records.size - errors, errors, total: selection.total, selection };
}

/** The campaign file and its suites (the file's, or one per benchmark of the stage that has a suite). */
export async function openCampaign(file: string): Promise<{ campaign: CampaignFile; suites: string[]; missing: string[] }> {
  const campaign = await campaigns.loadCampaign(file);
  if (campaign.suites) return { campaign, suites: campaign.suites, missing: [] };
  return { campaign, ...(await suitesForStage(campaign.stage)) };
}

export async function campaignRun(file: string, options: Omit<campaigns.RunCampaignOptions, "suites">) {
  const { campaign, suites } = await openCampaign(file);
  // Every team runs the same suites: each is loaded once, and its index and rows shared by the cells.
  const shared = new SharedSuites();
  const run = async (request: campaigns.CellRequest) => (await readRun((await evaluate({ ...request, suites: shared })).runDir))!;
  const ports = { readRun, evaluate: run };
  return campaigns.runCampaign(campaign, ports, { ...options, suites });
}

export async function campaignStatus(file: string): Promise<CampaignStatus> {
  const { campaign, suites } = await openCampaign(file);
  const dirs = campaign.teams.flatMap((team) => suites.map((suite) => join(campaign.resultsDir, team.name, campaigns.cellName(suite))));
  const runs = new Map(await Promise.all(dirs.map(async (dir) => [dir, await readRun(dir)] as const)));
  return campaigns.campaignStatus(campaign, suites, await campaigns.readCampaignState(campaign.resultsDir), runs);
}

/** Each team's verdict over its runs with items, and the leaderboard; the caller writes the files. */
export async function campaignLeaderboard(file: string): Promise<{ leaderboard: Leaderboard; verdicts: Map<string, Verdict> }> {
  const [{ campaign }, status] = await Promise.all([openCampaign(file), campaignStatus(file)]);
  const verdicts = new Map<string, Verdict>();
  const results: campaigns.TeamResult[] = [];
  for (const team of campaign.teams) {
    const { runs, unfinished } = campaigns.teamCells(status, team.name);
    const dirs = runs.map((run) => join(campaign.resultsDir, run.runDir));
    const reference = campaigns.referenceOf(team);
    const { expert, user } = team.panels;
    const options = { stage: campaign.stage, expert, user, baselinesDir: campaign.baselinesDir, runDirs: dirs, reference };
    const decided = dirs.length ? await verdict(options) : undefined;
    if (decided) verdicts.set(team.name, decided);
    const model = dirs.length ? (await readManifest(dirs[0]!)).endpoint.model : undefined;
    results.push({ team, verdict: decided, runs, unfinished, ...(model ? { model } : {}) });
  }
  return { leaderboard: campaigns.buildLeaderboard(campaign, results), verdicts };
}
