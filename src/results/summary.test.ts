import { describe, expect, it } from "vitest";
import type { ItemRecord } from "../spec/record.js";
import type { RunManifest } from "../spec/run.js";
import type { ItemStatus } from "../spec/scorer.js";
import { percentile, summarize } from "./summary.js";

const manifest = {
  runId: "r1",
  suite: { id: "kmmlu", version: "1.0.0", benchmark: "KMMLU", contentHash: "sha256:abc" },
  endpoint: { name: "sim", model: "m" },
} as unknown as RunManifest;

function record(id: string, subject: string, supercategory: string, status: ItemStatus, latencyMs = 10): ItemRecord {
  return {
    v: 1,
    id,
    index: 0,
    subject,
    supercategory,
    status,
    target: "A",
    promptHash: "h",
    time: "t",
    latencyMs,
    usage: { inputTokens: 5, outputTokens: 2 },
  };
}

describe("summarize", () => {
  const records = [
    record("a1", "Accounting", "HUMSS", "correct"),
    record("a2", "Accounting", "HUMSS", "incorrect"),
    record("a3", "Accounting", "HUMSS", "no-answer"),
    record("a4", "Accounting", "HUMSS", "correct"),
    record("m1", "math", "STEM", "correct", 30),
    record("m2", "math", "STEM", "error", 999),
  ];
  const summary = summarize(records, { manifest, status: "complete", total: 6 });

  it("lists subjects and supercategories in code unit order, the same under every locale and ICU version", () => {
    const mixed = ["Ia", "IT", "가나", "Zoo", "a-b", "a_b"].map((subject, number) =>
      record(`x${number}`, subject, subject.toLowerCase(), "correct"),
    );
    const listed = summarize(mixed, { manifest, status: "complete", total: mixed.length });
    expect(Object.keys(listed.bySubject)).toEqual(["IT", "Ia", "Zoo", "a-b", "a_b", "가나"]);
    expect(Object.keys(listed.bySupercategory)).toEqual(["a-b", "a_b", "ia", "it", "zoo", "가나"]);
  });

  it("counts every status and keeps errors out of the accuracy denominator", () => {
    expect(summary.counts).toEqual({ correct: 3, incorrect: 1, "no-answer": 1, error: 1 });
    expect(summary.done).toBe(6);
    expect(summary.accuracy).toBeCloseTo(3 / 5);
    expect(summary.errorRate).toBeCloseTo(1 / 6);
    expect(summary.noAnswerRate).toBeCloseTo(1 / 5);
  });

  it("macro-averages over subjects and groups by supercategory", () => {
    expect(summary.bySubject.Accounting!.accuracy).toBeCloseTo(0.5);
    expect(summary.bySubject.math!.accuracy).toBe(1);
    expect(summary.macroAccuracy).toBeCloseTo(0.75);
    expect(summary.bySupercategory.STEM!.counts.error).toBe(1);
  });

  it("sums tokens and ignores errored items' latency", () => {
    expect(summary.tokens).toEqual({ input: 30, output: 12, reasoning: 0 });
    expect(summary.latencyMs.p95).toBe(30);
  });

  it("counts replies stored cut, and says nothing when none were", () => {
    expect(summary.truncatedReplies).toBeUndefined();
    const cut = summarize([...records, { ...record("a5", "Accounting", "HUMSS", "correct"), truncated: true }], {
      manifest,
      status: "complete",
      total: 7,
    });
    expect(cut.truncatedReplies).toBe(1);
  });

  it("percentile uses the nearest rank", () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.95)).toBe(4);
    expect(percentile([], 0.5)).toBeUndefined();
  });

  it("gives accuracy, macro and group errors over items (acc_stderr with a Wilson 95% interval)", () => {
    // 3 right of 5 answered: acc_stderr = sqrt(0.6·0.4/4)
    expect(summary.accuracyError!.stderr).toBeCloseTo(Math.sqrt(0.24 / 4), 12);
    expect(summary.accuracyError!.low).toBeCloseTo(0.23072, 4);
    expect(summary.accuracyError!.high).toBeCloseTo(0.88238, 4);
    // Accounting 2 of 4: se = sqrt(1/3)/2; math has one answered item, so no error of its own
    expect(summary.bySubject.Accounting!.error!.stderr).toBeCloseTo(Math.sqrt(1 / 3) / 2, 12);
    expect(summary.bySubject.math!.error).toBeUndefined();
    expect(summary.bySupercategory.HUMSS!.error!.stderr).toBeCloseTo(Math.sqrt(1 / 3) / 2, 12);
    // macro: sqrt(se_acc² + 0²)/2
    expect(summary.macroAccuracyError!.stderr).toBeCloseTo(Math.sqrt(1 / 3) / 4, 12);
  });

  it("with repeats, clusters the error by item and adds avg@k, pass@k and majority", () => {
    const sample = (item: string, trial: number, status: ItemStatus, extracted?: string): ItemRecord => ({
      ...record(`${item}#${trial}`, "AIME", "math", status),
      task: item,
      trial,
      ...(extracted ? { extracted } : {}),
    });
    const samples = [
      sample("p1", 1, "correct", "7"),
      sample("p1", 2, "correct", "7"),
      sample("p2", 1, "incorrect", "3"),
      sample("p2", 2, "correct", "5"),
      sample("p3", 1, "incorrect", "1"),
      sample("p3", 2, "no-answer"),
    ];
    const repeated = summarize(samples, {
      manifest: { ...manifest, suite: { ...manifest.suite, repeats: 2 } },
      status: "complete",
      total: 6,
    });
    expect(repeated.accuracy).toBeCloseTo(0.5);
    // per-item means 1, 0.5, 0: se = 0.5/√3; the interval is a t interval over the three items
    expect(repeated.accuracyError!.stderr).toBeCloseTo(0.5 / Math.sqrt(3), 12);
    expect(repeated.repeats).toEqual({
      k: 2,
      items: 3,
      samples: 6,
      avgAtK: 0.5,
      avgAtKError: repeated.accuracyError,
      passAtK: 2 / 3,
      // p2's tie goes to 3 (given first, wrong)
      majority: 1 / 3,
    });
  });
});
