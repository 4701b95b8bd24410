import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ratioBootstrap } from "../src/stats/ratio-bootstrap.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";
import { syntheticRun, verdictOf } from "./helpers/runs.js";

/** A small registry: two KMMLU models and one HRM8K model, with release dates around the window edge. */
async function registry(root: string): Promise<string> {
  const dir = join(root, "baselines");
  await mkdir(dir);
  const entry = (model: string, benchmark: string, score: number, release: string, items?: number) =>
    `- model: ${model}\n  vendor: V\n  global: true\n  release_date: '${release}'\n  release_source: s\n  benchmark: ${benchmark}\n  score: ${score}\n  setting: { shots: 0, reasoning: required }\n${items ? `  items: ${items}\n` : ""}  citation: c\n  measured_by: published\n`;
  await writeFile(
    join(dir, "r.yaml"),
    entry("Global-A", "KMMLU", 80, "2026-06-01", 35030) +
      entry("Global-B", "KMMLU", 76, "2026-09-01", 35030) +
      entry("Global-M", "HRM8K", 60, "2026-08-01") +
      entry("Global-Old", "KMMLU", 90, "2025-01-01", 35030),
  );
  // Its release calendar: the entries are every release (a registry without one cannot PASS: its completeness is unknown).
  await writeFile(
    join(dir, "calendar.yaml"),
    "kfm: calendar/v1\nreviewed_through: '2026-11-23'\nreleases:\n  - { model: Global-M, vendor: V, date: '2026-08-01', date_basis: stated, source: s, irrelevant: [{ benchmark: KMMLU, why: a maths model }] }\n",
  );
  return dir;
}

