import { describe, expect, it } from "vitest";
import { binomialStandardError } from "./binomial.js";
import { ratioBootstrap } from "./ratio-bootstrap.js";
import { seededRandom } from "./seeded-random.js";

describe("ratio bootstrap coverage", () => {
  it("the nominal 95% interval covers the true ratio 93–97% of the time over simulated runs", () => {
    const random = seededRandom(2026);
    const trueTeam = 0.75;
    const trueReference = 0.8;
    const referenceItems = 35030;
    const runs = 300;
    let covered = 0;
    for (let run = 0; run < runs; run++) {
      const outcomes = Uint8Array.from({ length: 500 }, () => (random() < trueTeam ? 1 : 0));
      // The published reference is itself a measurement over its items.
      let hits = 0;
      for (let item = 0; item < referenceItems; item++) if (random() < trueReference) hits++;
      const result = ratioBootstrap([{ team: { outcomes }, reference: { score: hits / referenceItems, items: referenceItems } }], {
        seed: run,
        replicates: 500,
      });
      const { low, high } = result.ratio[0]!;
      if (low <= trueTeam / trueReference && trueTeam / trueReference <= high) covered++;
    }
    const coverage = covered / runs;
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.97);
  });

  it("a fixed (self-reported) team score gets only the reference's width", () => {
    const result = ratioBootstrap([{ team: { fixed: 0.7 }, reference: { score: 0.8 } }], { seed: 1 });
    const { estimate, low, high } = result.ratio[0]!;
    expect(estimate).toBeCloseTo(0.875, 12);
    expect(high - low).toBeCloseTo(0, 12);
  });
});

describe("ratioBootstrap", () => {
  const outcomes = (n: number, p: number) => Uint8Array.from({ length: n }, (_, index) => (index < n * p ? 1 : 0));

  it("is deterministic for a seed, and another seed gives other draws", () => {
    const input = [{ team: { outcomes: outcomes(400, 0.75) }, reference: { score: 0.8, items: 35030 } }];
    const a = ratioBootstrap(input, { seed: 4 });
    expect(ratioBootstrap(input, { seed: 4 })).toEqual(a);
    expect(ratioBootstrap(input, { seed: 5 }).ratio[0]!.low).not.toBe(a.ratio[0]!.low);
    expect(a.ratio[0]!.estimate).toBeCloseTo(0.9375, 12);
  });

  it("the team's interval matches the binomial one on a Bernoulli sample", () => {
    const { team } = ratioBootstrap([{ team: { outcomes: outcomes(2000, 0.7) }, reference: { score: 0.8 } }], { seed: 9 });
    const halfWidth = 1.96 * binomialStandardError(0.7, 2000);
    expect(team[0]!.high - team[0]!.low).toBeCloseTo(2 * halfWidth, 2);
  });

  it("a paired reference on the same items is narrower than the same score taken as published", () => {
    const random = seededRandom(7);
    const team = Uint8Array.from({ length: 1000 }, () => (random() < 0.75 ? 1 : 0));
    // The reference gets the same items right, plus a few more: strongly correlated outcomes.
    const reference = team.map((value) => (value === 1 || random() < 0.2 ? 1 : 0));
    const score = reference.reduce((a, b) => a + b, 0) / reference.length;
    const paired = ratioBootstrap([{ team: { outcomes: team }, reference: { pairedOutcomes: reference } }], { seed: 1 }).ratio[0]!;
    const unpaired = ratioBootstrap([{ team: { outcomes: team }, reference: { score, items: 1000 } }], { seed: 1 }).ratio[0]!;
    expect(paired.estimate).toBeCloseTo(unpaired.estimate, 12);
    expect(paired.high - paired.low).toBeLessThan((unpaired.high - unpaired.low) / 2);
  });

  it("a self-reported score with an item count gets its binomial width; without one, none", () => {
    const withItems = ratioBootstrap([{ team: { fixed: 0.7, items: 1000 }, reference: { score: 0.8 } }], { seed: 2 }).team[0]!;
    expect(withItems.high - withItems.low).toBeCloseTo(2 * 1.96 * binomialStandardError(0.7, 1000), 2);
    const exact = ratioBootstrap([{ team: { fixed: 0.7 }, reference: { score: 0.8 } }], { seed: 2 }).ratio[0]!;
    expect(exact.low).toBeCloseTo(0.875, 12);
    expect(exact.high).toBeCloseTo(0.875, 12);
  });

  it("both aggregates over a small table: ratio of averages and mean of ratios", () => {
    const table = [
      { team: { fixed: 1.0 }, reference: { score: 0.8 } },
      { team: { fixed: 0.28 }, reference: { score: 0.5 } },
      { team: { fixed: 0.7 }, reference: { score: 0.7 } },
    ];
    const result = ratioBootstrap(table, { seed: 0, replicates: 200 });
    expect(result.ratioOfAverages.estimate).toBeCloseTo(1.98 / 2.0, 12);
    expect(result.meanOfRatios.estimate).toBeCloseTo((1.25 + 0.56 + 1) / 3, 12);
    const weighted = ratioBootstrap(table, { seed: 0, replicates: 200, weights: [1, 2, 1] });
    expect(weighted.ratioOfAverages.estimate).toBeCloseTo((1 + 0.56 + 0.7) / (0.8 + 1 + 0.7), 12);
  });

  it("refuses a paired reference without the team's items", () => {
    expect(() => ratioBootstrap([{ team: { fixed: 0.7 }, reference: { pairedOutcomes: outcomes(10, 0.5) } }])).toThrow(/paired/);
  });
});

describe("binomialStandardError", () => {
  it("is sqrt(p(1-p)/n)", () => {
    expect(binomialStandardError(0.8, 35030)).toBeCloseTo(Math.sqrt(0.16 / 35030), 15);
    expect(binomialStandardError(1, 10)).toBe(0);
    expect(() => binomialStandardError(0.5, 0)).toThrow(RangeError);
  });
});
