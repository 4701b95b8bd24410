import { describe, expect, it } from "vitest";
import { instructionMetrics } from "./instruction-metrics.js";
import { judgeMetrics } from "./judge-metrics.js";

const judged = (id: string, ratings: number[], task?: string) => ({
  id,
  ...(task ? { task } : {}),
  status: "correct" as const,
  subject: "writing",
  details: {
    judge: { model: "judge", scale: 10, turns: ratings.map((rating) => ({ prompt: "p", promptHash: "h", replies: [], rating })) },
  },
});

describe("the judged mean rating's interval", () => {
  it("is a t interval over the items' mean ratings, on the judge's scale", () => {
    // item means 7.5, 8.5, 6.5, 9.5: mean 8, s = sqrt(5/3), se = s/2 = 0.645497, t(3) = 3.182
    const metrics = judgeMetrics([judged("a", [7, 8]), judged("b", [8, 9]), judged("c", [6, 7]), judged("d", [9, 10])])!;
    expect(metrics.mean).toBe(8);
    expect(metrics.meanError!.stderr).toBeCloseTo(0.645497, 5);
    expect(metrics.meanError!.low).toBeCloseTo(8 - 3.182 * 0.645497, 4);
    // 8 + 2.054 would pass the top of the scale: clipped at 10
    expect(metrics.meanError!.high).toBe(10);
  });

  it("counts the samples of a repeated item as one item", () => {
    const metrics = judgeMetrics([judged("a#1", [6], "a"), judged("a#2", [8], "a"), judged("b#1", [4], "b"), judged("b#2", [4], "b")])!;
    // item means 7 and 4: se = |7 − 4| / 2 = 1.5
    expect(metrics.meanError!.stderr).toBeCloseTo(1.5, 12);
  });
});

describe("IFEval's prompt-level errors", () => {
  it("are over prompts: strict and loose each with acc_stderr and a Wilson interval", () => {
    const record = (strict: boolean, loose: boolean) => ({
      status: strict ? ("correct" as const) : ("incorrect" as const),
      details: { instructions: [{ id: "x", strict, loose }] },
    });
    const metrics = instructionMetrics([record(true, true), record(false, true), record(false, true), record(false, false)])!;
    expect(metrics.promptStrict).toBe(0.25);
    expect(metrics.promptStrictError!.stderr).toBeCloseTo(Math.sqrt((0.25 * 0.75) / 3), 12);
    expect(metrics.promptLoose).toBe(0.75);
    expect(metrics.promptLooseError!.stderr).toBeCloseTo(Math.sqrt((0.25 * 0.75) / 3), 12);
    expect(metrics.promptLooseError!.high).toBeLessThanOrEqual(1);
  });
});
