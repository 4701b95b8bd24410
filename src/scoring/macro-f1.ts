import type { ScorerMetric } from "../spec/scorer-metric.js";
import type { ItemStatus } from "../spec/scorer.js";

/**
 * Macro F1 over the target classes (KoBEST reports it): per class, precision and recall of the
 * extracted answer; a no-answer is a prediction of no class, so it costs recall only. Errors are
 * not answers and are left out, as in accuracy.
 */
export function macroF1(records: ReadonlyArray<{ target: string; extracted?: string; status: ItemStatus }>): number {
  const answered = records.filter((record) => record.status !== "error");
  const classes = [...new Set(answered.map((record) => record.target))];
  if (classes.length === 0) return 0;
  let total = 0;
  for (const label of classes) {
    const truePositive = answered.filter((record) => record.target === label && record.extracted === label).length;
    const predicted = answered.filter((record) => record.extracted === label).length;
    const actual = answered.filter((record) => record.target === label).length;
    const precision = predicted === 0 ? 0 : truePositive / predicted;
    const recall = actual === 0 ? 0 : truePositive / actual;
    total += precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  }
  return total / classes.length;
}

/** `summary.macroF1`, when the suite asks for `macro_f1` (labels are classes: multiple choice). */
export const macroF1Metric: ScorerMetric = { name: "macroF1", optIn: "macro_f1", aggregate: macroF1 };
