import type { ItemRecord } from "../spec/record.js";
import type { JudgeMetrics } from "../spec/run.js";
import type { ScorerMetric } from "../spec/scorer-metric.js";

type JudgedRecord = Pick<ItemRecord, "status" | "subject" | "details">;

/**
 * MT-Bench's table from judged records: the mean rating overall (on the judge's scale), per turn
 * and per category (subject). Items whose judge failed are not in it (they are errors); items the
 * model left empty count as no-answer and are reported apart.
 */
export function judgeMetrics(records: readonly JudgedRecord[]): JudgeMetrics | undefined {
  const judged = records.filter((record) => record.status !== "error" && record.details?.judge);
  if (judged.length === 0) return undefined;
  const scale = judged[0]!.details!.judge!.scale;
  const byTurn: number[][] = [];
  const byCategory = new Map<string, number[]>();
  const all: number[] = [];
  let penalized = 0;
  for (const record of judged) {
    for (const [index, turn] of record.details!.judge!.turns.entries()) {
      (byTurn[index] ??= []).push(turn.rating);
      const list = byCategory.get(record.subject) ?? [];
      list.push(turn.rating);
      byCategory.set(record.subject, list);
      all.push(turn.rating);
      if (turn.penalized) penalized++;
    }
  }
  const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    judge: judged[0]!.details!.judge!.model,
    scale,
    items: judged.length,
    mean: mean(all),
    byTurn: byTurn.map(mean),
    byCategory: Object.fromEntries(
      [...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([category, values]) => [category, mean(values)]),
    ),
    penalizedTurns: penalized,
  };
}

/** `summary.judged`, for the judged scorers. */
export const judgedMetric: ScorerMetric = { name: "judged", aggregate: judgeMetrics };
