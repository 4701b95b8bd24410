import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { readManifest, readSummary } from "./run-directory.js";
import { KfmError } from "../spec/errors.js";
import type { Selection } from "../spec/run.js";

export interface HistoryRow {
  runId: string;
  runDir: string;
  date: string;
  suite: string;
  benchmark: string;
  model: string;
  status: string;
  total: number;
  accuracy: number;
  errorRate: number;
  contentHash: string;
  /** The items the run took: `all`, or its sample, seed, limit and shard (`sample 450 seed 0`). */
  selection: string;
  /** The change from the latest earlier run of the same suite, content and selection, in points. */
  change?: { from: string; points: number };
  /** An earlier run of the suite exists but is not comparable: its selection or its suite's content differs. */
  notCompared?: { previous: string; why: "selection-differs" | "suite-changed"; previousSelection: string };
}

export interface HistoryOptions {
  /** Folder of run directories. */
  resultsDir: string;
  /** Endpoint name as recorded in the manifests. */
  endpoint: string;
  /** Only runs of this suite id. */
  suite?: string;
}

/** Every run of one endpoint under a results folder, oldest first: how a model moved across checkpoints. */
export async function history(options: HistoryOptions): Promise<HistoryRow[]> {
  let names: string[];
  try {
    names = await readdir(options.resultsDir);
  } catch (error) {
    throw new KfmError("usage", `cannot read results folder ${options.resultsDir}: ${(error as Error).message}`);
  }
  const rows: HistoryRow[] = [];
  for (const name of names) {
    const dir = join(options.resultsDir, name);
    const [manifest, summary] = await Promise.all([readManifest(dir).catch(() => undefined), readSummary(dir).catch(() => undefined)]);
    if (!manifest || !summary) continue;
    if (manifest.endpoint.name !== options.endpoint) continue;
    if (options.suite && manifest.suite.id !== options.suite) continue;
    rows.push({
      runId: manifest.runId,
      runDir: dir,
      date: manifest.startedAt,
      suite: manifest.suite.id,
      benchmark: manifest.suite.benchmark,
      model: manifest.endpoint.model,
      status: summary.status,
      total: summary.total,
      accuracy: summary.accuracy,
      errorRate: summary.errorRate,
      contentHash: manifest.suite.contentHash,
      selection: selectionLabel(manifest.selection),
    });
  }
  if (rows.length === 0)
    throw new KfmError("usage", `no runs of endpoint "${options.endpoint}" in ${options.resultsDir}`, {
      hint: "The endpoint name is the one in each run's manifest (kfm show <runDir>).",
    });
  rows.sort((a, b) => a.date.localeCompare(b.date));
  rows.forEach((row, index) => {
    const earlier = rows.slice(0, index).filter((candidate) => candidate.suite === row.suite);
    const previous = earlier.findLast((candidate) => candidate.contentHash === row.contentHash && candidate.selection === row.selection);
    const latest = earlier.at(-1);
    if (previous) row.change = { from: previous.runId, points: 100 * (row.accuracy - previous.accuracy) };
    else if (latest)
      row.notCompared = {
        previous: latest.runId,
        why: latest.contentHash === row.contentHash ? "selection-differs" : "suite-changed",
        previousSelection: latest.selection,
      };
  });
  return rows;
}

/** A run's selection as words: two runs compare only when these are equal. */
function selectionLabel(selection: Selection): string {
  const parts = [
    selection.sample !== undefined ? `sample ${selection.sample} seed ${selection.seed ?? 0}` : "",
    selection.limit !== undefined ? `limit ${selection.limit}` : "",
    selection.shard ? `shard ${selection.shard.index}/${selection.shard.count}` : "",
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "all";
}
