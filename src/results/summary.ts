import type { ItemRecord } from "../spec/record.js";
import type { GroupMetrics, Percentiles, PriceTable, RunManifest, RunStatus, RunSummary } from "../spec/run.js";
import type { ScorerMetric } from "../spec/scorer-metric.js";
import type { ItemStatus } from "../spec/scorer.js";
import { repeatsMetrics, ScoreErrors } from "./score-errors.js";
import { byCodeUnits } from "../spec/code-unit-order.js";

const STATUSES: readonly ItemStatus[] = ["correct", "incorrect", "no-answer", "error"];

function emptyCounts(): Record<ItemStatus, number> {
  return { correct: 0, incorrect: 0, "no-answer": 0, error: 0 };
}

/**
 * Accuracy over the items that got an answer attempt: an endpoint error is not a wrong answer,
 * so it leaves the denominator and shows up in the error rate instead. No-answer counts as wrong.
 */
function accuracyOf(counts: Record<ItemStatus, number>): number {
  const answered = counts.correct + counts.incorrect + counts["no-answer"];
  return answered === 0 ? 0 : counts.correct / answered;
}

function groupMetrics(counts: Record<ItemStatus, number>): GroupMetrics {
  const total = STATUSES.reduce((sum, status) => sum + counts[status], 0);
  return { total, counts, accuracy: accuracyOf(counts) };
}

/** Cost of tokens under a price table (per million); reasoning is billed apart only when the table prices it. */
export function estimateCost(tokens: { input: number; output: number; reasoning: number }, price: PriceTable): number {
  return (
    (tokens.input * price.input + tokens.output * price.output + (price.reasoning !== undefined ? tokens.reasoning * price.reasoning : 0)) /
    1_000_000
  );
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], fraction: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export interface SummarizeContext {
  manifest: RunManifest;
  status: RunStatus;
  /** Items selected for the run. */
  total: number;
  elapsedSeconds?: number;
  resumeCommand?: string;
  /**
   * The metrics of the run's scorer (its definition's, found by the manifest's `scorer.id`), each
   * written under its name; the caller in `app/` looks them up, so results never imports scoring.
   */
  metrics?: readonly ScorerMetric[];
}

/** What summarize reads of a record: everything but the stored text, the prompt hash and the time. */
export type SummarizedRecord = Omit<ItemRecord, "v" | "promptHash" | "time" | "reply" | "reasoning">;

