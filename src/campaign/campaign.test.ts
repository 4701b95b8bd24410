import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CampaignFile, CampaignTeam } from "../spec/campaign.js";
import { KfmError } from "../spec/errors.js";
import type { Verdict } from "../spec/verdict.js";
import { loadCampaign } from "./campaign-file.js";
import { buildLeaderboard, type TeamResult } from "./leaderboard.js";
import { runCampaign, type CampaignPorts, type CellRequest, type RunState } from "./run-campaign.js";
import { readCampaignState } from "./state-file.js";
import { campaignStatus } from "./status.js";

const folder = () => mkdtemp(join(tmpdir(), "kfm-campaign-unit-"));

async function campaignAt(text: string): Promise<{ dir: string; file: string }> {
  const dir = await folder();
  const file = join(dir, "review.yaml");
  await writeFile(file, text);
  return { dir, file };
}

const minimal = ["kfm: campaign/v1", "stage: first-review-2025-12", "teams:", "  - { name: a, endpoint: sim }", ""].join("\n");

describe("the campaign file", () => {
  it("resolves its folders against the file and names the results folder after the campaign", async () => {
    const { dir, file } = await campaignAt(
      minimal
        .replace(
          "teams:",
          "data: ./data\nconfig: kfm.yaml\nstage: ../stages/s.yaml\nsuites: [kmmlu, ./mine/suite.yaml]\nselection: { sample: 10 }\nteams:",
        )
        .replace("stage: first-review-2025-12\n", ""),
    );
    const campaign = await loadCampaign(file);
    expect(campaign.name).toBe("review");
    expect(campaign.resultsDir).toBe(join(dir, "results", "review"));
    expect(campaign.dataDir).toBe(join(dir, "data"));
    expect(campaign.configFile).toBe(join(dir, "kfm.yaml"));
    expect(campaign.stage).toBe(join(dir, "..", "stages", "s.yaml"));
    expect(campaign.suites).toEqual(["kmmlu", join(dir, "mine", "suite.yaml")]);
    expect(campaign.selection).toEqual({ sample: 10 });
    expect(campaign.teams).toEqual([{ name: "a", endpoint: "sim", panels: {} }]);
  });

  it("maps a team's settings and declared comparison model", async () => {
    const { file } = await campaignAt(
      minimal.replace(
        "  - { name: a, endpoint: sim }",
        [
          "  - name: team-b",
          "    endpoint: https://team-b.example/v1",
          "    model: b-32b",
          "    api_key_env: TEAM_B_KEY",
          "    concurrency: 32",
          "    requests_per_minute: 600",
          "    comparison_model: GPT-5.1",
          "    panels: { expert: 81.5 }",
        ].join("\n"),
      ),
    );
    expect((await loadCampaign(file)).teams).toEqual([
      {
        name: "team-b",
        endpoint: "https://team-b.example/v1",
        model: "b-32b",
        apiKeyEnv: "TEAM_B_KEY",
        concurrency: 32,
        requestsPerMinute: 600,
        comparisonModel: "GPT-5.1",
        panels: { expert: 81.5 },
      },
    ]);
  });

  it.each([
    ["two teams of one name", `${minimal}  - { name: a, endpoint: sim }\n`, ':5 (teams.1.name): team "a" is named twice (also teams[0])'],
    [
      "a base URL without its model",
      minimal.replace("endpoint: sim", "endpoint: http://x:8000/v1"),
      ':4 (teams.0.endpoint): team "a": a base URL needs a model',
    ],
    ["a mistyped key", minimal.replace("stage:", "stag:"), ':2 (stag): unknown key "stag" (did you mean "stage"?)'],
    [
      "a key instead of its variable",
      minimal.replace("endpoint: sim", "endpoint: sim, api_key_env: sk-123"),
      ":4 (teams[0].api_key_env): name the environment variable",
    ],
    ["a panel score out of range", minimal.replace("endpoint: sim", "endpoint: sim, panels: { user: 120 }"), ":4 (teams[0].panels.user)"],
  ])("refuses %s, naming file, line and field", async (_, text, expected) => {
    const { file } = await campaignAt(text);
    const error = await loadCampaign(file).catch((caught: unknown) => caught);
    expect(KfmError.isInstance(error) && error.isUserError).toBe(true);
    expect((error as Error).message).toContain(`${file}${expected}`);
  });
});

