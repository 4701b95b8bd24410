import { describe, expect, it } from "vitest";
import { listBaselines } from "./baselines.js";

describe("listBaselines", () => {
  it("lists global models in the window per benchmark, best first, and refuses an unknown benchmark", async () => {
    const listing = await listBaselines({ benchmark: "KMMLU", asOf: "2026-06-01" });
    expect(listing.windowStart < listing.asOf).toBe(true);
    expect(listing.entries.every((entry) => entry.benchmark === "KMMLU" && entry.global)).toBe(true);
    const scores = listing.entries.map((entry) => entry.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    await expect(listBaselines({ benchmark: "No Such Bench" })).rejects.toThrow(/unknown benchmark "No Such Bench"/);
  });
});
