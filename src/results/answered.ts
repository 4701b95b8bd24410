import { creditOf } from "./credit.js";
import { readItemLog } from "./item-log.js";

/** A run's answered items as outcomes (credit), in item order; endpoint errors are counted, never answers. */
export interface AnsweredOutcomes {
  answered: Array<{ id: string; outcome: number }>;
  errors: number;
  skippedLines: number;
}

/** Reads items.jsonl and keeps each answered item's outcome, as summary.json counts it. */
export async function readAnswered(itemsFile: string): Promise<AnsweredOutcomes> {
  const log = await readItemLog(itemsFile, { slim: true });
  const answered = [...log.records.values()].filter((record) => record.status !== "error").sort((a, b) => a.index - b.index);
  return {
    answered: answered.map((record) => ({ id: record.id, outcome: creditOf(record) })),
    errors: log.records.size - answered.length,
    skippedLines: log.skippedLines,
  };
}
