import type { MetricRecord, ScorerMetric } from "../spec/scorer-metric.js";

/** What the HLE judge keeps on a record besides its judgment: the confidence the model stated. */
export type ConfidenceDetails = { confidence?: number };

type ConfidentRecord = Pick<MetricRecord<ConfidenceDetails>, "status" | "details">;

export interface CalibrationMetrics {
  /** Judged items with a stated confidence. */
  items: number;
  /** HLE's RMS calibration error, 0–1 (the official script prints it × 100). */
  rmsError: number;
  /** Items per bin. */
  binSize: number;
}

/**
 * HLE's calibration error (hle_eval/run_judge_results.py, `calib_err` with p = '2', beta = 100, from
 * hendrycks/outlier-exposure): items sorted by stated confidence, cut into bins of 100 (the last bin
 * takes the remainder), and the root of the size-weighted mean squared gap between mean confidence
 * and accuracy per bin. The official loop stops before the last bin (`range(len(bins) - 1)`), and kfm
 * does the same so its number is HLE's. Fewer than two bins' worth of items gives no number (the
 * official code fails below 100 items and reads 0 below 200).
 */
export function calibrationMetrics(records: readonly ConfidentRecord[], binSize = 100): CalibrationMetrics | undefined {
  const pairs = records
    .filter((record) => record.status !== "error" && record.details?.confidence !== undefined)
    .map((record) => ({ confidence: record.details!.confidence! / 100, correct: record.status === "correct" ? 1 : 0 }));
  const bins = Math.floor(pairs.length / binSize);
  if (bins < 2) return undefined;
  // numpy's argsort is a quicksort, not stable; ties in confidence may fall into other bins there, which moves the figure only where a bin boundary splits a tie.
  pairs.sort((a, b) => a.confidence - b.confidence);
  let sum = 0;
  for (let bin = 0; bin < bins - 1; bin++) {
    const slice = pairs.slice(bin * binSize, (bin + 1) * binSize);
    const confidence = slice.reduce((total, pair) => total + pair.confidence, 0) / slice.length;
    const accuracy = slice.reduce((total, pair) => total + pair.correct, 0) / slice.length;
    sum += (slice.length / pairs.length) * (confidence - accuracy) ** 2;
  }
  return { items: pairs.length, rmsError: Math.sqrt(sum), binSize };
}

/** `summary.calibration`: HLE's calibration error over the run's judged records. */
export const calibrationMetric: ScorerMetric<ConfidenceDetails> = {
  name: "calibration",
  aggregate: (records) => calibrationMetrics(records),
};
