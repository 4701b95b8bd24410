import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { readManifest, readSummary } from "./run-directory.js";
import { KfmError } from "../spec/errors.js";

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
    });
  }
  if (rows.length === 0)
    throw new KfmError("usage", `no runs of endpoint "${options.endpoint}" in ${options.resultsDir}`, {
      hint: "The endpoint name is the one in each run's manifest (kfm show <runDir>).",
    });
  return rows.sort((a, b) => a.date.localeCompare(b.date));
}
