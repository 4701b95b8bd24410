import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startSimServer } from "../src/sim/index.js";
import type { ItemRecord } from "../src/spec/record.js";
import type { RunManifest, RunSummary } from "../src/spec/run.js";
import { loadSuite } from "../src/suite/index.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

const records = async (dir: string) =>
  (await readFile(join(dir, "items.jsonl"), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as ItemRecord);
const CATEGORIES = ["coding", "extraction", "humanities", "math", "reasoning", "roleplay", "stem", "writing"];

describe("KoMT-Bench: two turns over HTTP, judged by a model over HTTP", () => {
  it("ships 80 two-turn questions, 10 per category, with reference answers for math, reasoning and coding", async () => {
    const suite = await loadSuite("komt-bench");
    expect(suite.items).toHaveLength(80);
    expect(suite.items.every((item) => item.turns?.length === 2)).toBe(true);
    expect(new Set(suite.items.map((item) => item.subject))).toEqual(new Set(CATEGORIES));
    const referenced = suite.items.filter((item) => ["math", "reasoning", "coding"].includes(item.subject));
    expect(referenced.every((item) => suite.judgeResources!.references.get(item.fields.question_id!)?.length === 2)).toBe(true);
    expect([...suite.judgeResources!.prompts.keys()]).toContain("single-math-v1-multi-turn");
    // The second turn goes after the model's first reply, not in the first request.
    expect(suite.render(suite.items[0]!)).toMatchObject({
      messages: [{ role: "user", content: suite.items[0]!.turns![0] }],
      followUps: [suite.items[0]!.turns![1]],
    });
  });

  it("judges each turn with the shipped Korean prompts, reports the per-category table, and re-scores from the cache without calling the judge", async () => {
    const judge = await startSimServer({ seed: 4, model: "judge-sim" });
    const out = await temporaryDirectory();
    try {
      const result = await runKfm([
        "eval",
        "komt-bench",
        "--endpoint",
        "sim",
        "--judge",
        judge.url,
        "--judge-model",
        "judge-sim",
        "--out",
        out,
        "--run-id",
        "k",
        "--json",
        "--no-probes",
      ]);
      expect(result.stderr).not.toMatch(/internal error/);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout) as RunSummary;
      expect(judge.stats().byOutcome.judge).toBe(160);
      const judged = summary.judged!;
      expect(judged).toMatchObject({ judge: "judge-sim", scale: 10, items: 80 });
      expect(Object.keys(judged.byCategory)).toEqual(CATEGORIES);
      const stored = await records(join(out, "k"));
      const ratings = stored.flatMap((record) => record.details!.judge!.turns.map((turn) => turn.rating));
      expect(ratings).toHaveLength(160);
      expect(judged.mean).toBeCloseTo(ratings.reduce((a, b) => a + b, 0) / 160, 12);
      expect(summary.accuracy).toBeCloseTo(stored.reduce((sum, record) => sum + record.score!, 0) / 80, 12);
      // Math, reasoning and coding were judged against the references; the others with the general prompts.
      const math = stored.find((record) => record.subject === "math")!;
      expect(math.details!.judge!.turns.map((turn) => turn.prompt)).toEqual(["single-math-v1", "single-math-v1-multi-turn"]);
      expect(math.turns).toHaveLength(2);
      const manifest = JSON.parse(await readFile(join(out, "k", "manifest.json"), "utf8")) as RunManifest;
      expect(manifest.judge).toMatchObject({ adapter: "openai-compatible", model: "judge-sim" });

      const html = await runKfm(["report", join(out, "k"), "--format", "html", "--out", "-"]);
      expect(html.stdout).toMatch(/\[single-math-v1-multi-turn, turn 2: \d+(\.\d+)?\/10 by judge-sim\]/);
      expect(html.stdout).toContain("[assistant, turn 2]");
      const markdown = await runKfm(["report", join(out, "k"), "--format", "md", "--out", "-"]);
      expect(markdown.stdout).toContain("by category, mean rating / 10");
      expect(markdown.stdout).toMatch(new RegExp(`\\| stem \\| ${judged.byCategory.stem!.toFixed(2)} \\|`));
      expect(markdown.stdout).toMatch(/judged \d\.\d\d ± \d\.\d\d \/ 10 by judge-sim \(turn 1 \d\.\d\d, turn 2 \d\.\d\d\)/);

      // Another judge (another seed) rates the same replies: compare pairs the items by their credit.
      const otherJudge = await startSimServer({ seed: 8, model: "judge-sim" });
      try {
        const other = await runKfm([
          "eval",
          "komt-bench",
          "--endpoint",
          "sim",
          "--judge",
          otherJudge.url,
          "--judge-model",
          "judge-sim",
          "--out",
          out,
          "--run-id",
          "k2",
          "--json",
          "--no-probes",
        ]);
        const second = JSON.parse(other.stdout) as RunSummary;
        const compared = await runKfm(["compare", join(out, "k"), join(out, "k2"), "--json"]);
        const comparison = JSON.parse(compared.stdout) as { overall: { differencePoints: number; n: number } };
        expect(comparison.overall.n).toBe(80);
        expect(comparison.overall.differencePoints).toBeCloseTo(100 * (second.accuracy - summary.accuracy), 9);
        expect(comparison.overall.differencePoints).not.toBe(0);
      } finally {
        await otherJudge.close();
      }

      const before = judge.stats().requests;
      const rescored = await runKfm(["rescore", join(out, "k"), "--judge", judge.url, "--judge-model", "judge-sim", "--json"]);
      expect(rescored.code).toBe(0);
      expect(judge.stats().requests).toBe(before);
      expect((JSON.parse(rescored.stdout) as RunSummary).judged).toEqual(judged);
    } finally {
      await judge.close();
    }
  });

  it("a judge reply without a rating is an error on the item (exit 4), and a re-score with a working judge fills it in without calling the model", async () => {
    const broken = await startSimServer({ seed: 4, model: "judge-sim", judge: { noRatingRate: 1 } });
    const out = await temporaryDirectory();
    try {
      const result = await runKfm([
        "eval",
        "komt-bench",
        "--endpoint",
        "sim",
        "--limit",
        "12",
        "--judge",
        broken.url,
        "--judge-model",
        "judge-sim",
        "--out",
        out,
        "--run-id",
        "b",
        "--json",
        "--no-probes",
      ]);
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/12 items have replies but no judgment.*kfm rescore/);
      const summary = JSON.parse(result.stdout) as RunSummary;
      expect(summary.counts).toMatchObject({ error: 12, correct: 0 });
      expect(summary.judged).toBeUndefined();
      const stored = await records(join(out, "b"));
      expect(stored.every((record) => record.error?.code === "judge" && record.turns?.length === 2)).toBe(true);
    } finally {
      await broken.close();
    }
    const working = await startSimServer({ seed: 4, model: "judge-sim" });
    try {
      const rescored = await runKfm(["rescore", join(out, "b"), "--judge", working.url, "--judge-model", "judge-sim", "--json"]);
      expect(rescored.code).toBe(0);
      const summary = JSON.parse(rescored.stdout) as RunSummary;
      expect(summary.counts).toMatchObject({ error: 0, correct: 12 });
      expect(working.stats().byOutcome.judge).toBe(24);
    } finally {
      await working.close();
    }
  });

  it("the judge's API key never reaches the run directory, the output or an error, and a rejected judge key stops the run", async () => {
    const planted = "sk-judge-PLANTED-0123456789abcdef";
    const judge = await startSimServer({ seed: 4, model: "judge-sim", apiKey: planted });
    const out = await temporaryDirectory();
    try {
      await writeFile(
        join(out, "kfm.yaml"),
        `endpoints:\n  judge:\n    baseUrl: ${judge.url}\n    model: judge-sim\n    apiKeyEnv: JUDGE_KEY\n`,
      );
      for (const [runId, key] of [
        ["good", planted],
        ["bad", "sk-judge-WRONG-9876543210"],
      ] as const) {
        const result = await runKfm(
          [
            "eval",
            "komt-bench",
            "--config",
            join(out, "kfm.yaml"),
            "--endpoint",
            "sim",
            "--judge",
            "judge",
            "--limit",
            "3",
            "--out",
            out,
            "--run-id",
            runId,
            "--json",
            "--no-probes",
          ],
          { env: { JUDGE_KEY: key } },
        );
        // A refused judge key stops the run at once (exit 2, naming the variable), as a refused model key does.
        expect(result.code).toBe(runId === "good" ? 0 : 2);
        if (runId === "bad") expect(result.stderr).toMatch(/JUDGE_KEY/);
        for (const text of [result.stdout, result.stderr]) expect(text).not.toContain(key);
        for (const file of await readdir(join(out, runId))) expect(await readFile(join(out, runId, file), "utf8")).not.toContain(key);
      }
      const rejected = await records(join(out, "bad"));
      expect(rejected.length).toBeLessThan(3 + 1);
      expect(rejected.every((record) => record.error?.code === "judge" && record.turns?.length === 2)).toBe(true);
    } finally {
      await judge.close();
    }
  });

  it("without --judge, a judged suite is a usage error (exit 2) that says what to pass; against the simulator, the simulator judges", async () => {
    const out = await temporaryDirectory();
    const server = await startSimServer({ seed: 4 });
    try {
      const result = await runKfm(["eval", "komt-bench", "--endpoint", server.url, "--model", "kfm-sim-1", "--out", out]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/komt-bench is judged by a model: name the judge with --judge/);
      expect(result.stderr).toMatch(/--judge sim/);
    } finally {
      await server.close();
    }
    // A judge that names no endpoint fails before any run directory exists, and nothing is left running.
    const unknown = await runKfm(["eval", "komt-bench", "--endpoint", "sim", "--judge", "nope", "--out", out]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown endpoint "nope"/);
    expect(await readdir(out)).toEqual([]);
    // kfm's simulated model is judged by the simulator unless --judge names another, and the manifest says so.
    const simulated = await runKfm([
      "eval",
      "komt-bench",
      "--endpoint",
      "sim",
      "--limit",
      "2",
      "--out",
      out,
      "--run-id",
      "s",
      "--no-probes",
    ]);
    expect(simulated.code).toBe(0);
    expect(simulated.stderr).toMatch(/judge: endpoint "sim" is kfm's built-in simulated model/);
    const manifest = JSON.parse(await readFile(join(out, "s", "manifest.json"), "utf8")) as RunManifest;
    expect(manifest.judge).toMatchObject({ endpoint: "sim", adapter: "simulated" });
  });
});
