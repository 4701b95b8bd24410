import { join } from "node:path";
import type { CampaignFile, CampaignState, CampaignStatus, CellStatus } from "../spec/campaign.js";
import { cellName } from "./campaign-file.js";
import { isDone, selectionChanged, type RunState } from "./run-campaign.js";
import { cellKey, processAlive } from "./state-file.js";

/**
 * The matrix team × suite: what each cell's run directory says (the truth on disk), with what the
 * last campaign process recorded (failures and their causes, what it was running when it stopped).
 */
export function campaignStatus(
  campaign: CampaignFile,
  suites: string[],
  state: CampaignState | undefined,
  runs: ReadonlyMap<string, RunState | undefined>,
): CampaignStatus {
  const running = processAlive(state?.pid);
  const rerun = `kfm campaign run ${campaign.file}`;
  const cells: CellStatus[] = [];
  for (const team of campaign.teams) {
    for (const suite of suites.map(cellName)) {
      const runDir = join(campaign.resultsDir, team.name, suite);
      const run = runs.get(runDir);
      const recorded = state?.cells[cellKey(team.name, suite)];
      const counts = run ? { done: run.done, total: run.total, errors: run.errors } : {};
      const base = { team: team.name, suite, runDir, ...counts };
      if (run && selectionChanged(run, campaign.selection))
        cells.push({
          ...base,
          state: "failed",
          problem: { code: "usage", message: `${runDir} was started with another selection than the campaign's (sample/seed/limit)` },
          action: `restore the campaign's selection, or move ${runDir} away and run: ${rerun}`,
        });
      else if (isDone(run)) cells.push({ ...base, state: "done" });
      else if (running && recorded?.state === "running") cells.push({ ...base, state: "running" });
      else if (recorded?.problem && (recorded.state === "failed" || recorded.state === "missing-data"))
        cells.push({
          ...base,
          state: recorded.state,
          problem: recorded.problem,
          action:
            recorded.state === "missing-data"
              ? `${recorded.problem.hint ?? "supply the data"} (the campaign's data: folder${campaign.dataDir ? `, ${campaign.dataDir}` : ""}); then: ${rerun}`
              : `${recorded.problem.hint ?? "fix the cause above"}; then: ${rerun}`,
        });
      else if (run)
        cells.push({
          ...base,
          state: "partial",
          action:
            run.status === "complete"
              ? `${run.errors} items ended in an endpoint error; ${rerun} retries them`
              : `${run.done} of ${run.total} items done; ${rerun} continues it`,
        });
      else cells.push({ ...base, state: "not-started", action: `${rerun} starts it` });
    }
  }
  return {
    campaign: campaign.file,
    resultsDir: campaign.resultsDir,
    teams: campaign.teams.map((team) => team.name),
    suites: suites.map(cellName),
    running,
    cells,
  };
}
