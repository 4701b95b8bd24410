import { buildLeaderboard, type TeamResult } from "../leaderboard.js";
import type { CampaignFile, Leaderboard } from "../../spec/campaign.js";
import type { BenchmarkVerdict, Verdict } from "../../spec/verdict.js";

/** A team for a fixture leaderboard: its total out of 100, its KMMLU ratio, the suites it ran. */
export interface FixtureTeam {
  name: string;
  total: number;
  decision: Verdict["overall"]["decision"];
  ratio: number;
  suites?: string[];
}

function benchmark(ratio: number, decision: Verdict["overall"]["decision"]): BenchmarkVerdict {
  return {
    benchmark: "KMMLU",
    team: { estimate: 60 * ratio, low: 60 * ratio - 2, high: 60 * ratio + 2, items: 24, source: "run", selfReported: false },
    reference: {
      estimate: 60,
      low: 59,
      high: 61,
      rule: "best",
      models: [{ model: "GPT-5.1", vendor: "OpenAI", score: 60, releaseDate: "2025-11-12", citation: "c", provenance: "primary" }],
      uncertainty: { kind: "exact" },
    },
    ratio: { estimate: ratio, low: ratio - 0.05, high: ratio + 0.05 },
    decision,
    excluded: [],
    notes: [],
  };
}

/** The parts of a verdict the leaderboard reads, typed as the verdict declares them. */
function verdictOf(team: FixtureTeam): Verdict {
  const verdict: Pick<Verdict, "rule" | "asOf" | "window" | "threshold" | "benchmarks" | "overall" | "stage"> = {
    rule: "best",
    asOf: "2025-12-30",
    window: "6mo",
    threshold: 0.95,
    benchmarks: [benchmark(team.ratio, team.decision)],
    overall: {
      decision: team.decision,
      decidedBy: "ratio-of-averages",
      ratioOfAverages: { estimate: team.ratio, low: team.ratio - 0.05, high: team.ratio + 0.05 },
      benchmarks: ["KMMLU"],
    },
    stage: {
      id: "mini-review",
      title: "A two-benchmark review",
      file: "stage.yaml",
      missing: ["HRM8K"],
      ignored: [],
      scorecard: {
        benchmarkPoints: team.total - 50,
        expertPoints: 28,
        userPoints: 22,
        total: team.total,
        maximum: 100,
        points: { benchmarks: 40, expert: 35, user: 25 },
        panelsMissing: [],
      },
    },
  };
  return verdict as Verdict;
}

/** A leaderboard as kfm campaign report builds it, for the teams given (each team's runs under `<team>/<suite>`). */
export function fixtureLeaderboard(name: string, teams: FixtureTeam[], generatedAt = "2026-12-01T09:30:00.000Z"): Leaderboard {
  const campaign = { kfm: "campaign/v1", name, stage: "mini-review" } as CampaignFile;
  const results: TeamResult[] = teams.map((team) => ({
    team: { name: team.name, endpoint: "sim", panels: { expert: 80, user: 88 } },
    verdict: verdictOf(team),
    runs: (team.suites ?? []).map((suite) => ({ suite, runDir: `${team.name}/${suite}` })),
    unfinished: [],
  }));
  return buildLeaderboard(campaign, results, generatedAt);
}
