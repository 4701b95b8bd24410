import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Verdict } from "../src/spec/verdict.js";
import { projectRoot, runKfm, temporaryDirectory } from "./helpers/cli.js";

const fixture = join(projectRoot, "tests", "fixtures", "hf-model");

async function emptyRegistry(root: string, entries = ""): Promise<string> {
  const dir = join(root, "baselines");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "registry.yaml"), entries);
  return dir;
}

const existing =
  "- model: Global-A\n  vendor: V\n  global: true\n  release_date: '2026-06-01'\n  release_source: s\n  benchmark: KMMLU\n  score: 80\n" +
  "  setting: { shots: 0, reasoning: required, note: vendor card }\n  citation: c\n  provenance: primary\n  measured_by: published\n";

describe("kfm baselines import: published scores", () => {
  it("reads a Hugging Face .eval_results folder; a score with tools is refused by file and line", async () => {
    const baselines = await emptyRegistry(await temporaryDirectory());
    const identity = ["--model", "Example-Global-1", "--vendor", "ExampleCo", "--release-date", "2026-07-20", "--baselines", baselines];
    const refused = await runKfm(["baselines", "import", fixture, ...identity]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("1 problem(s) in the import; nothing was added");
    expect(refused.stderr).toContain(`${join(fixture, ".eval_results", "hle_with_tools.yaml")}:1: scored with tools (With tools)`);

    const files = ["gpqa.yaml", "hle.yaml"].map((name) => join(fixture, ".eval_results", name));
    const imported = await runKfm(["baselines", "import", ...files, ...identity, "--provenance", "primary"]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("added 2 entries to imported.yaml: Example-Global-1");
    const entries = parse(await readFile(join(baselines, "imported.yaml"), "utf8")) as Array<Record<string, unknown>>;
    expect(entries.map((entry) => [entry.benchmark, entry.score, entry.provenance])).toEqual([
      ["GPQA-Diamond", 88.1, "primary"],
      ["Humanity's Last Exam", 41.5, "primary"],
    ]);
    expect(entries[0]!.citation).toBe(
      "Example-Global-1 model repository, .eval_results/gpqa.yaml (Model Card, https://huggingface.co/example-org/Example-Global-1)",
    );
  });

  it("reads a CSV; a duplicate, a conflict and an unknown benchmark are each reported by line, and nothing is added", async () => {
    const root = await temporaryDirectory();
    const baselines = await emptyRegistry(root, existing);
    const csv = join(root, "scores.csv");
    await writeFile(
      csv,
      "model,vendor,release_date,benchmark,score,setting,citation,provenance,shots,reasoning\n" +
        "Global-A,V,2026-06-01,KMMLU,80,vendor card,c,primary,0,required\n" +
        "Global-B,V,2026-08-01,HLE,30,no tools,B card,primary,,required\n" +
        "Global-B,V,2026-08-01,Humanity's Last Exam,31,no tools,B card again,primary,,required\n" +
        "Global-B,V,2026-08-01,HLEE,31,no tools,B card,primary,,required\n" +
        "Global-B,V,2026-08-01,AIME25,88,,B card,secondary,,required\n",
    );
    const result = await runKfm(["baselines", "import", csv, "--baselines", baselines]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("3 problem(s) in the import; nothing was added");
    expect(result.stderr).toContain(`${csv}:5: unknown benchmark "HLEE" (did you mean HLE (Humanity's Last Exam)`);
    expect(result.stderr).toContain(`${csv}:2: duplicate entry for Global-A on KMMLU (same setting) already at registry.yaml:1`);
    expect(result.stderr).toContain(
      `${csv}:4: conflicting entry for Global-B on Humanity's Last Exam (same setting): score 31 / released 2026-08-01 here, 30 / 2026-08-01 at scores.csv:3`,
    );
    await expect(readFile(join(baselines, "imported.yaml"), "utf8")).rejects.toThrow();

    await writeFile(csv, "model,vendor,release_date,benchmark,score,citation\nGlobal-B,V,2026-08-01,tau2-Telecom,70,B card\n");
    const ok = await runKfm(["baselines", "import", csv, "--baselines", baselines]);
    expect(ok.code).toBe(0);
    const entries = parse(await readFile(join(baselines, "imported.yaml"), "utf8")) as Array<Record<string, unknown>>;
    expect(entries[0]).toMatchObject({
      benchmark: "tau2-bench (Telecom)",
      benchmark_as_published: "tau2-Telecom",
      provenance: "secondary",
    });
  });
});

describe("measuring the bar yourself", () => {
  it("evaluates a global model on a suite without published scores, imports the run (provenance measured), and the verdict pairs items", async () => {
    const root = await temporaryDirectory();
    const baselines = await emptyRegistry(root);
    const runs = join(root, "runs");
    const evaluate = (runId: string) =>
      runKfm(["eval", "kobest-boolq", "--endpoint", "sim", "--limit", "60", "-o", runs, "--run-id", runId, "--quiet"]);
    expect((await evaluate("global-run")).code).toBe(0);
    const imported = await runKfm([
      "baselines",
      "import",
      join(runs, "global-run"),
      "--model",
      "Global-Sim",
      "--vendor",
      "SimCo",
      "--release-date",
      "2026-11-01",
      "--release-source",
      "vendor blog",
      "--baselines",
      baselines,
    ]);
    expect(imported.code).toBe(0);
    const entry = (parse(await readFile(join(baselines, "measured.yaml"), "utf8")) as Array<Record<string, unknown>>)[0]!;
    expect(entry).toMatchObject({
      model: "Global-Sim",
      benchmark: "KoBEST-BoolQ",
      provenance: "measured",
      items: 60,
      measured_by: { run: "global-run" },
    });

    expect((await evaluate("team-run")).code).toBe(0);
    const result = await runKfm([
      "verdict",
      join(runs, "team-run"),
      "--baselines",
      baselines,
      "--runs-dir",
      runs,
      "--as-of",
      "2026-11-23",
      "--json",
    ]);
    const verdict = JSON.parse(result.stdout) as Verdict;
    const row = verdict.benchmarks[0]!;
    expect(row.reference!.models[0]).toMatchObject({ model: "Global-Sim", provenance: "measured" });
    expect(row.reference!.uncertainty).toMatchObject({ kind: "paired", run: "global-run" });
  });
});
