import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerKey } from "../src/sim/index.js";
import { expectedOutcome } from "../src/sim/index.js";
import type { ItemRecord } from "../src/spec/record.js";
import type { RunManifest, RunSummary } from "../src/spec/run.js";
import { loadSuite } from "../src/suite/index.js";
import { projectRoot, runKfm, temporaryDirectory } from "./helpers/cli.js";

/** Made-up problems in code_generation_lite's layout, private tests pickled (tests/fixtures/stage-benchmarks/SOURCE.txt). */
const dataDir = join(projectRoot, "tests", "fixtures", "stage-benchmarks");

async function runOf(out: string) {
  const [dir] = (await import("node:fs")).readdirSync(out);
  const path = join(out, dir!);
  const records = (await readFile(join(path, "items.jsonl"), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as ItemRecord & { details?: { codeTests?: Record<string, unknown> } });
  const manifest = JSON.parse(await readFile(join(path, "manifest.json"), "utf8")) as RunManifest;
  const summary = JSON.parse(await readFile(join(path, "summary.json"), "utf8")) as RunSummary;
  return { path, records, manifest, summary };
}

describe("LiveCodeBench v6 (supplied data) over the simulated endpoint", () => {
  it("selects the v6 window by contest date and renders LiveCodeBench's prompt for stdin and functional problems", async () => {
    const suite = await loadSuite("livecodebench-v6", { dataDir });
    expect(suite.items.map((item) => item.fields.question_title)).toEqual([
      "Add Two Integers",
      "Largest Element",
      "Mean Value",
      "Sum of Array",
      "Pair Indices",
      "Count Primes",
    ]);
    expect(suite.warnings).toContain("livecodebench/test6.jsonl: 6 of 8 rows dated within 2025-02-01 .. 2025-05-01 (contest_date)");
    const [system, stdin] = suite.render(suite.items[0]!).messages;
    expect(system!.content).toMatch(/^You are an expert Python programmer\./);
    expect(stdin!.content).toContain("### Format: Read the inputs from stdin solve the problem");
    expect(stdin!.content).toMatch(/```python\n# YOUR CODE HERE\n```\n\n### Answer: \(use the provided format with backticks\)\n\n$/);
    const functional = suite.render(suite.items[3]!).messages[1]!.content;
    expect(functional).toContain(
      "### Format: You will use the following starter code to write the solution to the problem and enclose your code within delimiters.\n```python\nclass Solution:\n    def sumOfArray(self, nums: List[int]) -> int:\n        \n```",
    );
    const wider = await loadSuite("livecodebench-v6", { dataDir, window: { from: "2025-01-01", to: "2025-06-01" } });
    expect(wider.items).toHaveLength(8);
    await expect(loadSuite("livecodebench-v6", { dataDir: join(dataDir, "nothing-here") })).rejects.toThrow(
      /needs LiveCodeBench code_generation_lite \(release_v6\).*livecodebench\/test6\.jsonl is missing/,
    );
  });

  it("kfm eval: correct programs pass, wrong ones fail with the failing test shown, and the manifest records the sandbox", async () => {
    const out = await temporaryDirectory();
    const result = await runKfm([
      "eval",
      "livecodebench-v6",
      "--data-dir",
      dataDir,
      "--endpoint",
      "sim",
      "--out",
      out,
      "--no-probes",
      "-q",
    ]);
    expect(result.code).toBe(0);
    const { records, manifest, summary } = await runOf(out);
    expect(manifest.execution).toEqual({ isolation: "bubblewrap", concurrency: expect.any(Number), unsafe: false });
    expect(manifest.suite.window).toEqual({ field: "contest_date", from: "2025-02-01", to: "2025-05-01" });
    // The simulator answers with the fixture's reference program exactly when its seeded outcome is correct.
    const suite = await loadSuite("livecodebench-v6", { dataDir });
    const keys = answerKey(suite.items, (item) => suite.render(item));
    const byId = new Map(records.map((record) => [record.id, record]));
    suite.items.forEach((item, index) => {
      const outcome = expectedOutcome({}, keys[index]!);
      const solvable = outcome === "correct" && item.fields.kfm_reference_solution !== "";
      expect(byId.get(item.id)!.status, item.fields.question_title).toBe(
        solvable ? "correct" : outcome === "no-answer" ? "no-answer" : "incorrect",
      );
    });
    // "Count Primes" has no reference program: the simulator's wrong one fails its first test, shown with its input.
    const primes = records.find((record) => record.target === "kfm_lc_3503")!;
    expect(primes.status).toBe("incorrect");
    expect(primes.details!.codeTests).toMatchObject({
      code: expect.stringContaining("def countPrimes"),
      tests: 4,
      verdicts: ["wrong-answer"],
      failure: { index: 0, verdict: "wrong-answer", input: "[10]", expected: "4", got: "None" },
    });
    expect(summary.codeTests!.passAt1).toBeCloseTo(summary.accuracy, 10);
    expect(summary.codeTests!.failed).toContainEqual(
      expect.objectContaining({ id: primes.id, test: 1, tests: 4, verdict: "wrong-answer" }),
    );
    expect(Object.keys(summary.bySubject).sort()).toEqual(["atcoder", "codeforces", "leetcode"]);
    expect(Object.keys(summary.codeTests!.byDifficulty).sort()).toEqual(["easy", "hard", "medium"]);
    const shown = await runKfm(["show", (await runOf(out)).path]);
    expect(shown.stdout).toMatch(/failed item.*test.*verdict.*input.*expected.*got/);
    expect(shown.stdout).toMatch(/test6:5 +│ 1\/4 +│ wrong-answer │ \[10\] +│ 4 +│ None/);
  });

  it("--from/--to move the window; a date that is not one is a usage error (exit 2)", async () => {
    const out = await temporaryDirectory();
    const result = await runKfm([
      "eval",
      "livecodebench-v6",
      "--data-dir",
      dataDir,
      "--endpoint",
      "sim",
      "--out",
      out,
      "--no-probes",
      "-q",
      "--from",
      "2025-04-01",
      "--to",
      "2025-04-30",
      "--json",
    ]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as RunSummary).total).toBe(2);
    const bad = await runKfm(["eval", "livecodebench-v6", "--data-dir", dataDir, "--endpoint", "sim", "--out", out, "--to", "May 1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--to expects a date as YYYY-MM-DD, e.g. 2025-02-01; got "May 1"');
    const undated = await runKfm(["eval", "kobest-boolq", "--endpoint", "sim", "--out", out, "--from", "2025-01-01"]);
    expect(undated.code).toBe(2);
    expect(undated.stderr).toContain("suite kobest-boolq has no data.window");
  });
});
