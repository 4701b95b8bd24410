/**
 * A stage review run as one campaign: every team's endpoint on every suite of the stage, then a
 * leaderboard. The campaign file, the state of each team × suite cell, and the leaderboard, as data.
 */
import type { Decision, Interval } from "./verdict.js";

/** An endpoint as the campaign names it: a name from kfm.yaml, `sim`, or a base URL (with its model). */
export interface CampaignEndpoint {
  endpoint: string;
  model?: string;
}

export interface CampaignTeam extends CampaignEndpoint {
  /** The team's folder under the results folder: letters, digits, '.', '_' and '-'. */
  name: string;
  /** The environment variable holding this team's key (never the key). */
  apiKeyEnv?: string;
  /** Requests in flight to this team's endpoint (default: the endpoint's own). */
  concurrency?: number;
  requestsPerMinute?: number;
  /** The comparison model the team declared: its verdict's reference is `target:<model>`. */
  comparisonModel?: string;
  /** Panel scores, 0–100, when the panels have given them. */
  panels: { expert?: number; user?: number };
}

/** A campaign file (`kfm: campaign/v1`), checked, with its paths resolved against the file's folder. */
export interface CampaignFile {
  kfm: "campaign/v1";
  /** The campaign file, absolute. */
  file: string;
  name: string;
  /** A stage profile id, or the absolute path of a stage YAML. */
  stage: string;
  /** Suite ids or absolute paths; absent: the stage's suites. */
  suites?: string[];
  /** Applied to every suite: a seeded stratified sample and/or the first n items. */
  selection: { sample?: number; seed?: number; limit?: number };
  resultsDir: string;
  dataDir?: string;
  /** The kfm.yaml whose endpoint names the teams, judge and user simulator may use. */
  configFile?: string;
  /** The baseline registry folder (default: kfm's own). */
  baselinesDir?: string;
  judge?: CampaignEndpoint;
  /** The simulated user of conversational suites; recorded with the campaign. */
  userSimulator?: CampaignEndpoint;
  teams: CampaignTeam[];
}

/** What a campaign knows about one team × suite cell. */
export type CellState = "done" | "running" | "partial" | "failed" | "missing-data" | "not-started";

/** Why a cell failed, as the error said it; `hint` is what to do. */
export interface CellProblem {
  code: string;
  message: string;
  hint?: string;
}

export interface CellStatus {
  team: string;
  suite: string;
  state: CellState;
  runDir: string;
  /** Items answered (not errored) of the selection, when a run directory exists. */
  done?: number;
  total?: number;
  /** Items that ended in an endpoint error (a rerun of the campaign retries them). */
  errors?: number;
  problem?: CellProblem;
  /** What to do about this cell, when anything. */
  action?: string;
}

/** `campaign-state.json`: written as each cell starts and ends, read by `kfm campaign status`. */
export interface CampaignState {
  kfm: "campaign-state/v1";
  campaign: string;
  /** The process running the campaign, while it runs. */
  pid?: number;
  startedAt: string;
  updatedAt: string;
  /** Suites in the order they run. */
  suites: string[];
  cells: Record<string, Omit<CellStatus, "action">>;
}

export interface CampaignStatus {
  campaign: string;
  resultsDir: string;
  teams: string[];
  suites: string[];
  /** A campaign process is running now. */
  running: boolean;
  cells: CellStatus[];
}

/** One benchmark of a team's scorecard. */
export interface LeaderboardBenchmark {
  benchmark: string;
  decision: Decision | "NO-REFERENCE";
  /** The team's score, 0–100, with its interval. */
  team: Interval & { items?: number };
  reference?: { score: number; rule: string; models: string[] };
  ratio?: Interval;
}

export interface LeaderboardRow {
  /** 1 is first; teams with equal totals share a rank. */
  rank: number;
  team: string;
  model?: string;
  decision: Decision;
  /** The overall ratio to the reference that decided, with its interval. */
  ratio?: Interval;
  /** The reference rule the team was judged against (`target:<model>` for a declared comparison model). */
  reference: string;
  /** The stage's 100-point scorecard; absent when the stage profile has none (then the ratio ranks). */
  scorecard?: {
    benchmarks: number;
    expert?: number;
    user?: number;
    total: number;
    maximum: number;
    points: { benchmarks: number; expert: number; user: number };
    panelsMissing: Array<"expert" | "user">;
  };
  benchmarks: LeaderboardBenchmark[];
  /** Stage benchmarks without a finished run: they earn nothing. */
  missing: string[];
  /** Cells of this team that are not done (the leaderboard is provisional while any remain). */
  unfinished: Array<{ suite: string; state: CellState }>;
  /** Below the cut line: the team the review drops. */
  belowCut: boolean;
  /** Paths relative to the leaderboard: the team's verdict and its run directories. */
  verdictFile: string;
  runs: Array<{ suite: string; runDir: string }>;
}

/** Why the ranking or the cut is not final, as data; reports word it. */
export type LeaderboardNote =
  | { kind: "tie-at-cut"; teams: string[] }
  | { kind: "panels-missing"; teams: string[] }
  | { kind: "unfinished"; teams: string[] }
  | { kind: "one-team" };

export interface Leaderboard {
  kfm: "leaderboard/v1";
  campaign: string;
  stage: { id: string; title: string; asOf: string; window: string; threshold: number };
  generatedAt: string;
  rows: LeaderboardRow[];
  /** The teams below the cut line (one per review), or none when there is a single team or a tie at the cut. */
  cut: string[];
  /** The cut is final only when every cell is done, every panel scored and there is no tie at the line. */
  provisional: boolean;
  notes: LeaderboardNote[];
}

/** A leaderboard.json found under a results folder: `id` is its folder relative to that folder ("." for the folder itself). */
export interface FoundLeaderboard {
  id: string;
  file: string;
  board: Leaderboard;
}

/** What a search for leaderboards found, and the files it passed over with the reason. */
export interface LeaderboardSearch {
  found: FoundLeaderboard[];
  skipped: Array<{ file: string; why: string }>;
}
