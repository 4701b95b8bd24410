import { describe, expect, it } from "vitest";
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
      const result = ratioBootstrap([{ team: { outcomes }, reference: { score: hits / referenceItems, items: referenceItems } }], { seed: run, replicates: 500 });
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
