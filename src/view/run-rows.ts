import type { RunManifest, RunSummary } from "../spec/run.js";
import { binomialStandardError } from "../stats/binomial.js";
import type { RunRow } from "./source.js";

/** z for a two-sided 95% interval. */
const Z95 = 1.959964;

/** A run as the runs table shows it; the interval is the binomial one the verdict gives a team's score. */
export function runRowOf(id: string, manifest: RunManifest, summary: RunSummary): RunRow {
  const answered = summary.done - summary.counts.error;
  const row: RunRow = {
    id,
    runId: summary.runId,
    suite: summary.suite.id,
    benchmark: summary.suite.benchmark,
    endpoint: summary.endpoint.name,
    model: summary.endpoint.model,
    date: manifest.startedAt,
    total: summary.total,
    done: summary.done,
    accuracy: summary.accuracy,
    status: summary.status,
    contentHash: summary.suite.contentHash,
  };
  const { sample, seed, limit, shard } = manifest.selection;
  const selection = [
    sample !== undefined ? `sample ${sample}${seed !== undefined ? `, seed ${seed}` : ""}` : "",
    limit !== undefined ? `limit ${limit}` : "",
    shard ? `shard ${shard.index}/${shard.count}` : "",
  ].filter(Boolean);
  if (selection.length) row.selection = selection.join(", ");
  if (answered > 0) {
    const margin = Z95 * binomialStandardError(summary.accuracy, answered);
    row.interval = [Math.max(0, summary.accuracy - margin), Math.min(1, summary.accuracy + margin)];
  }
  return row;
}
