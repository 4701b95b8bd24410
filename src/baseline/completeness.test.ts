import { describe, expect, it } from "vitest";
import type { Calendar, Release } from "./calendar.js";
import { missingReleases, releasesInWindow, reviewNote } from "./completeness.js";
import type { BaselineEntry } from "./registry.js";

const release = (model: string, earliest: string, latest = earliest, extra: Partial<Release> = {}): Release => ({
  model,
  vendor: "V",
  earliest,
  latest,
  dated: earliest === latest,
  labels: [model],
  irrelevant: new Set(),
  origin: "calendar.yaml:1",
  ...extra,
});

const calendar: Calendar = {
  file: "calendar.yaml",
  reviewedThrough: "2026-12-04",
  releases: [
    release("Scored", "2026-08-01", "2026-08-01", { labels: ["Scored (thinking)", "Scored (non-thinking)"] }),
    release("Unscored", "2026-09-01"),
    release("Aged", "2026-01-01"),
    release("Vision only", "2026-10-01", "2026-10-01", { irrelevant: new Set(["KMMLU"]) }),
    release("Sometime 2026", "2026-01-01", "2026-12-04", { when: "2026" }),
    release("Late 2026", "2026-09-01", "2026-11-15", { when: "late 2026" }),
  ],
};

const entry = (model: string, benchmark = "KMMLU"): BaselineEntry =>
  ({
    model,
    vendor: "V",
    global: true,
    release_date: "2026-08-01",
    release_source: "s",
    benchmark,
    score: 80,
    setting: {},
    citation: "c",
    measured_by: "published",
    source: { file: "f" },
  }) as BaselineEntry;

describe("release calendar", () => {
  it("a release is in the window for certain, may be (its range overlaps), or is out", () => {
    const found = releasesInWindow(calendar, "2026-11-23", { months: 6 });
    expect(found.map(({ release: r, certain }) => `${r.model}:${certain}`)).toEqual([
      "Scored:true",
      "Unscored:true",
      "Vision only:true",
      "Sometime 2026:false",
      "Late 2026:true",
    ]);
  });

  it("names each in-window release without a usable score, unless declared irrelevant; any variant's score covers it", () => {
    const scored = entry("Scored (non-thinking)");
    const notes = missingReleases(
      "KMMLU",
      calendar,
      "2026-11-23",
      { months: 6 },
      { candidates: [scored], all: [scored, entry("Unscored")] },
    );
    expect(notes).toEqual([
      { kind: "release-missing", model: "Unscored", vendor: "V", benchmark: "KMMLU", releaseDate: "2026-09-01", leftOut: 1 },
      {
        kind: "release-undated",
        model: "Sometime 2026",
        vendor: "V",
        benchmark: "KMMLU",
        when: "2026",
        earliest: "2026-01-01",
        latest: "2026-12-04",
        certain: false,
        leftOut: 0,
      },
      {
        kind: "release-undated",
        model: "Late 2026",
        vendor: "V",
        benchmark: "KMMLU",
        when: "late 2026",
        earliest: "2026-09-01",
        latest: "2026-11-15",
        certain: true,
        leftOut: 0,
      },
    ]);
  });

  it("says how far past the review date a verdict is, stale beyond the allowed age", () => {
    expect(reviewNote(calendar, "2026-12-04", { months: 1 })).toBeUndefined();
    expect(reviewNote(calendar, "2027-01-04", { months: 1 })).toEqual({
      kind: "registry-reviewed",
      reviewedThrough: "2026-12-04",
      days: 31,
      maxAge: "1mo",
    });
    expect(reviewNote(calendar, "2027-01-05", { months: 1 })).toEqual({
      kind: "registry-stale",
      reviewedThrough: "2026-12-04",
      days: 32,
      maxAge: "1mo",
    });
  });
});
