import type { FellByAgeing } from "../spec/verdict.js";
import { referenceFor, type ReferenceOptions } from "./reference.js";
import type { BaselineEntry } from "./registry.js";

export interface SeriesPoint {
  date: string;
  /** The reference score, rounded to two decimals, or null when no entry qualifies. */
  score: number | null;
  entries: BaselineEntry[];
  /** Set when the reference fell from the previous point only because entries aged out with nothing newer. */
  fellByAgeing?: FellByAgeing;
}

/**
 * The reference for one benchmark on each date, oldest first. A point is flagged when its reference is
 * lower than the previous point's (or gone) and no qualifying entry was released after the previous
 * date: the bar fell because models aged out and nothing newer was entered, the mark of a stale registry.
 */
export function referenceSeries(
  benchmark: string,
  registry: readonly BaselineEntry[],
  dates: readonly string[],
  options: Omit<ReferenceOptions, "asOf">,
): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (const date of dates) {
    const { reference, candidates } = referenceFor(benchmark, registry, { ...options, asOf: date });
    const point: SeriesPoint = { date, score: reference ? Number(reference.score.toFixed(2)) : null, entries: reference?.entries ?? [] };
    const previous = points.at(-1);
    if (
      previous?.score != null &&
      (point.score === null || point.score < previous.score) &&
      !candidates.some((entry) => entry.release_date > previous.date)
    ) {
      const kept = new Set(candidates.map((entry) => entry.model));
      point.fellByAgeing = {
        previous: previous.score,
        agedOut: previous.entries.map((entry) => entry.model).filter((model) => !kept.has(model)),
      };
    }
    points.push(point);
  }
  return points;
}
