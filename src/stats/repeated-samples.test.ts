import { describe, expect, it } from "vitest";
import { majorityAnswer, passAtK, summarizeRepeats, type SampleRecord } from "./repeated-samples.js";

describe("passAtK (Codex unbiased estimator)", () => {
  it("equals 1 − C(n − c, k)/C(n, k)", () => {
    // n 5, c 2, k 2: 1 − C(3,2)/C(5,2) = 1 − 3/10
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 12);
    // k 1 is the fraction correct
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12);
    // n = k: any sample right
    expect(passAtK(4, 0, 4)).toBe(0);
    expect(passAtK(4, 1, 4)).toBe(1);
    // n 200, c 10, k 100 stays finite where the binomials would overflow
    const expected = 1 - Array.from({ length: 10 }, (_, index) => 1 - 100 / (191 + index)).reduce((a, b) => a * b, 1);
    expect(passAtK(200, 10, 100)).toBeCloseTo(expected, 12);
  });

  it("takes k as n when errors left fewer than k samples", () => {
    expect(passAtK(2, 0, 4)).toBe(0);
    expect(passAtK(2, 1, 4)).toBe(1);
  });
});

describe("majorityAnswer", () => {
  it("gives a tie to the answer given first and ignores samples without one", () => {
    expect(majorityAnswer(["B", "A", "A", "B"])).toBe("B");
    expect(majorityAnswer(["B", "A", "A"])).toBe("A");
    expect(majorityAnswer([undefined, "C", undefined])).toBe("C");
    expect(majorityAnswer([undefined, undefined])).toBeUndefined();
  });
});

describe("summarizeRepeats", () => {
  const sample = (item: string, answer: string | undefined, correct: boolean): SampleRecord => ({
    item,
    correct,
    ...(answer ? { answer } : {}),
  });

  it("gives avg@k clustered by item, pass@k and majority vote", () => {
    const samples = [
      // item 1: 3 of 4 right, majority right
      sample("1", "7", true),
      sample("1", "7", true),
      sample("1", "8", false),
      sample("1", "7", true),
      // item 2: 1 of 4 right; the majority answer 5 (two votes) is wrong
      sample("2", "5", false),
      sample("2", "6", true),
      sample("2", "9", false),
      sample("2", "5", false),
      // item 3: none right, one no-answer
      sample("3", undefined, false),
      sample("3", "1", false),
      sample("3", "2", false),
      sample("3", "2", false),
    ];
    const summary = summarizeRepeats(samples, 4)!;
    expect(summary.items).toBe(3);
    expect(summary.samples).toBe(12);
    // per-item means 0.75, 0.25, 0: mean 1/3
    expect(summary.avgAtK).toBeCloseTo(1 / 3, 12);
    // s of (0.75, 0.25, 0) = sqrt(((5/12)² + (1/12)² + (1/3)²)/2) = 0.38188; se = s/√3
    expect(summary.avgAtKError!.stderr).toBeCloseTo(0.22048, 4);
    // pass@4 with n = 4: items 1 and 2 pass
    expect(summary.passAtK).toBeCloseTo(2 / 3, 12);
    // majority: item 1 only (item 2's vote is 5, item 3's is 2)
    expect(summary.majority).toBeCloseTo(1 / 3, 12);
  });

  it("is undefined without graded samples", () => {
    expect(summarizeRepeats([], 4)).toBeUndefined();
  });
});
