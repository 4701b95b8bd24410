import { KfmError } from "../spec/errors.js";
import type { ItemRecord } from "../spec/record.js";
import type { JudgeModel } from "../spec/scorer.js";

/** A judge that is not there: cached replies still score; anything else is a judge error that says what to pass. */
export function absentJudge(id: string): JudgeModel {
  return {
    id,
    complete: () =>
      Promise.reject(
        new KfmError("judge", `no judge is configured and this judgment (judge ${id}) is not cached`, {
          hint: "Pass --judge <endpoint> to judge it.",
        }),
      ),
  };
}

/** The judge replies stored on records, by (judge model, prompt hash): the cache a resume or re-score reads. */
export function judgeCacheFrom(records: Iterable<Pick<ItemRecord, "details">>): Map<string, string[]> {
  const cache = new Map<string, string[]>();
  for (const record of records) {
    const judged = record.details?.judge;
    if (!judged) continue;
    for (const turn of judged.turns) cache.set(`${judged.model}\u0000${turn.promptHash}`, turn.replies);
  }
  return cache;
}