function team(name: string, panels: CampaignTeam["panels"] = { expert: 50, user: 50 }): CampaignTeam {
  return { name, endpoint: "sim", panels };
}

function verdictWith(total: number, decision: Verdict["overall"]["decision"], panelsMissing: Array<"expert" | "user"> = []): Verdict {
  return {
    rule: "best",
    asOf: "2025-12-30",
    window: "6mo",
    threshold: 0.95,
    benchmarks: [],
    overall: { decision, decidedBy: "ratio-of-averages", ratioOfAverages: { estimate: total / 100, low: 0, high: 1 }, benchmarks: [] },
    stage: {
      id: "s",
      title: "Stage",
      file: "s.yaml",
      missing: [],
      ignored: [],
      scorecard: {
        benchmarkPoints: total - 30,
        total,
        maximum: 100,
        points: { benchmarks: 40, expert: 35, user: 25 },
        panelsMissing,
      },
    },
  } as unknown as Verdict;
}

const campaign = { name: "c", stage: "s" } as CampaignFile;
const result = (name: string, verdict: Verdict | undefined, unfinished: TeamResult["unfinished"] = []): TeamResult => ({
  team: team(name),
  verdict,
  runs: [],
  unfinished,
});

describe("the leaderboard", () => {
  it("ranks by total and draws the cut line above the last team", () => {
    const board = buildLeaderboard(campaign, [
      result("low", verdictWith(41, "FAIL")),
      result("high", verdictWith(77, "PASS")),
      result("mid", verdictWith(60, "INCONCLUSIVE")),
    ]);
    expect(board.rows.map((row) => [row.rank, row.team, row.belowCut])).toEqual([
      [1, "high", false],
      [2, "mid", false],
      [3, "low", true],
    ]);
    expect(board.cut).toEqual(["low"]);
    expect(board.provisional).toBe(false);
  });

  it("draws no cut on a tie at the line, and says so", () => {
    const board = buildLeaderboard(campaign, [
      result("a", verdictWith(70, "PASS")),
      result("b", verdictWith(50, "FAIL")),
      result("c", verdictWith(50, "FAIL")),
    ]);
    expect(board.rows.map((row) => row.rank)).toEqual([1, 2, 2]);
    expect(board.cut).toEqual([]);
    expect(board.notes).toContainEqual({ kind: "tie-at-cut", teams: ["b", "c"] });
    expect(board.provisional).toBe(true);
  });

  it("is provisional while a team's runs are unfinished or a panel is unscored; a team with no run is INCONCLUSIVE, never PASS", () => {
    const board = buildLeaderboard(campaign, [
      result("scored", verdictWith(70, "PASS", ["user"])),
      result("nothing-yet", undefined, [{ suite: "kmmlu", state: "failed" }]),
    ]);
    expect(board.rows.find((row) => row.team === "nothing-yet")).toMatchObject({ decision: "INCONCLUSIVE", belowCut: true });
    expect(board.notes).toEqual([
      { kind: "unfinished", teams: ["nothing-yet"] },
      { kind: "panels-missing", teams: ["scored"] },
    ]);
    expect(board.provisional).toBe(true);
  });

  it("one team: a self-check with no cut", () => {
    const board = buildLeaderboard(campaign, [result("solo", verdictWith(70, "PASS"))]);
    expect(board.cut).toEqual([]);
    expect(board.notes).toEqual([{ kind: "one-team" }]);
    expect(board.provisional).toBe(false);
  });
});

/** Ports that implement the campaign's contract over an in-memory table of run directories. */
function fakePorts(runs: Map<string, RunState>, fail: Record<string, KfmError> = {}) {
  const calls: CellRequest[] = [];
  const ports: CampaignPorts = {
    readRun: async (dir) => runs.get(dir),
    evaluate: async (request) => {
      calls.push(request);
      const dir = request.resume ?? join(request.outDir!, request.runId!);
      const failure = fail[dir];
      if (failure) throw failure;
      const run: RunState = { status: "complete", done: 10, errors: 0, total: 10, selection: {} };
      runs.set(dir, run);
      return run;
    },
  };
  return { ports, calls };
}

