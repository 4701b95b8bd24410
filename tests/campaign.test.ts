import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { findLeaderboards } from "../src/campaign/find-leaderboards.js";
import { describe, expect, it } from "vitest";
import type { CampaignStatus, Leaderboard } from "../src/spec/campaign.js";
import type { RunManifest } from "../src/spec/run.js";
import { runKfm, startKfm, temporaryDirectory } from "./helpers/cli.js";

/** Two simulated teams (real loopback servers started by kfm), one clearly better, on two small suites. */
async function campaignFolder(): Promise<string> {
  const dir = await temporaryDirectory("kfm-campaign-");
  await writeFile(
    join(dir, "stage.yaml"),
    [
      "kfm: stage/v1",
      "id: mini-review",
      "title: A two-benchmark review",
      'as_of: "2025-12-30"',
      "benchmarks:",
      "  - { benchmark: KMMLU, weight: 1 }",
      "  - { benchmark: HRM8K, weight: 1 }",
      "scorecard: { benchmarks: 40, expert: 35, user: 25 }",
      "",
    ].join("\n"),
  );
  await writeFile(
    join(dir, "kfm.yaml"),
    [
      "endpoints:",
      "  alpha:",
      "    adapter: simulated",
      "    model: alpha-32b",
      "    concurrency: 2",
      "    simulation: { seed: 1, accuracy: 0.9, noAnswerRate: 0, latency: { meanMs: 40 } }",
      "  beta:",
      "    adapter: simulated",
      "    model: beta-8b",
      "    concurrency: 2",
      // Slower, so the kill below finds it mid-run.
      "    simulation: { seed: 2, accuracy: 0.4, noAnswerRate: 0, latency: { meanMs: 200 } }",
      "",
    ].join("\n"),
  );
  await writeFile(
    join(dir, "campaign.yaml"),
    [
      "kfm: campaign/v1",
      "name: mini",
      "stage: ./stage.yaml",
      "suites: [kmmlu, hrm8k]",
      "selection: { sample: 24 }",
      "config: ./kfm.yaml",
      "results: ./results",
      "teams:",
      "  - name: alpha",
      "    endpoint: alpha",
      "    panels: { expert: 80, user: 70 }",
      "  - name: beta",
      "    endpoint: beta",
      "    panels: { expert: 60, user: 65 }",
      "",
    ].join("\n"),
  );
  return dir;
}

async function lineCount(file: string): Promise<number> {
  return existsSync(file) ? (await readFile(file, "utf8")).split("\n").filter(Boolean).length : 0;
}

async function statusOf(file: string): Promise<CampaignStatus> {
  const result = await runKfm(["campaign", "status", file, "--json"]);
  return JSON.parse(result.stdout) as CampaignStatus;
}

