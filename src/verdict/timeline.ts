import { referenceFor } from "../baseline/reference.js";
import type { BaselineEntry } from "../baseline/registry.js";
import { monthEnds } from "../baseline/window.js";
import type { TimelinePoint, VerdictSettings } from "../spec/verdict.js";
import type { TeamInput } from "./team-input.js";

/** Months of history the verdict's timeline draws before the as-of date. */
const TIMELINE_MONTHS = 18;

/** The moving target, month by month: what the same rule would have chosen on each date. */
export function referenceTimeline(teams: readonly TeamInput[], registry: readonly BaselineEntry[], settings: VerdictSettings, allowSettingMismatch: boolean): TimelinePoint[] {
  const timeline: TimelinePoint[] = [];
  for (const date of monthEnds(settings.asOf, TIMELINE_MONTHS)) {
    for (const team of teams) {
      const { reference } = referenceFor(team.benchmark, registry, {
        asOf: date,
        window: settings.window,
        rule: settings.rule,
        ...(team.setting ? { setting: team.setting } : {}),
        ...(allowSettingMismatch ? { allowSettingMismatch: true } : {}),
      });
      timeline.push({
        date,
        benchmark: team.benchmark,
        reference: reference ? Number(reference.score.toFixed(2)) : null,
        ...(reference ? { model: reference.entries.map((entry) => entry.model).join(", ") } : {}),
      });
    }
  }
  return timeline;
}