describe("running a campaign", () => {
  it("skips what is done, resumes what is partial, starts what is missing, and records failures with their cause", async () => {
    const resultsDir = await folder();
    const file: CampaignFile = {
      kfm: "campaign/v1",
      file: join(resultsDir, "c.yaml"),
      name: "c",
      stage: "s",
      selection: {},
      resultsDir,
      judge: { endpoint: "judge-endpoint", model: "judge-1" },
      userSimulator: { endpoint: "user-endpoint", model: "user-1" },
      teams: [{ ...team("a"), concurrency: 3, requestsPerMinute: 60 }, team("b")],
    };
    const at = (teamName: string, suite: string) => join(resultsDir, teamName, suite);
    const runs = new Map<string, RunState>([
      [at("a", "one"), { status: "complete", done: 10, errors: 0, total: 10, selection: {} }],
      [at("a", "two"), { status: "partial", done: 4, errors: 1, total: 10, selection: {} }],
    ]);
    await mkdir(join(resultsDir, "b"), { recursive: true });
    const { ports, calls } = fakePorts(runs, {
      [at("b", "two")]: new KfmError("data", "suite two needs supplied data", { hint: "Pass data: <folder>." }),
    });
    const stop = new AbortController();
    const cells = await runCampaign(file, ports, { suites: ["one", "two"], stopSignal: stop.signal, abortSignal: stop.signal });

    expect(cells.map((cell) => `${cell.team}/${cell.suite}:${cell.state}`)).toEqual([
      "a/one:done",
      "a/two:done",
      "b/one:done",
      "b/two:missing-data",
    ]);
    // Teams run side by side: the order between them is not fixed.
    expect(calls.map((call) => call.resume ?? `new ${call.outDir}/${call.suite}`).sort()).toEqual(
      [at("a", "two"), `new ${join(resultsDir, "b")}/one`, `new ${join(resultsDir, "b")}/two`].sort(),
    );
    // Every cell gets the campaign's judge and simulated user (tau2-bench Telecom's --user-sim).
    expect(calls.find((call) => call.resume)).toMatchObject({
      endpoint: "sim",
      concurrency: 3,
      requestsPerMinute: 60,
      judge: "judge-endpoint",
      judgeModel: "judge-1",
      userSim: "user-endpoint",
      userSimModel: "user-1",
    });
    const state = await readCampaignState(resultsDir);
    expect(state?.pid).toBeUndefined();
    expect(state?.cells["b/two"]).toMatchObject({ state: "missing-data", problem: { code: "data", hint: "Pass data: <folder>." } });

    const status = campaignStatus(file, ["one", "two"], state, runs);
    expect(status.running).toBe(false);
    expect(status.cells.find((cell) => cell.suite === "two" && cell.team === "b")).toMatchObject({
      state: "missing-data",
      action: `Pass data: <folder>. (the campaign's data: folder); then: kfm campaign run ${file.file}`,
    });
  });

  it("does not resume a run started with another selection, and starts nothing once stopped", async () => {
    const resultsDir = await folder();
    const file = {
      kfm: "campaign/v1",
      file: "c.yaml",
      name: "c",
      stage: "s",
      selection: { sample: 50 },
      resultsDir,
      teams: [team("a")],
    } as CampaignFile;
    const runs = new Map<string, RunState>([
      [join(resultsDir, "a", "one"), { status: "partial", done: 3, errors: 0, total: 20, selection: { sample: 20 } }],
    ]);
    const { ports, calls } = fakePorts(runs);
    const stop = new AbortController();
    const [cell] = await runCampaign(file, ports, { suites: ["one"], stopSignal: stop.signal, abortSignal: stop.signal });
    expect(cell).toMatchObject({ state: "failed", problem: { code: "usage" } });
    stop.abort();
    expect(await runCampaign(file, ports, { suites: ["two"], stopSignal: stop.signal, abortSignal: stop.signal })).toEqual([]);
    expect(calls).toEqual([]);
    expect(JSON.parse(await readFile(join(resultsDir, "campaign-state.json"), "utf8")).kfm).toBe("campaign-state/v1");
  });
});
