import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";
import { syntheticRun, verdictOf } from "./helpers/runs.js";

const entry = (model: string, benchmark: string, score: number, release: string, extra = "") =>
  `- model: ${model}\n  vendor: V\n  global: true\n  release_date: '${release}'\n  release_source: s\n  benchmark: ${benchmark}\n  score: ${score}\n` +
  `  setting: { shots: 0, reasoning: required }\n  items: 35030\n  citation: c\n${extra}  measured_by: published\n`;

/** A registry with a release calendar: one release in the window has no score yet. */
async function registry(root: string): Promise<string> {
  const dir = join(root, "baselines");
  await mkdir(dir);
  await writeFile(
    join(dir, "scores.yaml"),
    entry("Global-A", "KMMLU", 80, "2026-06-01", "  provenance: primary\n") +
      entry("Global-Mirror", "KMMLU", 84, "2026-09-01", "  provenance: mirror\n") +
      entry("Global-Old", "KMMLU", 90, "2025-01-01") +
      entry("Global-A", "Humanity's Last Exam", 30, "2026-06-01") +
      entry("Global-A", "AIME 2025", 90, "2026-06-01") +
      entry("Global-A", "tau2-bench (Telecom)", 70, "2026-06-01"),
  );
  await writeFile(
    join(dir, "calendar.yaml"),
    "kfm: calendar/v1\nreviewed_through: '2026-11-30'\nreleases:\n" +
      "  - { model: Global-New, vendor: V, date: '2026-10-15', date_basis: stated, source: test }\n" +
      "  - { model: Global-Vision, vendor: V, date: '2026-10-20', date_basis: stated, source: test, irrelevant: [{ benchmark: KMMLU, why: image-only model }, { benchmark: HLE, why: image-only }, { benchmark: AIME25, why: image-only }, { benchmark: tau2-Telecom, why: image-only }] }\n",
  );
  return dir;
}