describe("kfm verdict", () => {
  it("PASS (exit 0), FAIL (exit 1) and INCONCLUSIVE (exit 3), with the reference chosen in the window", async () => {
    const root = await temporaryDirectory();
    const baselines = await registry(root);
    const common = ["--baselines", baselines, "--as-of", "2026-11-23"];
    const pass = await verdictOf([await syntheticRun(root, "pass", "KMMLU", 4000, 3400), ...common]);
    expect(pass.code).toBe(0);
    expect(pass.report!.overall.decision).toBe("PASS");
    const row = pass.report!.benchmarks[0]!;
    expect(row.reference!.models.map((model) => model.model)).toEqual(["Global-A"]);
    expect(row.ratio!.estimate).toBeCloseTo(85 / 80, 6);
    expect(row.reference!.uncertainty.text).toContain("35030 items");
    expect(row.excluded.map((entry) => entry.model)).toEqual(["Global-Old"]);

    const fail = await verdictOf([await syntheticRun(root, "fail", "KMMLU", 4000, 2800), ...common]);
    expect(fail.code).toBe(1);
    expect(fail.report!.overall.decision).toBe("FAIL");

    const close = await verdictOf([await syntheticRun(root, "close", "KMMLU", 300, 231), ...common]);
    expect(close.code).toBe(3);
    expect(close.report!.benchmarks[0]!.decision).toBe("INCONCLUSIVE");
    expect(close.report!.benchmarks[0]!.itemsToSettle).toBeGreaterThan(300);
  });

  it("the target moves: a model released after the as-of date, or aged out of the window, changes the reference", async () => {
    const root = await temporaryDirectory();
    const baselines = await registry(root);
    const run = await syntheticRun(root, "team", "KMMLU", 4000, 3100);
    const before = await verdictOf([run, "--baselines", baselines, "--as-of", "2026-08-31"]);
    expect(before.report!.benchmarks[0]!.reference!.models[0]!.model).toBe("Global-A");
    const later = await verdictOf([run, "--baselines", baselines, "--as-of", "2026-12-15"]);
    expect(later.report!.benchmarks[0]!.reference!.models[0]!.model).toBe("Global-B"); // Global-A aged out
    expect(later.report!.timeline.some((point) => point.model === "Global-A")).toBe(true);
  });

  it("reproduces a ratio-of-averages claim from a self-reported table, marked as having no item-level interval", async () => {
    const root = await temporaryDirectory();
    const baselines = await registry(root);
    // 84/80 and 58/60: the ratio of averages is 142/140 = 101.4% while the mean of ratios is 100.8%.
    await writeFile(
      join(root, "team.yaml"),
      "team: A\nscores:\n  - { benchmark: KMMLU, score: 84, setting: { shots: 0 } }\n  - { benchmark: HRM8K, score: 58 }\n",
    );
    const result = await verdictOf([
      "--scores",
      join(root, "team.yaml"),
      "--baselines",
      baselines,
      "--as-of",
      "2026-11-23",
      "--reference",
      "target:Global-A",
    ]);
    const report = result.report!;
    const kmmlu = report.benchmarks.find((row) => row.benchmark === "KMMLU")!;
    expect(kmmlu.team.selfReported).toBe(true);
    expect(kmmlu.notes.map((note) => note.text).join()).toContain("no item-level interval");
    // HRM8K has no Global-A score: a target rule with no such model leaves it without a reference.
    expect(report.benchmarks.find((row) => row.benchmark === "HRM8K")!.decision).toBe("NO-REFERENCE");

    const both = await verdictOf(["--scores", join(root, "team.yaml"), "--baselines", baselines, "--as-of", "2026-11-23"]);
    expect(both.report!.overall.ratioOfAverages!.estimate).toBeCloseTo(142 / 140, 6);
    expect(both.report!.overall.meanOfRatios!.estimate).toBeCloseTo((84 / 80 + 58 / 60) / 2, 6);
    const hrm = both.report!.benchmarks.find((row) => row.benchmark === "HRM8K")!;
    expect(hrm.reference!.uncertainty).toEqual({ kind: "exact", text: "reference treated as exact: item count unknown" });
  });

  it("bad input exits 2 with a clear message", async () => {
    const root = await temporaryDirectory();
    const run = await syntheticRun(root, "team", "KMMLU", 10, 5);
    for (const args of [
      [run, "--as-of", "2026-13-01"],
      [run, "--window", "half a year"],
      [run, "--reference", "median"],
      [run, "--decide-by", "vibes"],
      [],
    ]) {
      const result = await runKfm(["verdict", ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/kfm: error: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("pairs items when the reference was measured by kfm on the same suite", async () => {
    const root = await temporaryDirectory();
    const hash = `sha256:${"b".repeat(64)}`;
    const team = await syntheticRun(root, "team", "KMMLU", 2000, 1700, hash);
    await syntheticRun(join(root, "runs"), "ref-run", "KMMLU", 2000, 1720, hash);
    const baselines = join(root, "baselines");
    await mkdir(baselines);
    await writeFile(
      join(baselines, "m.yaml"),
      `- model: Measured\n  vendor: V\n  global: true\n  release_date: '2026-10-01'\n  release_source: s\n  benchmark: KMMLU\n  score: 86\n  setting: { shots: 0 }\n  citation: kfm run\n  measured_by: { run: ref-run, suite_hash: '${hash}' }\n`,
    );
    const result = await verdictOf([team, "--baselines", baselines, "--runs-dir", join(root, "runs"), "--as-of", "2026-11-23"]);
    const row = result.report!.benchmarks[0]!;
    expect(row.reference!.uncertainty).toMatchObject({ kind: "paired", items: 2000 });
    // Items overlap almost entirely, so the paired interval is narrow.
    expect(row.ratio!.high - row.ratio!.low).toBeLessThan(0.02);
  });
});

describe("ratioBootstrap", () => {
  it("is deterministic for a seed and widens with fewer items", () => {
    const outcomes = (n: number, p: number) => Uint8Array.from({ length: n }, (_, index) => (index < n * p ? 1 : 0));
    const a = ratioBootstrap([{ team: { outcomes: outcomes(400, 0.75) }, reference: { score: 0.8, items: 35030 } }], { seed: 4 });
    const b = ratioBootstrap([{ team: { outcomes: outcomes(400, 0.75) }, reference: { score: 0.8, items: 35030 } }], { seed: 4 });
    expect(a).toEqual(b);
    const big = ratioBootstrap([{ team: { outcomes: outcomes(10000, 0.75) }, reference: { score: 0.8, items: 35030 } }], { seed: 4 });
    expect(big.ratio[0]!.high - big.ratio[0]!.low).toBeLessThan(a.ratio[0]!.high - a.ratio[0]!.low);
    expect(a.ratio[0]!.estimate).toBeCloseTo(0.9375, 6);
  });
});

describe("kfm verdict explains the window", () => {
  it("says which model is in and which is out, and an empty window is an error that says what to do", async () => {
    const root = await temporaryDirectory();
    const baselines = await registry(root);
    const run = await syntheticRun(root, "team", "KMMLU", 1000, 800);
    const text = await runKfm(["verdict", run, "--baselines", baselines, "--as-of", "2026-11-23"]);
    expect(text.stdout).toContain("Global-A (2026-06-01) is in: released 5.7 months before the as-of date");
    expect(text.stdout).toContain("Global-Old 90 (out: released 2025-01-01, 22.7 months before the as-of date (window 6mo))");
    const empty = await runKfm(["verdict", run, "--baselines", baselines, "--as-of", "2024-06-01"]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("no global model released in the window 2023-12-01 < date <= 2024-06-01");
    expect(empty.stderr).toContain("kfm baselines import");
  });
});

describe("kfm baselines", () => {
  it("import turns a kfm run of a global model into an entry, and the verdict then pairs items with it", async () => {
    const root = await temporaryDirectory();
    const baselines = await registry(root);
    const hash = `sha256:${"c".repeat(64)}`;
    const runs = join(root, "runs");
    const global = await syntheticRun(runs, "global-run", "KMMLU", 1500, 1290, hash);
    const imported = await runKfm([
      "baselines",
      "import",
      global,
      "--model",
      "Global-Measured",
      "--vendor",
      "V",
      "--release-date",
      "2026-10-01",
      "--baselines",
      baselines,
    ]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("added Global-Measured on KMMLU: 86 over 1500 items");
    const again = await runKfm([
      "baselines",
      "import",
      global,
      "--model",
      "Global-Measured",
      "--vendor",
      "V",
      "--release-date",
      "2026-10-01",
      "--baselines",
      baselines,
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("duplicate entry for Global-Measured");
    const team = await syntheticRun(root, "team", "KMMLU", 1500, 1250, hash);
    const result = await verdictOf([team, "--baselines", baselines, "--runs-dir", runs, "--as-of", "2026-11-23"]);
    expect(result.report!.benchmarks[0]!.reference!.models[0]!.model).toBe("Global-Measured");
    expect(result.report!.benchmarks[0]!.reference!.uncertainty.text).toContain("paired bootstrap over 1500 shared items");
    // A team run on a different suite hash is not paired with it.
    const other = await syntheticRun(root, "other", "KMMLU", 1500, 1250, `sha256:${"d".repeat(64)}`);
    const unpaired = await verdictOf([other, "--baselines", baselines, "--runs-dir", runs, "--as-of", "2026-11-23"]);
    expect(unpaired.report!.benchmarks[0]!.reference!.uncertainty.text).toContain("sampling error of the published score over 1500 items");
  });

  it("timeline shows the reference month by month", async () => {
    const root = await temporaryDirectory();
    const baselines = await registry(root);
    const result = await runKfm([
      "baselines",
      "timeline",
      "--benchmark",
      "KMMLU",
      "--as-of",
      "2026-11-23",
      "--months",
      "6",
      "--baselines",
      baselines,
      "--json",
    ]);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as Array<{ date: string; score: number | null; models: string[] }>;
    expect(rows.map((row) => row.score)).toEqual([null, 80, 80, 80, 80, 80, 80]);
    expect(rows.at(-1)!.models).toEqual(["Global-A (2026-06-01)"]);
    expect(rows[0]!.date).toBe("2026-05-31");
  });
});

describe("kfm verdict --stage", () => {
  it("the first stage review: its date and 13 benchmarks, a 100-point scorecard with panel scores", async () => {
    const root = await temporaryDirectory();
    await writeFile(
      join(root, "team.yaml"),
      "team: A\nscores:\n  - { benchmark: KMMLU-Pro, score: 62 }\n  - { benchmark: HRM8K, score: 70 }\n  - { benchmark: IFEval, score: 86 }\n  - { benchmark: CLIcK, score: 74 }\n  - { benchmark: KMMLU, score: 70 }\n",
    );
    const result = await verdictOf([
      "--scores",
      join(root, "team.yaml"),
      "--stage",
      "first-review-2025-12",
      "--expert",
      "80",
      "--user",
      "60",
    ]);
    const report = result.report!;
    expect(report.asOf).toBe("2025-12-30");
    expect(report.stage!.ignored).toEqual([`KMMLU (self-reported (${join(root, "team.yaml")}))`]);
    expect(report.stage!.missing).toHaveLength(9);
    expect(report.stage!.missing).toContain("GPQA-Diamond");
    const ratios = report.benchmarks.map((row) => Math.min(1, row.ratio?.estimate ?? 0));
    const card = report.stage!.scorecard!;
    expect(card.benchmarkPoints).toBeCloseTo((40 * ratios.reduce((a, b) => a + b, 0)) / 13, 6);
    expect(card.expertPoints).toBeCloseTo(28, 6);
    expect(card.userPoints).toBeCloseTo(15, 6);
    expect(card.total).toBeCloseTo(card.benchmarkPoints + 43, 6);
    expect(card.maximum).toBe(100);
    const text = await runKfm(["verdict", "--scores", join(root, "team.yaml"), "--stage", "first-review-2025-12"]);
    expect(text.stdout).toContain("stage first-review-2025-12");
    expect(text.stdout).toContain("expert -/35 (pass --expert)");
  });

  it("a KMMLU-only profile and an unknown stage", async () => {
    const root = await temporaryDirectory();
    const run = await syntheticRun(root, "team", "KMMLU", 1000, 850);
    const kmmlu = await verdictOf([run, "--stage", "kmmlu", "--as-of", "2026-01-15"]);
    expect(kmmlu.report!.benchmarks.map((row) => row.benchmark)).toEqual(["KMMLU"]);
    const unknown = await runKfm(["verdict", run, "--stage", "no-such-stage"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("first-review-2025-12");
  });
});

describe("kfm baselines add", () => {
  it("adds a validated published entry that the verdict then uses, and refuses bad or conflicting ones", async () => {
    const root = await temporaryDirectory();
    const baselines = await registry(root);
    const add = (extra: string[]) =>
      runKfm([
        "baselines",
        "add",
        "--baselines",
        baselines,
        "--model",
        "Global-New",
        "--vendor",
        "V",
        "--benchmark",
        "KMMLU",
        "--release-date",
        "2026-11-01",
        "--release-source",
        "vendor blog",
        "--citation",
        "model card",
        "--shots",
        "0",
        "--reasoning",
        "required",
        ...extra,
      ]);
    const added = await add(["--score", "88", "--items", "35030"]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("added Global-New on KMMLU: 88");
    const run = await syntheticRun(root, "team", "KMMLU", 1000, 850);
    expect(
      (await verdictOf([run, "--baselines", baselines, "--as-of", "2026-11-23"])).report!.benchmarks[0]!.reference!.models[0]!.model,
    ).toBe("Global-New");
    const conflicting = await add(["--score", "90"]);
    expect(conflicting.code).toBe(2);
    expect(conflicting.stderr).toMatch(/conflicting|duplicate/);
    const bad = await add(["--score", "188"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("score");
  });
});