/** Folds the final record of each item into the run summary. Pure: same records, same summary. */
export function summarize(records: Iterable<SummarizedRecord>, context: SummarizeContext): RunSummary {
  const counts = emptyCounts();
  const subjects = new Map<string, Record<ItemStatus, number>>();
  const supercategories = new Map<string, Record<ItemStatus, number>>();
  const latencies: number[] = [];
  const firstTokens: number[] = [];
  const tokens = { input: 0, output: 0, reasoning: 0 };
  let done = 0;
  let truncated = 0;

  const bump = (map: Map<string, Record<ItemStatus, number>>, key: string, status: ItemStatus) => {
    let entry = map.get(key);
    if (!entry) map.set(key, (entry = emptyCounts()));
    entry[status]++;
  };

  const recordsSeen: SummarizedRecord[] = [];
  const errors = new ScoreErrors();
  // Graded credit (a judge's rating / scale) replaces 1-for-correct where a scorer gives it.
  const credit = { total: 0, graded: 0, bySubject: new Map<string, number>() };
  for (const record of records) {
    if (record.score !== undefined && record.status !== "error") {
      credit.total += record.score;
      credit.graded++;
      credit.bySubject.set(record.subject, (credit.bySubject.get(record.subject) ?? 0) + record.score);
    }
    recordsSeen.push(record);
    errors.add(record);
    done++;
    if (record.truncated) truncated++;
    counts[record.status]++;
    bump(subjects, record.subject, record.status);
    if (record.supercategory) bump(supercategories, record.supercategory, record.status);
    if (record.status !== "error" && record.latencyMs !== undefined) latencies.push(record.latencyMs);
    if (record.status !== "error" && record.ttftMs !== undefined) firstTokens.push(record.ttftMs);
    tokens.input += record.usage?.inputTokens ?? 0;
    tokens.output += record.usage?.outputTokens ?? 0;
    tokens.reasoning += record.usage?.reasoningTokens ?? 0;
  }
  latencies.sort((a, b) => a - b);

  const bySubject = Object.fromEntries(
    [...subjects.entries()].sort(([a], [b]) => byCodeUnits(a, b)).map(([key, value]) => [key, groupMetrics(value)]),
  );
  const bySupercategory = Object.fromEntries(
    [...supercategories.entries()].sort(([a], [b]) => byCodeUnits(a, b)).map(([key, value]) => [key, groupMetrics(value)]),
  );
  if (credit.graded > 0) {
    for (const [subject, metrics] of Object.entries(bySubject)) {
      const answeredInSubject = metrics.total - metrics.counts.error;
      metrics.accuracy = answeredInSubject === 0 ? 0 : (credit.bySubject.get(subject) ?? 0) / answeredInSubject;
    }
  }
  const subjectAccuracies = Object.values(bySubject)
    .filter((metrics) => metrics.total > metrics.counts.error)
    .map((metrics) => metrics.accuracy);
  const answered = done - counts.error;
  const latencyMs: Percentiles = {};
  const p50 = percentile(latencies, 0.5);
  const p95 = percentile(latencies, 0.95);
  if (p50 !== undefined) latencyMs.p50 = Math.round(p50);
  if (p95 !== undefined) latencyMs.p95 = Math.round(p95);

  const { manifest } = context;
  const summary: RunSummary = {
    v: 1,
    runId: manifest.runId,
    status: context.status,
    suite: {
      id: manifest.suite.id,
      version: manifest.suite.version,
      benchmark: manifest.suite.benchmark,
      contentHash: manifest.suite.contentHash,
      ...(manifest.suite.setting ? { setting: manifest.suite.setting } : {}),
    },
    endpoint: { name: manifest.endpoint.name, model: manifest.endpoint.model },
    total: context.total,
    done,
    counts,
    accuracy: credit.graded > 0 ? (answered === 0 ? 0 : credit.total / answered) : accuracyOf(counts),
    macroAccuracy: subjectAccuracies.length === 0 ? 0 : subjectAccuracies.reduce((a, b) => a + b, 0) / subjectAccuracies.length,
    noAnswerRate: answered === 0 ? 0 : counts["no-answer"] / answered,
    errorRate: done === 0 ? 0 : counts.error / done,
    bySubject,
    bySupercategory,
    tokens,
    latencyMs,
  };
  errors.apply(summary);
  const repeats = manifest.suite.repeats;
  if (repeats !== undefined && repeats > 1) {
    const metrics = repeatsMetrics(recordsSeen, repeats);
    if (metrics) summary.repeats = metrics;
  }
  if (truncated > 0) summary.truncatedReplies = truncated;
  if (firstTokens.length > 0) {
    firstTokens.sort((a, b) => a - b);
    summary.ttftMs = { p50: Math.round(percentile(firstTokens, 0.5)!), p95: Math.round(percentile(firstTokens, 0.95)!) };
  }
  for (const metric of context.metrics ?? []) {
    if (metric.optIn !== undefined && !manifest.suite.metrics?.includes(metric.optIn)) continue;
    const value = metric.aggregate(recordsSeen, { suite: manifest.suite });
    if (value !== undefined) (summary as unknown as Record<string, unknown>)[metric.name] = value;
  }
  if (manifest.endpoint.price)
    summary.cost = {
      currency: manifest.endpoint.price.currency,
      estimated: Math.round(estimateCost(tokens, manifest.endpoint.price) * 10_000) / 10_000,
    };
  if (context.elapsedSeconds !== undefined) summary.elapsedSeconds = Math.round(context.elapsedSeconds * 10) / 10;
  if (context.resumeCommand !== undefined) summary.resumeCommand = context.resumeCommand;
  return summary;
}
