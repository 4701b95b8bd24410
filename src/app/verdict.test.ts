import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { verdict, type VerdictOptions } from "./verdict.js";
import { failure, fixture, GLOBALS, HASH, writeRun } from "./__fixtures__/verdict-runs.js";

describe("verdict on run directories", () => {
  it("PASS, FAIL and INCONCLUSIVE against the best in-window global model", async () => {
    const { root, baselinesDir } = await fixture(GLOBALS);
    const base = { baselinesDir, asOf: "2026-11-23", seed: 1 };
    const pass = await verdict({ ...base, runDirs: [await writeRun(root, "pass", { items: 4000, correct: 3400 })] });
    const row = pass.benchmarks[0]!;
    expect(pass.overall.decision).toBe("PASS");
    expect(row.reference!.models.map((model) => model.model)).toEqual(["Global-A"]);
    expect(row.ratio!.estimate).toBeCloseTo(85 / 80, 12);
    expect(row.team.low).toBeLessThan(85);
    expect(row.team.high).toBeGreaterThan(85);
    expect(row.reference!.uncertainty.text).toBe("sampling error of the published score over 35030 items");

    const fail = await verdict({ ...base, runDirs: [await writeRun(root, "fail", { items: 4000, correct: 2800 })] });
    expect(fail.overall.decision).toBe("FAIL");
    expect(fail.benchmarks[0]!.ratio!.high).toBeLessThan(0.95);

    const close = await verdict({ ...base, runDirs: [await writeRun(root, "close", { items: 300, correct: 231 })] });
    const inconclusive = close.benchmarks[0]!;
    expect(close.overall.decision).toBe("INCONCLUSIVE");
    expect(inconclusive.ratio!.low).toBeLessThan(0.95);
    expect(inconclusive.ratio!.high).toBeGreaterThanOrEqual(0.95);
    // 0.77/0.80 = 0.9625: the half-width (~0.06) must shrink to the 0.0125 distance, about 20x the items.
    expect(inconclusive.itemsToSettle).toBeGreaterThan(3000);
    expect(inconclusive.itemsToSettle).toBeLessThan(12000);
    expect(inconclusive.notes.map((note) => note.text).join("\n")).toMatch(/about \d+ more items \(\d+ in all\) would settle it/);
  });

  it("overall over several runs, with the items that would settle it", async () => {
    const { root, baselinesDir } = await fixture([
      ...GLOBALS,
      { model: "Global-H", benchmark: "HRM8K", score: 60, released: "2026-08-01", items: 8011 },
    ]);
    const runDirs = [
      await writeRun(root, "kmmlu", { items: 300, correct: 231 }),
      await writeRun(root, "hrm8k", { benchmark: "HRM8K", items: 300, correct: 174 }),
    ];
    const report = await verdict({ baselinesDir, asOf: "2026-11-23", runDirs });
    expect(report.overall.benchmarks).toEqual(["KMMLU", "HRM8K"]);
    expect(report.overall.ratioOfAverages!.estimate).toBeCloseTo((0.77 + 0.58) / (0.8 + 0.6), 12);
    expect(report.overall.meanOfRatios!.estimate).toBeCloseTo((0.77 / 0.8 + 0.58 / 0.6) / 2, 12);
    expect(report.overall.decision).toBe("INCONCLUSIVE");
    expect(report.reasons.find((reason) => reason.startsWith("overall: about"))).toMatch(
      /more team items across the benchmarks \(\d+\.\dx the 600 judged\)/,
    );
  });

  it("lists what it left out and why: out of the window, another setting, not global", async () => {
    const { root, baselinesDir } = await fixture(GLOBALS);
    const report = await verdict({
      baselinesDir,
      asOf: "2026-11-23",
      runDirs: [await writeRun(root, "team", { items: 1000, correct: 800 })],
    });
    const reasons = Object.fromEntries(report.benchmarks[0]!.excluded.map((entry) => [entry.model, entry.reason.text]));
    expect(reasons).toEqual({
      "Global-Old": "out: released 2025-01-01, 22.7 months before the as-of date (window 6mo)",
      "Global-5shot": "setting differs: 5-shot, the run is 0-shot",
      "Korean-Team": "not a global model",
    });
    expect(report.benchmarks[0]!.notes.map((note) => note.text)).toContain(
      "Global-A (2026-06-01) is in: released 5.7 months before the as-of date",
    );
    expect(report.windowStart).toBe("2026-05-23");
    expect(report.boundaryRule).toContain("windowStart < release_date <= asOf");

    const allowed = await verdict({
      baselinesDir,
      asOf: "2026-11-23",
      allowSettingMismatch: true,
      runDirs: [await writeRun(root, "team2", { items: 1000, correct: 800 })],
    });
    expect(allowed.benchmarks[0]!.reference!.models[0]!.model).toBe("Global-5shot");
    expect(allowed.benchmarks[0]!.notes.map((note) => note.text).join()).toContain("allowed by --allow-setting-mismatch");
  });

  it("the reference moves with the as-of date; a model released after it is never used", async () => {
    const { root, baselinesDir } = await fixture(GLOBALS);
    const runDirs = [await writeRun(root, "team", { items: 1000, correct: 780 })];
    const at = async (asOf: string) => (await verdict({ baselinesDir, asOf, runDirs })).benchmarks[0]!.reference!.models[0]!.model;
    expect(await at("2026-08-31")).toBe("Global-A"); // Global-B (2026-09-01) not yet released
    expect(await at("2026-12-01")).toBe("Global-B"); // Global-A aged out on 2026-12-01 (window start, exclusive)
    expect(await at("2026-11-30")).toBe("Global-A");
  });

  it("each reference rule", async () => {
    const { root, baselinesDir } = await fixture(GLOBALS);
    const runDirs = [await writeRun(root, "team", { items: 1000, correct: 780 })];
    const score = async (reference: string) =>
      (await verdict({ baselinesDir, asOf: "2026-11-23", runDirs, reference })).benchmarks[0]!.reference!;
    expect((await score("best")).models.map((model) => model.model)).toEqual(["Global-A"]);
    expect((await score("mean")).models.map((model) => model.model)).toEqual(["Global-A", "Global-B"]);
    expect((await score("top-1")).models).toHaveLength(1);
    const top = await score("top-2");
    expect(top.models).toHaveLength(2);
    expect(top.uncertainty.text).toBe("sampling error of the 2 published scores over their items");
    const target = await score("target:Global-Old");
    expect(target.models[0]!.model).toBe("Global-Old");
    const report = await verdict({ baselinesDir, asOf: "2026-11-23", runDirs, reference: "target:Global-Old" });
    expect(report.benchmarks[0]!.notes.map((note) => note.text).join("\n")).toContain(
      "Global-Old is the declared target but was released 2025-01-01, outside the window",
    );
    expect(report.rule).toBe("target:Global-Old");
    // The mean of Global-A (80) and Global-B (76).
    expect((await score("mean")).estimate).toBeCloseTo(78, 12);
  });

  it("is deterministic for a seed", async () => {
    const { root, baselinesDir } = await fixture(GLOBALS);
    const options = {
      baselinesDir,
      asOf: "2026-11-23",
      runDirs: [await writeRun(root, "team", { items: 500, correct: 390 })],
      seed: 42,
      replicates: 500,
    };
    const first = await verdict(options);
    expect(await verdict(options)).toEqual(first);
    const other = await verdict({ ...options, seed: 43 });
    expect(other.benchmarks[0]!.ratio!.low).not.toBe(first.benchmarks[0]!.ratio!.low);
    expect(other.benchmarks[0]!.ratio!.estimate).toBe(first.benchmarks[0]!.ratio!.estimate);
  });

  it("leaves endpoint errors out of the score, and refuses a run with no answered item", async () => {
    const { root, baselinesDir } = await fixture(GLOBALS);
    const report = await verdict({
      baselinesDir,
      asOf: "2026-11-23",
      runDirs: [await writeRun(root, "errors", { items: 1000, correct: 850, errors: 30 })],
    });
    expect(report.benchmarks[0]!.team.estimate).toBeCloseTo(85, 12);
    expect(report.benchmarks[0]!.team.items).toBe(1000);
    expect(report.benchmarks[0]!.notes).toContainEqual({
      kind: "endpoint-errors",
      count: 30,
      text: "30 items ended in an endpoint error and are not counted",
    });
    const empty = await failure({ baselinesDir, runDirs: [await writeRun(root, "empty", { items: 0, correct: 0, errors: 5 })] });
    expect(empty.code).toBe("usage");
    expect(empty.message).toContain("has no answered items (5 ended in an endpoint error)");
  });

  it("an empty window is an error that says what to do", async () => {
    const { root, baselinesDir } = await fixture(GLOBALS);
    const error = await failure({ baselinesDir, asOf: "2024-06-01", runDirs: [await writeRun(root, "team", { items: 100, correct: 80 })] });
    expect(error.message).toBe(
      "no global model released in the window 2023-12-01 < date <= 2024-06-01 has a score for KMMLU in a matching setting",
    );
    expect(error.hint).toContain("kfm baselines import");
  });

  it("bad options are usage errors", async () => {
    const { root, baselinesDir } = await fixture(GLOBALS);
    const runDirs = [await writeRun(root, "team", { items: 100, correct: 80 })];
    const cases: Array<[Partial<VerdictOptions>, RegExp]> = [
      [{ asOf: "2026-13-01" }, /--as-of expects a date/],
      [{ window: "half a year" }, /--window expects/],
      [{ reference: "median" }, /--reference is best, mean/],
      [{ threshold: 0 }, /--threshold/],
      [{ decideBy: "vibes" as VerdictOptions["decideBy"] }, /--decide-by/],
      [{ runDirs: [join(root, "missing")] }, /is not a run directory/],
      [{ runDirs: [join(baselinesDir, "registry.yaml")] }, /is not a run directory/],
      [{ runDirs: [] }, /nothing to judge/],
    ];
    for (const [options, message] of cases) {
      const error = await failure({ baselinesDir, runDirs, ...options });
      expect(error.isUserError).toBe(true);
      expect(error.message).toMatch(message);
    }
  });
});

