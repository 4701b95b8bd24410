import { describe, expect, it } from "vitest";
import { publishedEntry } from "./published-entry.js";

const score = {
  model: "Model X",
  vendor: "Vendor",
  benchmark: "KMMLU",
  score: 81.5,
  releaseDate: "2026-07-01",
  releaseSource: "https://vendor.example/blog",
  citation: "Vendor model card, table 2",
};

describe("publishedEntry", () => {
  it("is global and measured by 'published' unless said otherwise, with no items line when the count is unknown", () => {
    const entry = publishedEntry(score);
    expect(entry).toEqual({
      model: "Model X",
      vendor: "Vendor",
      global: true,
      release_date: "2026-07-01",
      release_source: "https://vendor.example/blog",
      benchmark: "KMMLU",
      score: 81.5,
      setting: {},
      citation: "Vendor model card, table 2",
      measured_by: "published",
    });
    expect("items" in entry).toBe(false);
  });

  it("carries the setting, item count, provenance and a Korean team's non-global flag", () => {
    const entry = publishedEntry({
      ...score,
      shots: 5,
      reasoning: "none",
      note: "5-shot direct",
      items: 35030,
      global: false,
      provenance: "primary",
    });
    expect(entry).toMatchObject({
      global: false,
      items: 35030,
      provenance: "primary",
      setting: { shots: 5, reasoning: "none", note: "5-shot direct" },
    });
  });
});
