import { describe, expect, it } from "vitest";
import {
  accuracyError,
  clusterMeans,
  macroError,
  meanInterval,
  meanStderr,
  sampleStddev,
  tQuantile975,
  wilsonInterval,
} from "./score-error.js";

describe("meanStderr (lm-evaluation-harness acc_stderr)", () => {
  it("is the sample standard deviation over sqrt(n)", () => {
    // p = 0.6 over 5 items: Σ(x − 0.6)² = 3·0.16 + 2·0.36 = 1.2; s = sqrt(1.2/4) = sqrt(0.3); se = s/sqrt(5)
    expect(sampleStddev([1, 1, 0, 0, 1])).toBeCloseTo(Math.sqrt(0.3), 12);
    expect(meanStderr([1, 1, 0, 0, 1])).toBeCloseTo(0.2449489743, 9);
    // For 0/1 outcomes it equals sqrt(p(1 − p)/(n − 1)): 600 right of 1000
    const outcomes = Array.from({ length: 1000 }, (_, index) => (index < 600 ? 1 : 0));
    expect(meanStderr(outcomes)).toBeCloseTo(Math.sqrt((0.6 * 0.4) / 999), 12);
  });

  it("is undefined below two items", () => {
    expect(meanStderr([1])).toBeUndefined();
    expect(meanStderr([])).toBeUndefined();
  });
});

describe("wilsonInterval", () => {
  it("matches hand-computed Wilson bounds", () => {
    // 6/10: centre (0.6 + z²/20)/(1 + z²/10) = 0.57225, half-width 0.25957
    const interval = wilsonInterval(6, 10);
    expect(interval.low).toBeCloseTo(0.31267, 4);
    expect(interval.high).toBeCloseTo(0.83182, 4);
  });

  it("does not collapse at 0/n or n/n", () => {
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.27753, 4) });
    const all = wilsonInterval(10, 10);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.72247, 4);
  });

  it("refuses an empty count", () => {
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
  });
});

describe("tQuantile975", () => {
  it("reads the table and follows the expansion beyond it", () => {
    expect(tQuantile975(4)).toBe(2.776);
    expect(tQuantile975(30)).toBe(2.042);
    expect(tQuantile975(31)).toBeCloseTo(2.0395, 3);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.9799, 3);
  });
});

describe("meanInterval", () => {
  it("is mean ± t(n − 1)·s/√n", () => {
    // ratings 7, 8, 9, 6, 10: mean 8, s = sqrt(10/4), se = 0.70711, t(4) = 2.776
    const interval = meanInterval([7, 8, 9, 6, 10])!;
    expect(interval.stderr).toBeCloseTo(0.70711, 5);
    expect(interval.low).toBeCloseTo(6.03707, 4);
    expect(interval.high).toBeCloseTo(9.96293, 4);
    expect(meanInterval([7, 8, 9, 6, 10], { min: 1, max: 9.5 })!.high).toBe(9.5);
  });
});

describe("accuracyError", () => {
  it("gives a Wilson interval for 0/1 outcomes and a t interval for graded ones", () => {
    const binary = accuracyError([1, 1, 1, 1, 1, 1, 0, 0, 0, 0])!;
    expect(binary.stderr).toBeCloseTo(Math.sqrt(0.24 / 9), 12);
    expect(binary.low).toBeCloseTo(0.31267, 4);
    // per-item means 1, 0.5, 0.5, 0: mean 0.5, s = sqrt(0.5/3), se = s/2 = 0.20412, t(3) = 3.182 -> ± 0.64951, clipped
    const graded = accuracyError([1, 0.5, 0.5, 0])!;
    expect(graded.stderr).toBeCloseTo(0.204124, 5);
    expect(graded.low).toBe(0);
    expect(graded.high).toBe(1);
    expect(accuracyError([1])).toBeUndefined();
  });
});

describe("macroError", () => {
  it("combines the groups' errors as the error of their mean", () => {
    // sqrt(0.03² + 0.04²)/2 = 0.025; macro 0.6 ± 1.96·0.025
    const error = macroError([
      { score: 0.5, stderr: 0.03 },
      { score: 0.7, stderr: 0.04 },
    ])!;
    expect(error.stderr).toBeCloseTo(0.025, 12);
    expect(error.low).toBeCloseTo(0.551, 3);
    expect(error.high).toBeCloseTo(0.649, 3);
    expect(macroError([])).toBeUndefined();
  });
});

describe("clusterMeans", () => {
  it("averages each cluster's values in first-seen order", () => {
    expect(
      clusterMeans([
        { cluster: "b", value: 1 },
        { cluster: "a", value: 0 },
        { cluster: "b", value: 0 },
        { cluster: "a", value: 0 },
      ]),
    ).toEqual([0.5, 0]);
  });
});
