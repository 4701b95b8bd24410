import { describe, expect, it } from "vitest";
import { decide, itemsToSettle } from "./decision.js";

describe("decide", () => {
  it("PASS when the lower bound reaches the threshold, FAIL when the upper bound is below it", () => {
    expect(decide(0.95, 1.1, 0.95)).toBe("PASS");
    expect(decide(0.9, 0.9499, 0.95)).toBe("FAIL");
    expect(decide(0.9, 0.95, 0.95)).toBe("INCONCLUSIVE");
    expect(decide(0.94, 0.99, 0.95)).toBe("INCONCLUSIVE");
  });
});

describe("itemsToSettle", () => {
  it("scales the team's half-width by sqrt(n/n')", () => {
    // Half-width 0.04 on the side facing the threshold, distance 0.02: four times the items.
    const settle = itemsToSettle({ estimate: 0.97, low: 0.93, high: 1.01, threshold: 0.95, items: 500 });
    expect(settle).toEqual({ items: 2000, more: 1500 });
  });

  it("leaves the reference's own sampling error in place", () => {
    // h² = 0.04² = 0.0016 of which 0.01² is the reference's: n' = 500 · 0.0015 / (0.0004 − 0.0001) = 2500.
    const settle = itemsToSettle({ estimate: 0.97, low: 0.93, high: 1.01, threshold: 0.95, items: 500, fixedHalfWidth: 0.01 });
    expect(settle).toEqual({ items: 2500, more: 2000 });
  });

  it("says when no number of team items can settle it", () => {
    const wide = itemsToSettle({ estimate: 0.96, low: 0.9, high: 1.02, threshold: 0.95, items: 500, fixedHalfWidth: 0.03 });
    expect(wide).toEqual({ unsettleable: { kind: "reference-error", halfWidth: 0.03 } });
    const onIt = itemsToSettle({ estimate: 0.95, low: 0.9, high: 1, threshold: 0.95, items: 500 });
    expect(onIt).toEqual({ unsettleable: { kind: "on-threshold" } });
  });
});
