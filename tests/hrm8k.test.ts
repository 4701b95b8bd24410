import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerKey } from "../src/sim/index.js";
import { expectedOutcome, startSimServer } from "../src/sim/index.js";
import type { ItemRecord } from "../src/spec/record.js";
import type { RunSummary } from "../src/spec/run.js";
import { loadSuite, selectItems } from "../src/suite/index.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

const SUBSETS = { GSM8K: 1319, KSM: 1428, MATH: 2885, MMMLU: 470, OMNI_MATH: 1909 };

describe("HRM8K over HTTP", () => {
  it("loads the full set: 8,011 problems in the five subsets, asked as the authors ask (final answer in \\boxed{})", async () => {
    const suite = await loadSuite("hrm8k");
    expect(suite.items).toHaveLength(8011);
    const bySubset: Record<string, number> = {};
    for (const item of suite.items) bySubset[item.subject] = (bySubset[item.subject] ?? 0) + 1;
    expect(bySubset).toEqual(SUBSETS);
    const [system, user] = suite.render(suite.items[0]!).messages;
    expect(system).toEqual({
      role: "system",
      content: "Solve the given question. After solving the problem, state your final answer in the following format: $\\boxed{N}$.",
    });
    expect(user!.content).toBe(suite.items[0]!.fields.question);
    // MMMLU answers are option numbers; some KSM answers are LaTeX.
    expect(suite.items.filter((item) => item.subject === "MMMLU").every((item) => /^[1-4]$/.test(item.target))).toBe(true);
    expect(suite.items.some((item) => item.subject === "KSM" && item.target.includes("\\frac"))).toBe(true);
  });

  it("scores a stratified sample exactly as the simulated model answered, with every subset and the mean over subsets", async () => {
    const suite = await loadSuite("hrm8k");
    const sample = selectItems(suite.items, { sample: 250, seed: 4 });
    const options = { seed: 12, accuracy: 0.55, noAnswerRate: 0.05 };
    const sim = await startSimServer({ ...options, answerKey: answerKey(sample) });
    try {
      const out = await temporaryDirectory();
      const result = await runKfm([
        "eval",
        "hrm8k",
        "--endpoint",
        sim.url,
        "--model",
        "kfm-sim-1",
        "--sample",
        "250",
        "--seed",
        "4",
        "--out",
        out,
        "--run-id",
        "h",
        "--json",
      ]);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout) as RunSummary;
      const expected = { correct: 0, incorrect: 0, "no-answer": 0, error: 0 };
      for (const entry of answerKey(sample)) expected[expectedOutcome(options, entry)]++;
      expect(summary.counts).toEqual(expected);
      // Stratified: each subset keeps its share of the 250.
      expect(Object.fromEntries(Object.entries(summary.bySubject).map(([subset, metrics]) => [subset, metrics.total]))).toEqual({
        GSM8K: 41,
        KSM: 44,
        MATH: 90,
        MMMLU: 15,
        OMNI_MATH: 60,
      });
      const accuracies = Object.values(summary.bySubject).map((metrics) => metrics.accuracy);
      expect(summary.macroAccuracy).toBeCloseTo(accuracies.reduce((sum, value) => sum + value, 0) / accuracies.length, 12);
      const records = (await readFile(join(out, "h", "items.jsonl"), "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as ItemRecord);
      const rules = new Set(records.map((record) => record.rule));
      for (const rule of ["korean-final-answer", "boxed", "gsm8k-hash"]) expect(rules).toContain(rule);
      // The console shows the per-subset table unasked.
      const shown = await runKfm(["show", join(out, "h")]);
      for (const subset of Object.keys(SUBSETS)) expect(shown.stdout).toContain(subset);
      // The verdict reads HRM8K like any benchmark in the registry.
      const verdict = await runKfm(["verdict", join(out, "h"), "--as-of", "2025-12-30", "--json"]);
      expect([0, 1, 3]).toContain(verdict.code);
      expect(JSON.parse(verdict.stdout).benchmarks[0].benchmark).toBe("HRM8K");
    } finally {
      await sim.close();
    }
  });
});
