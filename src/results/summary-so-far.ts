import { existsSync } from "node:fs";
import type { ScorerMetric } from "../spec/scorer-metric.js";
import type { RunManifest, RunSummary } from "../spec/run.js";
import { readFinalRecords } from "./item-log.js";
import { readSummary, runPaths } from "./run-directory.js";
import { summarize } from "./summary.js";

/**
 * A run's summary: its summary.json, or, for a run that has none yet (still running, or stopped
 * before its end by a crash or a kill), its numbers so far, folded from the item log as the run's
 * end would fold them, with the manifest's status (`running`, `aborted`) and its whole selection as
 * the total. Nothing is written: the run's own end, or `kfm eval --resume`, writes the summary.
 * `metrics` are the run's scorer's (the caller in app/ looks them up, as for a run's end).
 */
export async function summarySoFar(runDir: string, manifest: RunManifest, metrics?: readonly ScorerMetric[]): Promise<RunSummary> {
  const paths = runPaths(runDir);
  if (existsSync(paths.summary)) return readSummary(runDir);
  const records = await readFinalRecords(paths.items, () => true);
  return summarize(records, {
    manifest,
    status: manifest.status,
    total: manifest.selection.total,
    ...(metrics ? { metrics } : {}),
    resumeCommand: `kfm eval --resume ${paths.dir}`,
  });
}
