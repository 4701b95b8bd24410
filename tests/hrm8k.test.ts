import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerKey } from "../src/app/open-endpoint.js";
import { expectedOutcome, startSimServer } from "../src/sim/index.js";
import type { ItemRecord } from "../src/spec/record.js";
import type { RunSummary } from "../src/spec/run.js";
import { loadSuite } from "../src/suite/index.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

describe("HRM8K over HTTP", () => {
  it("loads the real sample: 300 items in five subsets with numeric or LaTeX answers", async () => {
    const suite = await loadSuite("hrm8k");
    expect(suite.items).toHaveLength(300);
    expect(new Set(suite.items.map((item) => item.subject))).toEqual(new Set(["GSM8K", "KSM", "MATH", "MMMLU", "OMNI_MATH"]));
    expect(suite.render(suite.items[0]!).messages[0]!.content).toContain("정답: (답)");
  });

  it("scores the simulated model's numeric replies exactly as it answered them", async () => {
    const suite = await loadSuite("hrm8k");
    const options = { seed: 12, accuracy: 0.55, noAnswerRate: 0.05 };
    const sim = await startSimServer({ ...options, answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      const result = await runKfm(["eval", "hrm8k", "--endpoint", sim.url, "--model", "kfm-sim-1", "--out", out, "--run-id", "h", "--json"]);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout) as RunSummary;
      const expected = { correct: 0, incorrect: 0, "no-answer": 0, error: 0 };
      for (const entry of answerKey(suite.items)) expected[expectedOutcome(options, entry)]++;
      expect(summary.counts).toEqual(expected);
      const records = (await readFile(join(out, "h", "items.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line) as ItemRecord);
      const rules = new Set(records.map((record) => record.rule));
      for (const rule of ["korean-final-answer", "boxed", "gsm8k-hash"]) expect(rules).toContain(rule);
      // The verdict reads HRM8K like any benchmark in the registry.
      const verdict = await runKfm(["verdict", join(out, "h"), "--as-of", "2025-12-30", "--json"]);
      expect([0, 1, 3]).toContain(verdict.code);
      expect(JSON.parse(verdict.stdout).benchmarks[0].benchmark).toBe("HRM8K");
    } finally {
      await sim.close();
    }
  });
});
