import { cp, mkdir, mkdtemp, readdir, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot, runKfm } from "./helpers/cli.js";

describe("kfm suites", () => {
  it("list shows the shipped KMMLU suites", async () => {
    const result = await runKfm(["suites", "list", "--json"]);
    expect(result.code).toBe(0);
    const suites = JSON.parse(result.stdout) as Array<{ id: string; benchmark: string; scoring: string }>;
    expect(suites.map((suite) => suite.id)).toEqual(expect.arrayContaining(["kmmlu", "kmmlu-5shot"]));
    expect(suites.find((suite) => suite.id === "kmmlu")!.benchmark).toBe("KMMLU");
    // Each suite says how it is run and scored.
    const scoring = Object.fromEntries(suites.map((suite) => [suite.id, suite.scoring]));
    expect(scoring).toMatchObject({
      kmmlu: "multiple-choice",
      "kfm-agent-ko": "end-state (agent loop)",
      "tau2-telecom": "end-state (dual control, simulated user)",
      "komt-bench": "judge (multi-turn)",
      "functionchat-dialog-judged": "tool-use-judge",
      "kmmlu-pro": "multiple-choice (supplied data)",
      "livecodebench-v6": "code-tests (supplied data)",
    });
  });

  it("list fits 100 columns, wrapping long benchmark names whole; --counts adds the item counts", async () => {
    const table = await runKfm(["suites", "list"]);
    expect(table.code).toBe(0);
    expect(Math.max(...table.stdout.split("\n").map((line) => line.length))).toBeLessThanOrEqual(100);
    expect(table.stdout).toMatch(/FunctionChat-Bench- +│[^\n]*\n[^\n]*CallDecision/);
    const counted = await runKfm(["suites", "list", "--counts", "--dir", join(projectRoot, "suites", "aime")]);
    expect(counted.stdout).toMatch(/│ aime2025 +│ AIME 2025 +│ 30 +│ boxed-integer/);
    const supplied = await runKfm(["suites", "list", "--counts", "--json", "--dir", join(projectRoot, "suites", "supplied")]);
    const rows = JSON.parse(supplied.stdout) as Array<{ id: string; items: unknown }>;
    expect(rows.find((row) => row.id === "kobalt")!.items).toBe("needs data");
  });

  it("a mistyped suite, sub-command or flag gets the name it meant", async () => {
    const suite = await runKfm(["eval", "kmmluu", "--endpoint", "sim"]);
    expect(suite.code).toBe(2);
    expect(suite.stderr).toContain('unknown suite "kmmluu" (did you mean kmmlu?)');
    const command = await runKfm(["suites", "lst"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("(Did you mean list?)");
    const flag = await runKfm(["eval", "kmmlu", "--sampel", "10"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("(Did you mean --sample?)");
  });

  it("show prints counts, the content hash and the first prompt as sent", async () => {
    const result = await runKfm(["suites", "show", "kmmlu-5shot"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("35030 items in 45 subjects");
    expect(result.stdout).toMatch(/content hash sha256:[0-9a-f]{64}/);
    expect(result.stdout).toContain("정답：");
  });

  it("show prints a tool-use turn with its tools and expected outcome, and a conversation's later turns", async () => {
    const dialog = await runKfm(["suites", "show", "functionchat-dialog"]);
    expect(dialog.code).toBe(0);
    expect(dialog.stdout).toContain("--- tools\ncreate_user: 새로운 사용자 계정을 생성한다.");
    expect(dialog.stdout).toContain('--- expected\n{"decision":"ask"');
    const komt = await runKfm(["suites", "show", "komt-bench"]);
    expect(komt.stdout).toContain("--- user (after the reply)\n모든 문장이 ㄱ으로 시작하게");
  });

  it("schema prints a JSON Schema of the suite format", async () => {
    const result = await runKfm(["suites", "schema"]);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["kfm", "id", "benchmark", "data", "prompt", "scorer", "agentic", "judge", "scoring_method"]),
    );
    expect(schema.required).toEqual(expect.arrayContaining(["kfm", "id", "data"]));
  });

  it("list --dir skips a YAML over the 2 MiB cap without reading it, naming the file, its size and the cap", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kfm-list-big-"));
    await cp(join(projectRoot, "suites", "aime"), join(dir, "aime"), { recursive: true });
    // A sparse 50 MB file: read whole, it would cost memory and time; the cap is checked on its size.
    await writeFile(join(dir, "big.yaml"), "kfm: suite/v1\nid: big\n");
    await truncate(join(dir, "big.yaml"), 50 * 1024 * 1024);
    const result = await runKfm(["suites", "list", "--json", "--dir", dir]);
    expect(result.code).toBe(0);
    const ids = (JSON.parse(result.stdout) as Array<{ id: string }>).map((suite) => suite.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain("big");
    expect(result.stderr).toContain(`kfm: warning: ${join(dir, "big.yaml")} is 50.0 MiB, over the 2 MiB cap for a suite file; skipped`);
    expect(result.stderr).toMatch(/keep items in data files/);
  });

  it("validate refuses a YAML over the 2 MiB cap by its size, before reading it: exit 2, naming size and cap", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kfm-validate-big-"));
    await writeFile(join(dir, "big.yaml"), "kfm: suite/v1\nid: big\n");
    await truncate(join(dir, "big.yaml"), 50 * 1024 * 1024);
    const result = await runKfm(["suites", "validate", join(dir, "big.yaml")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, "big.yaml")} is 50.0 MiB, over the 2 MiB cap for a suite file`);
  });

  it("validate accepts a good suite and rejects a broken one with file, line and field, exit 2", async () => {
    const good = await runKfm(["suites", "validate", "suites/kmmlu/kmmlu.yaml"]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain("ok: kmmlu");
    const dir = await mkdtemp(join(tmpdir(), "kfm-validate-"));
    await writeFile(join(dir, "bad.yaml"), "kfm: suite/v1\nid: Bad Id\n");
    const bad = await runKfm(["suites", "validate", join(dir, "bad.yaml")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bad.yaml:2 (id)");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it("validate runs the scorer's argument parser: an unknown id or bad args exit 2 naming file, line and field, with the nearest id", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kfm-validate-"));
    await mkdir(join(dir, "data"));
    await writeFile(join(dir, "data", "t.jsonl"), '{"question":"1+1?","answer":"2"}\n');
    const suite = (scorer: string, extra = "") =>
      `kfm: suite/v1\nid: mini\nversion: "1"\ntitle: t\nbenchmark: T\nlanguage: ko\nlicence: x\nsource: { citation: x }\ndata:\n  format: jsonl\n  files: data/t.jsonl\n  fields: { question: question, answer: answer }\n  target: { field: answer }\nprompt:\n  user: "{{question}}"\n${scorer}\n${extra}`;
    const cases = [
      ["typo.yaml", suite("scorer:\n  id: numerci"), /typo\.yaml:17 \(scorer\.id\): unknown scorer "numerci" \(did you mean "numeric"\?\)/],
      [
        "args.yaml",
        suite("scorer:\n  id: numeric\n  args:\n    absolute: -1"),
        /args\.yaml:19 \(scorer\.args\.absolute\): scorer "numeric": args\.absolute: /,
      ],
      [
        "key.yaml",
        suite("scorer:\n  id: numeric\n  args:\n    tolerance: 1"),
        /key\.yaml:19 \(scorer\.args\.tolerance\): scorer "numeric": args: .*tolerance/,
      ],
      [
        "metric.yaml",
        suite("scorer: { id: numeric }", "aggregation:\n  metrics:\n    - accuracy\n    - macro_f1\n"),
        /metric\.yaml:20 \(aggregation\.metrics\[1\]\): scorer "numeric" does not compute macro_f1 \(multiple-choice does\)/,
      ],
    ] as const;
    for (const [name, yaml, message] of cases) {
      await writeFile(join(dir, name), yaml);
      const result = await runKfm(["suites", "validate", join(dir, name)]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      if (name === "key.yaml" || name === "metric.yaml") continue;
      // kfm eval raises the same error before it creates a run directory.
      const out = join(dir, `results-${name}`);
      await mkdir(out);
      const run = await runKfm(["eval", join(dir, name), "--endpoint", "sim", "--out", out, "--no-probes"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(await readdir(out)).toEqual([]);
    }
    await writeFile(join(dir, "good.yaml"), suite("scorer:\n  id: numeric\n  args: { absolute: 0.5 }"));
    expect((await runKfm(["suites", "validate", join(dir, "good.yaml")])).code).toBe(0);
  });

  it("kfm --help lists the commands", async () => {
    const result = await runKfm(["--help"]);
    expect(result.code).toBe(0);
    for (const command of ["eval", "show", "rescore", "merge", "suites", "serve-sim"]) expect(result.stdout).toContain(command);
  });

  it("an unknown command exits 2 with a suggestion", async () => {
    const result = await runKfm(["evl"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("eval");
  });
});

describe("kfm eval with several suites", () => {
  it("runs them one after another, each in its own run directory, and prints a JSON list", async () => {
    const { temporaryDirectory } = await import("./helpers/cli.js");
    const out = await temporaryDirectory();
    const result = await runKfm([
      "eval",
      "kobest-copa",
      "hrm8k",
      "--endpoint",
      "sim",
      "--limit",
      "10",
      "--out",
      out,
      "--run-id",
      "stage",
      "--json",
    ]);
    expect(result.code).toBe(0);
    const summaries = JSON.parse(result.stdout) as Array<{ runId: string; suite: { benchmark: string }; done: number }>;
    expect(summaries.map((summary) => [summary.runId, summary.suite.benchmark, summary.done])).toEqual([
      ["stage-kobest-copa", "KoBEST-COPA", 10],
      ["stage-hrm8k", "HRM8K", 10],
    ]);
  });
});

describe("kfm eval --stage", () => {
  it("runs the suites of a stage's benchmarks and names the benchmarks kfm has no suite for", async () => {
    const { temporaryDirectory } = await import("./helpers/cli.js");
    const out = await temporaryDirectory();
    const kmmlu = await runKfm(["eval", "--stage", "kmmlu", "--endpoint", "sim", "--limit", "5", "--out", out, "--run-id", "k", "--json"]);
    expect(kmmlu.code).toBe(0);
    expect((JSON.parse(kmmlu.stdout) as { suite: { id: string } }).suite.id).toBe("kmmlu");
    const review = await runKfm([
      "eval",
      "--stage",
      "first-review-2025-12",
      "--endpoint",
      "sim",
      "--limit",
      "5",
      "--out",
      out,
      "--run-id",
      "r",
    ]);
    // Every benchmark of the first review has a suite (tau2-bench Telecom is played by the simulator on both sides).
    expect(review.stderr).not.toContain("no kfm suite yet");
    expect(review.stderr).toMatch(/skipping livecodebench-v6: .*which kfm does not ship/);
    // Suites whose data must be supplied are named and skipped; the shipped ones (AIME 2025, HRM8K) run.
    expect(review.code).toBe(0);
    expect(review.stderr).toMatch(/skipping kmmlu-pro: .*which kfm does not ship[^\n]*\n {2}Obtain it from .*--data-dir/);
  });
});
