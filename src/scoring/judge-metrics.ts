import type { ItemRecord } from "../spec/record.js";
import type { JudgeMetrics } from "../spec/run.js";
import type { ScorerMetric } from "../spec/scorer-metric.js";
import { clusterMeans, meanInterval } from "../stats/score-error.js";
import { byCodeUnits } from "../spec/code-unit-order.js";

type JudgedRecord = Pick<ItemRecord, "status" | "subject" | "details"> & Partial<Pick<ItemRecord, "id" | "task">>;

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
  // Each item's mean rating over its turns (and its samples, under repeats): the units of the interval.
  const byItem: Array<{ cluster: string; value: number }> = [];
  for (const [index, record] of judged.entries()) {
    const cluster = record.task ?? record.id ?? String(index);
    for (const [index, turn] of record.details!.judge!.turns.entries()) {
      (byTurn[index] ??= []).push(turn.rating);
      const list = byCategory.get(record.subject) ?? [];
      list.push(turn.rating);
      byCategory.set(record.subject, list);
      all.push(turn.rating);
      byItem.push({ cluster, value: turn.rating });
      if (turn.penalized) penalized++;
    }
  }
  const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const meanError = meanInterval(clusterMeans(byItem), { min: 0, max: scale });
  return {
    judge: judged[0]!.details!.judge!.model,
    scale,
    items: judged.length,
    mean: mean(all),
    ...(meanError ? { meanError } : {}),
    byTurn: byTurn.map(mean),
    byCategory: Object.fromEntries(
      [...byCategory.entries()].sort(([a], [b]) => byCodeUnits(a, b)).map(([category, values]) => [category, mean(values)]),
    ),
    penalizedTurns: penalized,
  };
}

/** `summary.judged`, for the judged scorers. */
export const judgedMetric: ScorerMetric = { name: "judged", aggregate: judgeMetrics };
