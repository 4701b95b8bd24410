import type { ItemRecord } from "../spec/record.js";
import { creditOf } from "./credit.js";
import { readItemLog } from "./item-log.js";

/** A run's answered items as outcomes (credit), in item order; endpoint errors are counted, never answers. */
export interface AnsweredOutcomes {
  /** One entry per item: an item sampled k times (repeats, trials) has its mean over the answered samples, under the item's id. */
  answered: Array<{ id: string; outcome: number }>;
  /** Answered samples per item, when any item has more than one. */
  samples?: number;
  errors: number;
  skippedLines: number;
}

/**
 * Reads items.jsonl and keeps each answered item's outcome, as summary.json counts it. The samples
 * of an item asked k times become that item's mean, so a bootstrap over the outcomes resamples
 * items (clustered by item), never the correlated samples of one item apart.
 */
export async function readAnswered(
  itemsFile: string,
  /** The outcome of a record when the suite's headline is not accuracy (undefined: the record does not count). */
  outcomeOf: (record: ItemRecord) => number | undefined = creditOf,
): Promise<AnsweredOutcomes> {
  const log = await readItemLog(itemsFile, { slim: true });
  const answered = [...log.records.values()].filter((record) => record.status !== "error").sort((a, b) => a.index - b.index);
  const byItem = new Map<string, { sum: number; count: number }>();
  for (const record of answered) {
    const id = record.task ?? record.id;
    const outcome = outcomeOf(record);
    if (outcome === undefined) continue;
    const entry = byItem.get(id);
    if (entry) {
      entry.sum += outcome;
      entry.count++;
    } else byItem.set(id, { sum: outcome, count: 1 });
  }
  const most = Math.max(0, ...[...byItem.values()].map((entry) => entry.count));
  return {
    answered: [...byItem.entries()].map(([id, entry]) => ({ id, outcome: entry.sum / entry.count })),
    ...(most > 1 ? { samples: most } : {}),
    errors: log.records.size - answered.length,
    skippedLines: log.skippedLines,
  };
}
