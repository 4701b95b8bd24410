import type {
  CampaignFile,
  CampaignStatus,
  CampaignTeam,
  CellState,
  Leaderboard,
  LeaderboardNote,
  LeaderboardRow,
} from "../spec/campaign.js";
import type { Verdict } from "../spec/verdict.js";

/** One team's part of the leaderboard: its verdict over its finished runs (none yet: undefined). */
export interface TeamResult {
  team: CampaignTeam;
  model?: string;
  verdict: Verdict | undefined;
  runs: Array<{ suite: string; runDir: string }>;
  unfinished: Array<{ suite: string; state: CellState }>;
}

/** The rule a team is judged by: its declared comparison model, or the stage's. */
export function referenceOf(team: CampaignTeam): string | undefined {
  return team.comparisonModel ? `target:${team.comparisonModel}` : undefined;
}

function rowOf(result: TeamResult): Omit<LeaderboardRow, "rank" | "belowCut"> {
  const { team, verdict } = result;
  const card = verdict?.stage?.scorecard;
  return {
    team: team.name,
    ...(result.model ? { model: result.model } : {}),
    // No finished run: nothing is known, and nothing unknown may pass.
    decision: verdict?.overall.decision ?? "INCONCLUSIVE",
    ...(verdict?.overall.ratioOfAverages && verdict.overall.decidedBy === "ratio-of-averages"
      ? { ratio: verdict.overall.ratioOfAverages }
      : verdict?.overall.meanOfRatios
        ? { ratio: verdict.overall.meanOfRatios }
        : {}),
    reference: verdict?.rule ?? referenceOf(team) ?? "the stage's",
    ...(card
      ? {
          scorecard: {
            benchmarks: card.benchmarkPoints,
            ...(card.expertPoints !== undefined ? { expert: card.expertPoints } : {}),
            ...(card.userPoints !== undefined ? { user: card.userPoints } : {}),
            total: card.total,
            maximum: card.maximum,
            points: card.points,
            panelsMissing: card.panelsMissing,
          },
        }
      : {}),
    benchmarks: (verdict?.benchmarks ?? []).map((benchmark) => ({
      benchmark: benchmark.benchmark,
      decision: benchmark.decision,
      team: {
        estimate: benchmark.team.estimate,
        low: benchmark.team.low,
        high: benchmark.team.high,
        ...(benchmark.team.items !== undefined ? { items: benchmark.team.items } : {}),
      },
      ...(benchmark.reference
        ? {
            reference: {
              score: benchmark.reference.estimate,
              rule: benchmark.reference.rule,
              models: benchmark.reference.models.map((model) => model.model),
            },
          }
        : {}),
      ...(benchmark.ratio ? { ratio: benchmark.ratio } : {}),
    })),
    missing: verdict?.stage?.missing ?? [],
    unfinished: result.unfinished,
    verdictFile: `${team.name}/verdict.json`,
    runs: result.runs,
  };
}

/** What ranks a team: its scorecard total, or (a stage without a scorecard) its ratio to the reference. */
const standing = (row: Omit<LeaderboardRow, "rank" | "belowCut">) => row.scorecard?.total ?? (row.ratio ? row.ratio.estimate * 100 : 0);

/**
 * Ranks the teams by their scorecard totals and draws the cut line: the last team is dropped. The cut
 * is provisional while a cell is unfinished or a panel unscored, and undecided on a tie at the line.
 */
export function buildLeaderboard(campaign: CampaignFile, results: TeamResult[], generatedAt = new Date().toISOString()): Leaderboard {
  const unranked = results.map(rowOf).sort((a, b) => standing(b) - standing(a) || a.team.localeCompare(b.team));
  const rows: LeaderboardRow[] = [];
  unranked.forEach((row, index) => {
    const previous = rows[index - 1];
    const rank = previous && standing(previous) === standing(row) ? previous.rank : index + 1;
    rows.push({ ...row, rank, belowCut: false });
  });
  const notes: LeaderboardNote[] = [];
  let cut: string[] = [];
  if (rows.length === 1) notes.push({ kind: "one-team" });
  else {
    const lastRank = rows.at(-1)!.rank;
    const atLine = rows.filter((row) => row.rank === lastRank).map((row) => row.team);
    if (atLine.length > 1) notes.push({ kind: "tie-at-cut", teams: atLine });
    else cut = atLine;
  }
  for (const row of rows) row.belowCut = cut.includes(row.team);
  const unfinished = rows.filter((row) => row.unfinished.length > 0).map((row) => row.team);
  if (unfinished.length) notes.push({ kind: "unfinished", teams: unfinished });
  const unscored = rows.filter((row) => (row.scorecard?.panelsMissing.length ?? 0) > 0).map((row) => row.team);
  if (unscored.length) notes.push({ kind: "panels-missing", teams: unscored });
  const first = results.find((result) => result.verdict)?.verdict;
  return {
    kfm: "leaderboard/v1",
    campaign: campaign.name,
    stage: {
      id: first?.stage?.id ?? campaign.stage,
      title: first?.stage?.title ?? campaign.stage,
      asOf: first?.asOf ?? "",
      window: first?.window ?? "",
      threshold: first?.threshold ?? 0.95,
    },
    generatedAt,
    rows,
    cut,
    provisional: notes.some((note) => note.kind !== "one-team"),
    notes,
  };
}

/** A team's runs with items (judged as they are) and its cells not done, from the status matrix. */
export function teamCells(status: CampaignStatus, team: string): Pick<TeamResult, "runs" | "unfinished"> {
  const cells = status.cells.filter((cell) => cell.team === team);
  return {
    runs: cells.filter((cell) => (cell.done ?? 0) > 0).map((cell) => ({ suite: cell.suite, runDir: `${team}/${cell.suite}` })),
    unfinished: cells.filter((cell) => cell.state !== "done").map((cell) => ({ suite: cell.suite, state: cell.state })),
  };
}
