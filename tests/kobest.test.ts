import { describe, expect, it } from "vitest";
import { answerKey } from "../src/sim/index.js";
import { macroF1 } from "../src/scoring/macro-f1.js";
import { expectedOutcome, startSimServer } from "../src/sim/index.js";
import type { RunSummary } from "../src/spec/run.js";
import { loadSuite, selectItems } from "../src/suite/index.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

const TASKS = ["boolq", "copa", "hellaswag", "sentineg", "wic"] as const;
/** The full test sets (KoBEST v1, 4,561 items). */
const SIZES = { boolq: 1404, copa: 1000, hellaswag: 500, sentineg: 397, wic: 1260 };

describe("KoBEST suites", () => {
  it.each(TASKS)(
    "kobest-%s loads its full test set and runs a sample over HTTP with the exact expected counts and macro F1",
    async (task) => {
      const suite = await loadSuite(`kobest-${task}`);
      expect(suite.items).toHaveLength(SIZES[task]);
      expect(new Set(suite.items.map((item) => item.target)).size).toBeGreaterThanOrEqual(2);
      const sample = selectItems(suite.items, { sample: 60 });
      const options = { seed: 3, accuracy: 0.7, noAnswerRate: 0.03 };
      const sim = await startSimServer({ ...options, answerKey: answerKey(sample, (item) => suite.render(item)) });
      try {
        const out = await temporaryDirectory();
        const result = await runKfm([
          "eval",
          `kobest-${task}`,
          "--endpoint",
          sim.url,
          "--model",
          "kfm-sim-1",
          "--sample",
          "60",
          "--out",
          out,
          "--run-id",
          task,
          "--json",
        ]);
        expect(result.code).toBe(0);
        const summary = JSON.parse(result.stdout) as RunSummary;
        const expected = { correct: 0, incorrect: 0, "no-answer": 0, error: 0 };
        for (const entry of answerKey(sample, (item) => suite.render(item))) expected[expectedOutcome(options, entry)]++;
        expect(summary.counts).toEqual(expected);
        expect(summary.macroF1).toBeGreaterThan(0);
        expect(summary.macroF1).toBeLessThanOrEqual(1);
      } finally {
        await sim.close();
      }
    },
  );

  it("BoolQ's mixed-case answers map to one label each", async () => {
    const suite = await loadSuite("kobest-boolq");
    expect(new Set(suite.items.map((item) => item.target))).toEqual(new Set(["A", "B"]));
    expect(suite.items[0]!.choices).toEqual(["예", "아니요"]);
  });
});

describe("macroF1", () => {
  it("averages per-class F1; a no-answer costs recall only", () => {
    const records = [
      { target: "A", extracted: "A", status: "correct" as const },
      { target: "A", extracted: "B", status: "incorrect" as const },
      { target: "B", extracted: "B", status: "correct" as const },
      { target: "B", status: "no-answer" as const },
    ];
    // A: precision 1, recall 0.5 -> 2/3; B: precision 0.5, recall 0.5 -> 0.5
    expect(macroF1(records)).toBeCloseTo((2 / 3 + 0.5) / 2, 10);
    expect(macroF1([{ target: "A", status: "error" as const }])).toBe(0);
  });
});