describe("the registry's completeness holds back a PASS", () => {
  it("an in-window release without a score makes the benchmark INCONCLUSIVE naming it; its score settles it", async () => {
    const root = await temporaryDirectory();
    const baselines = await registry(root);
    const run = await syntheticRun(root, "team", "KMMLU", 4000, 3400);
    const held = await verdictOf([run, "--baselines", baselines, "--as-of", "2026-11-23"]);
    expect(held.code).toBe(3);
    const row = held.report!.benchmarks[0]!;
    expect(row.decision).toBe("INCONCLUSIVE");
    expect(row.capped).toEqual({ from: "PASS", by: ["release-missing"] });
    expect(row.notes).toContainEqual(
      expect.objectContaining({
        kind: "release-missing",
        model: "Global-New",
        releaseDate: "2026-10-15",
        text: "Global-New (V), released 2026-10-15, has no KMMLU score in the registry",
      }),
    );
    // Declared irrelevant: not missing.
    expect(row.notes.some((note) => "model" in note && note.model === "Global-Vision")).toBe(false);
    // Global-Mirror's only score is left out (provenance), so it is missing too, with its left-out score counted.
    expect(held.report!.reasons[0]).toContain(
      "the interval says PASS; held back: 2 release(s) in the window have no usable KMMLU score: Global-New (2026-10-15), Global-Mirror (2026-09-01; 1 score(s) left out); measure them with kfm",
    );
    // Provenance: the reference model shows it; a mirror figure is left out by default, with the reason.
    expect(row.reference!.models).toEqual([expect.objectContaining({ model: "Global-A", provenance: "primary" })]);
    expect(row.excluded.find((entry) => entry.model === "Global-Mirror")!.reason).toEqual({
      kind: "provenance-below",
      provenance: "mirror",
      minimum: "secondary",
      text: "provenance mirror, weaker than --min-provenance secondary",
    });
    const mirror = await verdictOf([run, "--baselines", baselines, "--as-of", "2026-11-23", "--min-provenance", "mirror"]);
    expect(mirror.report!.benchmarks[0]!.reference!.models[0]).toMatchObject({ model: "Global-Mirror", provenance: "mirror" });

    const added = await runKfm([
      "baselines",
      "add",
      "--baselines",
      baselines,
      "--model",
      "Global-New",
      "--vendor",
      "V",
      "--benchmark",
      "kmmlu",
      "--score",
      "82",
      "--release-date",
      "2026-10-15",
      "--release-source",
      "blog",
      "--citation",
      "card",
      "--shots",
      "0",
      "--reasoning",
      "required",
      "--items",
      "35030",
    ]);
    expect(added.code).toBe(0);
    const pass = await verdictOf([run, "--baselines", baselines, "--as-of", "2026-11-23", "--min-provenance", "mirror"]);
    expect(pass.code).toBe(0);
    // Every in-window release now has a score that counts: the interval decides.
    expect(pass.report!.benchmarks[0]!.reference!.models[0]!.model).toBe("Global-Mirror");
    expect(pass.report!.benchmarks[0]!.capped).toBeUndefined();
    // A FAIL stands under best: a missing model could only raise the bar.
    const weak = await verdictOf([
      await syntheticRun(root, "weak", "KMMLU", 4000, 2400),
      "--baselines",
      baselines,
      "--as-of",
      "2026-11-23",
      "--min-provenance",
      "primary",
    ]);
    expect(weak.code).toBe(1);
    expect(weak.report!.benchmarks[0]!.notes.map((note) => note.kind)).toContain("release-missing");
  });

  it("a registry past its review date by more than --max-registry-age cannot PASS and says it is stale", async () => {
    const root = await temporaryDirectory();
    const baselines = await registry(root);
    await writeFile(
      join(baselines, "scores.yaml"),
      entry("Global-A", "KMMLU", 80, "2026-06-01") + entry("Global-New", "KMMLU", 82, "2026-10-15"),
    );
    const run = await syntheticRun(root, "team", "KMMLU", 4000, 3400);
    const stale = await verdictOf([run, "--baselines", baselines, "--as-of", "2027-02-15"]);
    expect(stale.code).toBe(3);
    expect(stale.report!.registry).toEqual({
      reviewedThrough: "2026-11-30",
      daysPastReview: 77,
      stale: true,
      maxAge: "1mo",
      calendar: true,
      minProvenance: "secondary",
    });
    expect(stale.report!.benchmarks[0]!.capped).toEqual({ from: "PASS", by: ["registry-stale"] });
    expect(stale.report!.reasons[0]).toContain(
      "the registry is stale: reviewed through 2026-11-30, 77 days before the as-of date, more than the allowed 1mo",
    );
    const allowed = await verdictOf([run, "--baselines", baselines, "--as-of", "2027-02-15", "--max-registry-age", "6mo"]);
    expect(allowed.code).toBe(0);
    expect(allowed.report!.benchmarks[0]!.notes).toContainEqual(expect.objectContaining({ kind: "registry-reviewed", days: 77 }));
  });

  it("a declared target outside the window, or unknown to the registry, cannot PASS and says which rule it breaks", async () => {
    const root = await temporaryDirectory();
    const baselines = await registry(root);
    const run = await syntheticRun(root, "team", "KMMLU", 4000, 3800);
    const old = await verdictOf([run, "--baselines", baselines, "--as-of", "2026-11-23", "--reference", "target:Global-Old"]);
    expect(old.code).toBe(3);
    expect(old.report!.benchmarks[0]!.capped).toEqual({ from: "PASS", by: ["target-outside-window"] });
    expect(old.report!.reasons[0]).toContain("the bar is a global model released within the window, so this cannot PASS");
    const unknown = await verdictOf([run, "--baselines", baselines, "--as-of", "2026-11-23", "--reference", "target:Global-B"]);
    expect(unknown.code).toBe(3);
    expect(unknown.report!.benchmarks[0]!.notes).toContainEqual(
      expect.objectContaining({ kind: "target-unknown", target: "Global-B", suggestions: expect.arrayContaining(["Global-A"]) }),
    );
  });
});