describe("kfm campaign", () => {
  it("a mistake in the campaign file names file, line and field, with the key it meant; exit 2, no stack", async () => {
    const dir = await campaignFolder();
    const file = join(dir, "campaign.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replace("    endpoint: beta\n", "    endpoint: beta\n    concurency: 4\n"));
    const result = await runKfm(["campaign", "run", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:14 (teams[1].concurency): unknown key "concurency" (did you mean "concurrency"?)`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("runs two teams on two suites, survives a kill, continues where it stopped, and ranks the teams with the cut line", async () => {
    const dir = await campaignFolder();
    const file = join(dir, "campaign.yaml");
    const results = join(dir, "results");

    // Killed (as a crash would) once a few items are written: the status then shows what is left.
    const first = startKfm(["campaign", "run", file]);
    const firstItems = join(results, "beta", "kmmlu", "items.jsonl");
    while ((await lineCount(firstItems)) < 3) await new Promise((resolve) => setTimeout(resolve, 50));
    const during = await statusOf(file);
    expect(during.running).toBe(true);
    expect(during.cells.some((cell) => cell.state === "running")).toBe(true);
    first.child.kill("SIGKILL");
    await first.done;

    const after = await statusOf(file);
    expect(after.running).toBe(false);
    expect(after.cells).toHaveLength(4);
    const left = after.cells.filter((cell) => cell.state !== "done");
    expect(left.length).toBeGreaterThan(0);
    for (const cell of left) {
      expect(["partial", "not-started"]).toContain(cell.state);
      expect(cell.action).toContain(`kfm campaign run ${file}`);
    }
    const partialBefore = after.cells.find((cell) => cell.team === "beta" && cell.suite === "kmmlu")!;
    expect(partialBefore.state === "partial" || partialBefore.state === "done").toBe(true);
    const manifestBefore = JSON.parse(await readFile(join(results, "beta", "kmmlu", "manifest.json"), "utf8")) as RunManifest;

    const second = await runKfm(["campaign", "run", file]);
    expect(second.stderr).not.toMatch(/\n\s+at /);
    expect(second.code).toBe(0);
    const done = await statusOf(file);
    expect(done.cells.map((cell) => `${cell.team}/${cell.suite}:${cell.state}:${cell.done}/${cell.total}`).sort()).toEqual([
      "alpha/hrm8k:done:24/24",
      "alpha/kmmlu:done:24/24",
      "beta/hrm8k:done:24/24",
      "beta/kmmlu:done:24/24",
    ]);
    // The interrupted run was continued, not restarted: same run, every item once in its final form.
    const manifestAfter = JSON.parse(await readFile(join(results, "beta", "kmmlu", "manifest.json"), "utf8")) as RunManifest;
    expect(manifestAfter.startedAt).toBe(manifestBefore.startedAt);
    const ids = (await readFile(firstItems, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(new Set(ids).size).toBe(24);
    expect(await readdir(join(results, "beta"))).toEqual(["hrm8k", "kmmlu"]);

    const report = await runKfm(["campaign", "report", file, "--json"]);
    expect(report.code).toBe(0);
    const board = JSON.parse(report.stdout) as Leaderboard;
    expect(board.kfm).toBe("leaderboard/v1");
    expect(board.rows.map((row) => [row.rank, row.team, row.belowCut])).toEqual([
      [1, "alpha", false],
      [2, "beta", true],
    ]);
    expect(board.cut).toEqual(["beta"]);
    expect(board.provisional).toBe(false);
    const [alpha, beta] = board.rows;
    expect(alpha!.model).toBe("alpha-32b");
    expect(alpha!.benchmarks.map((benchmark) => benchmark.benchmark)).toEqual(["KMMLU", "HRM8K"]);
    expect(alpha!.scorecard!.expert).toBeCloseTo(28);
    expect(alpha!.scorecard!.user).toBeCloseTo(17.5);
    expect(alpha!.scorecard!.total).toBeCloseTo(alpha!.scorecard!.benchmarks + 28 + 17.5);
    expect(alpha!.scorecard!.benchmarks).toBeGreaterThan(beta!.scorecard!.benchmarks);
    expect(beta!.decision).toBe("FAIL");
    expect(alpha!.runs).toEqual([
      { suite: "kmmlu", runDir: "alpha/kmmlu" },
      { suite: "hrm8k", runDir: "alpha/hrm8k" },
    ]);
    expect(existsSync(join(results, "alpha", "verdict.json"))).toBe(true);
    const markdown = await readFile(join(results, "leaderboard.md"), "utf8");
    expect(markdown.indexOf("[alpha](#alpha)")).toBeLessThan(markdown.indexOf("cut line"));
    expect(markdown.indexOf("cut line")).toBeLessThan(markdown.indexOf("[beta](#beta)"));
    expect(await readFile(join(results, "leaderboard.html"), "utf8")).toContain('<a href="alpha/kmmlu/">kmmlu</a>');
    // kfm view's Campaigns page finds the leaderboard the report wrote, from the campaign's folder.
    const search = await findLeaderboards(dir);
    expect(search.found.map((entry) => [relative(dir, entry.file), entry.board.rows.length])).toEqual([["results/leaderboard.json", 2]]);
    expect(search.skipped).toEqual([]);
  }, 120_000);
});
