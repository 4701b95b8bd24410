import type { BaselineEntry } from "../baseline/registry.js";
import { referenceSeries } from "../baseline/timeline.js";
import { monthEnds } from "../baseline/window.js";
import type { TimelinePoint, VerdictSettings } from "../spec/verdict.js";
import type { TeamInput } from "./team-input.js";

/** Months of history the verdict's timeline draws before the as-of date. */
const TIMELINE_MONTHS = 18;

/**
 * The moving target, month by month: what the same rule would have chosen on each date, with the
 * months where the reference fell only because models aged out flagged (`fellByAgeing`).
 */
export function referenceTimeline(
  teams: readonly TeamInput[],
  registry: readonly BaselineEntry[],
  settings: VerdictSettings,
  allowSettingMismatch: boolean,
): TimelinePoint[] {
  const dates = monthEnds(settings.asOf, TIMELINE_MONTHS);
  const series = teams.map((team) =>
    referenceSeries(team.benchmark, registry, dates, {
      window: settings.window,
      rule: settings.rule,
      minProvenance: settings.minProvenance,
      ...(team.setting ? { setting: team.setting } : {}),
      ...(allowSettingMismatch ? { allowSettingMismatch: true } : {}),
    }),
  );
  return dates.flatMap((date, index) =>
    teams.map((team, teamIndex) => {
      const point = series[teamIndex]![index]!;
      return {
        date,
        benchmark: team.benchmark,
        reference: point.score,
        ...(point.entries.length ? { model: point.entries.map((entry) => entry.model).join(", ") } : {}),
        ...(point.fellByAgeing ? { fellByAgeing: point.fellByAgeing } : {}),
      };
    }),
  );
}
