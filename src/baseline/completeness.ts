import type { VerdictNote, Window } from "../spec/verdict.js";
import type { Calendar, Release } from "./calendar.js";
import type { BaselineEntry } from "./registry.js";
import { formatWindow, windowStart } from "./window.js";

/** A release and whether it certainly fell in the window, or only may have (its date is a range that overlaps it). */
export interface ReleaseInWindow {
  release: Release;
  certain: boolean;
}

/** Releases that fell, or may have fallen, in the window `windowStart < date <= asOf`. */
export function releasesInWindow(calendar: Calendar, asOf: string, window: Window): ReleaseInWindow[] {
  const start = windowStart(asOf, window);
  return calendar.releases
    .filter((release) => release.latest > start && release.earliest <= asOf)
    .map((release) => ({ release, certain: release.earliest > start && release.latest <= asOf }));
}

/**
 * The reference for a benchmark is complete when every release in the window has a usable score for it
 * (one of its variants qualified) or is declared irrelevant for it. Each release that falls short is a
 * note naming it, with how many of its scores were left out (setting, provenance); a release whose date
 * is only a range that overlaps the window is named too, as one that may belong.
 */
export function missingReleases(
  benchmark: string,
  calendar: Calendar,
  asOf: string,
  window: Window,
  scores: { candidates: readonly BaselineEntry[]; all: readonly BaselineEntry[] },
): VerdictNote[] {
  const qualified = new Set(scores.candidates.map((entry) => entry.model));
  const notes: VerdictNote[] = [];
  for (const { release, certain } of releasesInWindow(calendar, asOf, window)) {
    if (release.irrelevant.has(benchmark) || release.labels.some((label) => qualified.has(label))) continue;
    const leftOut = scores.all.filter((entry) => entry.benchmark === benchmark && release.labels.includes(entry.model)).length;
    const base = { model: release.model, vendor: release.vendor, benchmark, leftOut };
    notes.push(
      certain && release.dated
        ? { kind: "release-missing", ...base, releaseDate: release.earliest }
        : {
            kind: "release-undated",
            ...base,
            when: release.when ?? `between ${release.earliest} and ${release.latest}`,
            earliest: release.earliest,
            latest: release.latest,
            certain,
          },
    );
  }
  return notes;
}

/** How the as-of date stands to the registry's review date: a note when it is later, stale past `maxAge`. */
export function reviewNote(calendar: Calendar, asOf: string, maxAge: Window): VerdictNote | undefined {
  if (asOf <= calendar.reviewedThrough) return undefined;
  const days = Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${calendar.reviewedThrough}T00:00:00Z`)) / 86_400_000);
  const stale = calendar.reviewedThrough < windowStart(asOf, maxAge);
  return {
    kind: stale ? "registry-stale" : "registry-reviewed",
    reviewedThrough: calendar.reviewedThrough,
    days,
    maxAge: formatWindow(maxAge),
  };
}
