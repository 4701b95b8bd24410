import { describe, expect, it } from "vitest";
import type { ItemStatus } from "../spec/scorer.js";
import { passHat, toolUseMetrics } from "./tool-use-metrics.js";

const trial = (task: string, number: number, status: ItemStatus, stop: "answer" | "turns" = "answer") => ({
  id: `${task}#${number}`,
  task,
  trial: number,
  status,
  details: { toolUse: { decision: "call" as const, expected: "call" as const } },
  agent: { trajectory: [], turns: 3, toolCalls: 2, malformedCalls: stop === "turns" ? 2 : 0, toolErrors: 1, stop },
});

describe("pass^k", () => {
  it("is C(c,k)/C(n,k): the chance that k trials drawn from n all pass", () => {
    expect(passHat(4, 4, 4)).toBe(1);
    expect(passHat(3, 4, 1)).toBe(0.75);
    expect(passHat(3, 4, 2)).toBeCloseTo(3 / 6, 12);
    expect(passHat(3, 4, 4)).toBe(0);
    expect(passHat(2, 5, 2)).toBeCloseTo(1 / 10, 12);
    expect(passHat(1, 2, 3)).toBeNaN();
  });

  it("averages over tasks, leaves endpoint errors out, and reports pass@1 beside pass^k", () => {
    const records = [
      trial("a", 1, "correct"),
      trial("a", 2, "correct"),
      trial("a", 3, "correct"),
      trial("b", 1, "correct"),
      trial("b", 2, "incorrect", "turns"),
      trial("b", 3, "correct"),
      trial("c", 1, "incorrect"),
      trial("c", 2, "error"),
      trial("c", 3, "incorrect"),
    ];
    const metrics = toolUseMetrics(records, 3)!;
    expect(metrics.tasks).toBe(3);
    // a: 3/3, b: 2/3, c: 0/2 (its error trial is not a failed trial).
    expect(metrics.passAt1).toBeCloseTo((1 + 2 / 3 + 0) / 3, 12);
    expect(metrics.passHatK["1"]).toBeCloseTo(metrics.passAt1, 12);
    expect(metrics.passHatK["2"]).toBeCloseTo((1 + 1 / 3 + 0) / 3, 12);
    // c has only two graded trials: it does not count for k = 3.
    expect(metrics.passHatK["3"]).toBeCloseTo((1 + 0) / 2, 12);
    expect(metrics.decisions).toEqual({ call: { call: 8 } });
    expect(metrics.loop).toEqual({ meanTurns: 3, toolCalls: 16, malformedCalls: 2, toolErrors: 8, stops: { answer: 7, turns: 1 } });
  });

  it("is absent for a run without tool use", () => {
    expect(toolUseMetrics([{ id: "x", status: "correct" }], 1)).toBeUndefined();
  });
});