describe("paired intervals when kfm measured the reference", () => {
  it("pairs items on the same suite hash, and refuses another suite", async () => {
    const { root, baselinesDir } = await fixture([
      { model: "Measured", score: 86, released: "2026-10-01", items: 2000, measuredBy: `{ run: ref-run, suite_hash: '${HASH}' }` },
    ]);
    const runsDir = join(root, "runs");
    await writeRun(runsDir, "ref-run", { items: 2000, correct: 1720 });
    const team = await writeRun(root, "team", { items: 2000, correct: 1700 });
    const paired = (await verdict({ baselinesDir, runsDir, asOf: "2026-11-23", runDirs: [team] })).benchmarks[0]!;
    expect(paired.reference!.uncertainty.text).toBe("paired bootstrap over 2000 shared items (kfm run ref-run)");
    expect(paired.ratio!.high - paired.ratio!.low).toBeLessThan(0.02);

    const otherSuite = await writeRun(root, "other", { items: 2000, correct: 1700, contentHash: `sha256:${"d".repeat(64)}` });
    const refused = (await verdict({ baselinesDir, runsDir, asOf: "2026-11-23", runDirs: [otherSuite] })).benchmarks[0]!;
    expect(refused.reference!.uncertainty.text).toBe("sampling error of the published score over 2000 items");
    expect(refused.notes.map((note) => note.text).join("\n")).toContain(`not paired with kfm run ref-run: its suite hash ${HASH} differs`);
    expect(refused.ratio!.high - refused.ratio!.low).toBeGreaterThan(paired.ratio!.high - paired.ratio!.low);

    const noRunsDir = (await verdict({ baselinesDir, asOf: "2026-11-23", runDirs: [team] })).benchmarks[0]!;
    expect(noRunsDir.notes.map((note) => note.text).join("\n")).toContain("pass --runs-dir");
  });
});

