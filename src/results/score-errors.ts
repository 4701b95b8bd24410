import type { GroupMetrics, RepeatsMetrics, RunSummary } from "../spec/run.js";
import type { ItemRecord } from "../spec/record.js";
import { summarizeRepeats } from "../stats/repeated-samples.js";
import { accuracyError, clusterMeans, macroError } from "../stats/score-error.js";
import { creditOf } from "./credit.js";

type OutcomeRecord = Pick<ItemRecord, "id" | "task" | "status" | "score" | "subject" | "supercategory" | "extracted">;

/** One answered record's outcome, with the item it belongs to (the samples of an item share it). */
interface Outcome {
  cluster: string;
  value: number;
}

/**
 * Collects answered records' outcomes overall, per subject and per supercategory, then writes the
 * errors of the summary's accuracies: each over items, an item asked k times counting once with
 * its mean (the interval is clustered by item).
 */
export class ScoreErrors {
  private readonly all: Outcome[] = [];
  private readonly bySubject = new Map<string, Outcome[]>();
  private readonly bySupercategory = new Map<string, Outcome[]>();

  add(record: OutcomeRecord): void {
    if (record.status === "error") return;
    const outcome = { cluster: record.task ?? record.id, value: creditOf(record) };
    this.all.push(outcome);
    push(this.bySubject, record.subject, outcome);
    if (record.supercategory) push(this.bySupercategory, record.supercategory, outcome);
  }

  /** Sets `accuracyError`, `macroAccuracyError` and each group's `error` on a folded summary. */
  apply(summary: RunSummary): void {
    const overall = accuracyError(clusterMeans(this.all));
    if (overall) summary.accuracyError = overall;
    setGroupErrors(summary.bySubject, this.bySubject);
    setGroupErrors(summary.bySupercategory, this.bySupercategory);
    const answered = Object.values(summary.bySubject).filter((metrics) => metrics.total > metrics.counts.error);
    // One subject: the macro accuracy is its accuracy, with the same interval.
    const macro =
      answered.length === 1
        ? answered[0]!.error
        : macroError(answered.map((metrics) => ({ score: metrics.accuracy, ...(metrics.error ? { stderr: metrics.error.stderr } : {}) })));
    if (macro) summary.macroAccuracyError = macro;
  }
}

function push(map: Map<string, Outcome[]>, key: string, outcome: Outcome): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  list.push(outcome);
}

function setGroupErrors(groups: Record<string, GroupMetrics>, outcomes: Map<string, Outcome[]>): void {
  for (const [key, metrics] of Object.entries(groups)) {
    const error = accuracyError(clusterMeans(outcomes.get(key) ?? []));
    if (error) metrics.error = error;
  }
}

/**
 * avg@k, pass@k and majority vote of a run whose items were each sampled k times, from its final
 * records in log order (a sample's answer is the scorer's extracted one). Errored samples are left out.
 */
export function repeatsMetrics(records: readonly OutcomeRecord[], k: number): RepeatsMetrics | undefined {
  return summarizeRepeats(
    records
      .filter((record) => record.status !== "error")
      .map((record) => ({
        item: record.task ?? record.id,
        correct: record.status === "correct",
        ...(record.extracted !== undefined ? { answer: record.extracted } : {}),
      })),
    k,
  );
}