describe("a stage that counts some vendors", () => {
  it("needs scores only for their releases, and a vendor the registry does not know exits 2", async () => {
    const root = await temporaryDirectory();
    const baselines = await registry(root);
    // Global-New (vendor V) has no KMMLU score, but a stage that counts only vendor W needs only W's releases scored.
    await writeFile(join(baselines, "other.yaml"), entry("Other-1", "KMMLU", 78, "2026-08-01").replace("vendor: V", "vendor: W"));
    const stage = (vendors: string) =>
      `kfm: stage/v1\nid: w-only\ntitle: W only\nas_of: '2026-11-23'\nvendors: [${vendors}]\nbenchmarks:\n  - { benchmark: KMMLU, weight: 1 }\n`;
    await writeFile(join(root, "w-only.yaml"), stage("W"));
    const run = await syntheticRun(root, "team", "KMMLU", 4000, 3400);
    const result = await verdictOf([run, "--baselines", baselines, "--stage", join(root, "w-only.yaml")]);
    expect(result.code).toBe(0);
    expect(result.report!.benchmarks[0]!.reference!.models.map((model) => model.model)).toEqual(["Other-1"]);
    expect(result.report!.registry!.vendors).toEqual(["W"]);
    await writeFile(join(root, "w-only.yaml"), stage("WW"));
    const typo = await runKfm(["verdict", run, "--baselines", baselines, "--stage", join(root, "w-only.yaml")]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown vendor "WW" (did you mean W');
  });
});

describe("benchmark names", () => {
  it("a scores file's HLE, AIME25 and tau2-Telecom rows are the registry's benchmarks; HLEE exits 2 suggesting HLE", async () => {
    const root = await temporaryDirectory();
    const baselines = await registry(root);
    const file = join(root, "team.yaml");
    await writeFile(
      file,
      "scores:\n  - { benchmark: HLE, score: 29 }\n  - { benchmark: AIME25, score: 88 }\n  - { benchmark: tau2-Telecom, score: 69 }\n",
    );
    const result = await verdictOf(["--scores", file, "--baselines", baselines, "--as-of", "2026-11-23"]);
    expect(result.report!.benchmarks.map((row) => [row.benchmark, row.reference?.estimate])).toEqual([
      ["Humanity's Last Exam", 30],
      ["AIME 2025", 90],
      ["tau2-bench (Telecom)", 70],
    ]);
    await writeFile(file, "scores:\n  - { benchmark: AIME25, score: 88 }\n  - { benchmark: HLEE, score: 29 }\n");
    const typo = await runKfm(["verdict", "--scores", file, "--baselines", baselines, "--as-of", "2026-11-23"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(`${file}:3: unknown benchmark "HLEE" (did you mean HLE (Humanity's Last Exam)`);
  });
});

describe("kfm baselines timeline", () => {
  it("marks a month where the reference fell only because models aged out", async () => {
    const root = await temporaryDirectory();
    const baselines = await registry(root);
    const result = await runKfm([
      "baselines",
      "timeline",
      "--benchmark",
      "KMMLU",
      "--as-of",
      "2026-12-31",
      "--months",
      "2",
      "--baselines",
      baselines,
      "--min-provenance",
      "primary",
      "--json",
    ]);
    const rows = JSON.parse(result.stdout) as Array<{ date: string; score: number | null; fellByAgeing?: unknown }>;
    expect(rows.map((row) => [row.date, row.score])).toEqual([
      ["2026-10-31", 80],
      ["2026-11-30", 80],
      ["2026-12-31", null],
    ]);
    expect(rows[2]!.fellByAgeing).toEqual({ previous: 80, agedOut: ["Global-A"] });
    const text = await runKfm([
      "baselines",
      "timeline",
      "--benchmark",
      "KMMLU",
      "--as-of",
      "2026-12-31",
      "--months",
      "2",
      "--baselines",
      baselines,
      "--min-provenance",
      "primary",
    ]);
    expect(text.stdout).toContain("FELL BY AGEING from 80.00: Global-A aged out, nothing newer in the registry");
  });
});

describe("the shipped registry on 2026-12-04", () => {
  it("a KMMLU verdict as of today explains what is missing instead of exiting 2, and the list shows the window", async () => {
    const root = await temporaryDirectory();
    const run = await syntheticRun(root, "team", "KMMLU", 1000, 700);
    const result = await verdictOf([run, "--as-of", "2026-12-04"]);
    expect(result.code).toBe(3);
    const row = result.report!.benchmarks[0]!;
    expect(row.capped).toEqual({ from: "NO-REFERENCE", by: ["release-missing", "release-undated"] });
    expect(row.notes).toContainEqual(
      expect.objectContaining({ kind: "release-missing", model: "GPT-5.6 Sol", releaseDate: "2026-07-13", benchmark: "KMMLU" }),
    );
    expect(row.notes).toContainEqual(expect.objectContaining({ kind: "release-undated", model: "Gemma 4" }));
    expect(result.report!.registry).toMatchObject({ reviewedThrough: "2026-12-04", stale: false, calendar: true });
    const list = await runKfm(["baselines", "list", "--as-of", "2026-12-04", "--benchmark", "GPQA-Diamond", "--json"]);
    const entries = JSON.parse(list.stdout) as Array<{ model: string }>;
    expect(entries.map((found) => found.model)).toContain("GPT-5.6 Sol (max)");
  });

  it("a stage scorecard without panel scores prints the benchmark part and says the panels are missing", async () => {
    const root = await temporaryDirectory();
    await writeFile(join(root, "team.yaml"), "scores:\n  - { benchmark: KMMLU-Pro, score: 62 }\n  - { benchmark: HRM8K, score: 70 }\n");
    const json = await verdictOf(["--scores", join(root, "team.yaml"), "--stage", "first-review-2025-12"]);
    expect(json.report!.stage!.scorecard!.panelsMissing).toEqual(["expert", "user"]);
    const text = await runKfm(["verdict", "--scores", join(root, "team.yaml"), "--stage", "first-review-2025-12"]);
    expect(text.stdout).toMatch(/panels missing \(expert, user\): the total counts the benchmark part, \d+\.\d \/ 40/);
  });
});