describe("self-reported scores", () => {
  it("a team's table: no item-level interval, said so; an item count gives a binomial one", async () => {
    const { root, baselinesDir } = await fixture([
      ...GLOBALS,
      { model: "Global-H", benchmark: "HRM8K", score: 60, released: "2026-08-01" },
    ]);
    const file = join(root, "team.yaml");
    await writeFile(
      file,
      "team: A\nmodel: A-32B\nscores:\n  - { benchmark: KMMLU, score: 84, setting: { shots: 0, reasoning: allowed }, items: 35030 }\n  - { benchmark: HRM8K, score: 58 }\n",
    );
    const report = await verdict({ baselinesDir, asOf: "2026-11-23", scoresFiles: [file] });
    const [kmmlu, hrm8k] = report.benchmarks;
    expect(kmmlu!.team.selfReported).toBe(true);
    expect(kmmlu!.team.high).toBeGreaterThan(kmmlu!.team.low);
    expect(kmmlu!.notes.map((note) => note.text)).toContain(
      "self-reported over 35030 items: binomial interval from the item count, no item-level data",
    );
    expect(hrm8k!.notes.map((note) => note.text)).toContain("self-reported, no item-level interval");
    expect(hrm8k!.notes.map((note) => note.text)).toContain("reported for A / A-32B");
    expect(hrm8k!.reference!.uncertainty.text).toBe("reference treated as exact: item count unknown");
    expect(hrm8k!.ratio!.low).toBeCloseTo(58 / 60, 12);
    expect(hrm8k!.ratio!.high).toBeCloseTo(58 / 60, 12);
    expect(report.reasons.find((reason) => reason.startsWith("HRM8K"))).toContain("(self-reported, no item-level interval)");
  });

  it("a bare list of rows works too; a bad row names its line", async () => {
    const { root, baselinesDir } = await fixture(GLOBALS);
    const file = join(root, "rows.yaml");
    await writeFile(file, "- { model: A-32B, benchmark: KMMLU, score: 84 }\n");
    expect((await verdict({ baselinesDir, asOf: "2026-11-23", scoresFiles: [file] })).benchmarks[0]!.team.estimate).toBeCloseTo(84, 12);
    await writeFile(file, "scores:\n  - benchmark: KMMLU\n    score: 184\n");
    const error = await failure({ baselinesDir, asOf: "2026-11-23", scoresFiles: [file] });
    expect(error.message).toContain(`${file}:3`);
    expect(error.message).toContain("scores[0].score");
  });

  it("ratio of averages vs mean of ratios: both shown, the configured one decides", async () => {
    const { root, baselinesDir } = await fixture([
      { model: "G", benchmark: "Bench-1", score: 80, released: "2026-10-01" },
      { model: "G", benchmark: "Bench-2", score: 50, released: "2026-10-01" },
      { model: "G", benchmark: "Bench-3", score: 70, released: "2026-10-01" },
    ]);
    const file = join(root, "team.yaml");
    await writeFile(
      file,
      "scores:\n  - { benchmark: Bench-1, score: 100 }\n  - { benchmark: Bench-2, score: 28 }\n  - { benchmark: Bench-3, score: 70 }\n",
    );
    // Σ team / Σ reference = 198/200 = 99%; the mean of 125%, 56% and 100% is 93.7%.
    const byAverages = await verdict({ baselinesDir, asOf: "2026-11-23", scoresFiles: [file] });
    expect(byAverages.overall.ratioOfAverages!.estimate).toBeCloseTo(0.99, 12);
    expect(byAverages.overall.meanOfRatios!.estimate).toBeCloseTo((1.25 + 0.56 + 1) / 3, 12);
    expect(byAverages.overall.decision).toBe("PASS");
    const byRatios = await verdict({ baselinesDir, asOf: "2026-11-23", scoresFiles: [file], decideBy: "mean-of-ratios" });
    expect(byRatios.overall.decision).toBe("FAIL");
    expect(byRatios.reasons.find((reason) => reason.startsWith("overall"))).toMatch(
      /^overall \(mean-of-ratios, decides\): 93\.7% .* -> FAIL; ratio of averages 99\.0%/,
    );
  });

  it("reproduces the published '104% of Qwen3 235B' claim from the shipped registry", async () => {
    const root = await mkdtemp(join(tmpdir(), "kfm-verdict-"));
    const file = join(root, "k-exaone.yaml");
    // LG's reported 13-benchmark average for K-EXAONE at the first stage review (the registry's note on the entry).
    await writeFile(
      file,
      "model: K-EXAONE\nscores:\n  - { benchmark: Dokpamo 1st-stage 13 common benchmarks - average (LG-reported), score: 72.03 }\n",
    );
    const qwen = await verdict({ asOf: "2025-12-30", scoresFiles: [file], reference: "target:Qwen3 235B" });
    expect(qwen.benchmarks[0]!.ratio!.estimate.toFixed(2)).toBe("1.04");
    expect(qwen.benchmarks[0]!.reference!.uncertainty.text).toBe("reference treated as exact: item count unknown");
    const best = await verdict({ asOf: "2025-12-30", scoresFiles: [file] });
    expect(best.benchmarks[0]!.reference!.models[0]!.model).toBe("GPT-OSS 120B");
    expect(best.benchmarks[0]!.ratio!.estimate.toFixed(2)).toBe("1.03");
    // The interval says PASS, but the releases of the window without this composite (GPT-5.1, Gemini 3 Pro,
    // Claude Opus 4.5, ...) could only raise a best-of reference: the calendar holds the PASS back.
    expect(best.benchmarks[0]!.capped).toEqual({ from: "PASS", by: ["release-missing"] });
    expect(best.overall.decision).toBe("INCONCLUSIVE");
    expect(best.benchmarks[0]!.notes).toContainEqual(
      expect.objectContaining({ kind: "release-missing", model: "GPT-5.1", releaseDate: "2025-11-13" }),
    );
  });
});
