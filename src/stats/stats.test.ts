import { describe, expect, it } from "vitest";
import { mcnemar } from "./mcnemar.js";
import { pairedDifference } from "./paired-difference.js";
import { seededRandom } from "./seeded-random.js";

describe("mcnemar", () => {
  it("matches the exact binomial test on known values", () => {
    // b=0, c=5: p = 2 * 0.5^5 = 0.0625
    expect(mcnemar(0, 5).pValue).toBeCloseTo(0.0625, 10);
    // b=2, c=8: p = 2 * P(X<=2), X~Bin(10, .5) = 2 * 56/1024
    expect(mcnemar(2, 8).pValue).toBeCloseTo(0.109375, 10);
    expect(mcnemar(5, 5).pValue).toBe(1);
    expect(mcnemar(0, 0).pValue).toBe(1);
  });

  it("stays finite for large counts", () => {
    const result = mcnemar(4000, 4400);
    expect(result.pValue).toBeGreaterThan(0);
    expect(result.pValue).toBeLessThan(0.01);
  });
});

describe("pairedDifference", () => {
  it("is deterministic for a seed and centred on the observed difference", () => {
    const random = seededRandom(3);
    const a = Array.from({ length: 800 }, () => (random() < 0.6 ? 1 : 0));
    const b = a.map((value) => (random() < 0.1 ? 1 - value : value));
    const first = pairedDifference(a, b, { seed: 1 });
    const second = pairedDifference(a, b, { seed: 1 });
    expect(first).toEqual(second);
    expect(first.interval[0]).toBeLessThanOrEqual(first.difference);
    expect(first.interval[1]).toBeGreaterThanOrEqual(first.difference);
  });

  it("keeps graded credit whole: a judge's 0.55 against 0.8 is a difference of 0.25, not 0", () => {
    const a = [0.8, 0.8, 0.8, 0.8];
    const b = [0.55, 0.55, 0.55, 0.55];
    const result = pairedDifference(a, b, { seed: 2, replicates: 200 });
    expect(result.difference).toBeCloseTo(-0.25, 12);
    expect(result.interval[0]).toBeCloseTo(-0.25, 12);
    expect(result.interval[1]).toBeCloseTo(-0.25, 12);
  });

  it("draws its interval at the level asked for", () => {
    const random = seededRandom(5);
    const a = Array.from({ length: 400 }, () => (random() < 0.6 ? 1 : 0));
    const b = a.map((value) => (random() < 0.2 ? 1 - value : value));
    const wide = pairedDifference(a, b, { seed: 1, level: 0.99 });
    const narrow = pairedDifference(a, b, { seed: 1, level: 0.8 });
    expect(wide.interval[0]).toBeLessThan(narrow.interval[0]);
    expect(wide.interval[1]).toBeGreaterThan(narrow.interval[1]);
  });

  it("covers the true difference about 95% of the time", () => {
    const random = seededRandom(11);
    let covered = 0;
    const trials = 60;
    for (let trial = 0; trial < trials; trial++) {
      // True accuracies 0.60 and 0.55 on paired items.
      const a: number[] = [];
      const b: number[] = [];
      for (let index = 0; index < 400; index++) {
        const u = random();
        a.push(u < 0.6 ? 1 : 0);
        b.push(u < 0.55 ? 1 : 0);
      }
      const result = pairedDifference(a, b, { seed: trial, replicates: 400 });
      if (result.interval[0] <= -0.05 && -0.05 <= result.interval[1]) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.85);
  });
});
