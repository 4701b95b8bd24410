import type { ItemRecord } from "../spec/record.js";

/** An answered item's outcome: its graded credit in [0, 1] (a judge's rating over its scale), else 1 for correct and 0 otherwise. */
export function creditOf(record: Pick<ItemRecord, "status" | "score">): number {
  return record.score ?? (record.status === "correct" ? 1 : 0);
}
