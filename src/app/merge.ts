import {
  ItemLogWriter,
  checkShards,
  createRunDirectory,
  readItemLog,
  readManifest,
  readSummary,
  refuseRunningShards,
  runPaths,
  summarize,
  withRunLocks,
  writeJsonAtomic,
} from "../results/index.js";
import { scorers as builtInScorers, type ScorerRegistry } from "../scoring/index.js";
import { KfmError } from "../spec/errors.js";
import type { ItemRecord } from "../spec/record.js";
import type { RunManifest, RunStatus, RunSummary } from "../spec/run.js";

export interface MergeOptions {
  runDirs: string[];
  outDir?: string;
  runId?: string;
  /** Merge even when shards are missing or incomplete (the result is then `partial`). */
  allowPartial?: boolean;
  /** The scorers the shards may name (default: kfm's own): the summary takes the metrics of theirs. */
  scorers?: ScorerRegistry;
}

export interface MergeResult {
  runDir: string;
  manifest: RunManifest;
  summary: RunSummary;
}

/**
 * Joins the shards of one evaluation (`kfm eval --shard i/n` on several machines) into a single
 * run directory whose summary equals an unsharded run's. Refuses shards that differ in suite
 * content hash, endpoint, scorer, generation settings or selection.
 */
export async function merge(options: MergeOptions): Promise<MergeResult> {
  if (options.runDirs.length === 0) throw new KfmError("usage", "name the shard run directories to merge");
  const manifests = await Promise.all(options.runDirs.map((dir) => readManifest(dir)));
  const first = manifests[0]!;
  const missing = checkShards(options.runDirs, manifests, options.allowPartial === true);
  await refuseRunningShards(options.runDirs);

  const records: ItemRecord[] = [];
  const elapsed: number[] = [];
  for (const dir of options.runDirs) {
    const log = await readItemLog(runPaths(dir).items);
    records.push(...log.records.values());
    elapsed.push((await readSummary(dir).catch(() => undefined))?.elapsedSeconds ?? 0);
  }
  records.sort((a, b) => a.index - b.index);
  const total = manifests.reduce((sum, manifest) => sum + manifest.selection.total, 0);

  const { shard: _shard, ...selection } = first.selection;
  const runId = options.runId ?? `${first.runId.replace(/-shard-\d+-of-\d+/, "")}-merged`;
  const paths = await createRunDirectory(options.outDir ?? "results", runId);
  const complete = missing.length === 0 && records.length === total && manifests.every((manifest) => manifest.status === "complete");
  const status: RunStatus = complete ? "complete" : "partial";
  const manifest: RunManifest = {
    ...first,
    runId,
    selection: { ...selection, total },
    startedAt: manifests.map((m) => m.startedAt).sort()[0]!,
    endedAt: manifests
      .map((m) => m.endedAt ?? m.startedAt)
      .sort()
      .at(-1)!,
    status,
    command: process.argv.slice(1),
    warnings: [...new Set(manifests.flatMap((m) => m.warnings))],
    mergedFrom: manifests.map((m) => m.runId),
  };
  const metrics = (options.scorers ?? builtInScorers).metricsOf(manifest.scorer.id);
  const summary = await withRunLocks([paths.dir], async () => {
    const writer = await ItemLogWriter.open(paths.items);
    try {
      for (const record of records) writer.append(record);
    } finally {
      await writer.close();
    }
    const slim = records.map(({ reply: _reply, reasoning: _reasoning, ...rest }) => rest as ItemRecord);
    const summary = summarize(slim, { manifest, status, total, elapsedSeconds: Math.max(0, ...elapsed), metrics });
    await writeJsonAtomic(paths.summary, summary);
    await writeJsonAtomic(paths.manifest, manifest);
    return summary;
  });
  return { runDir: paths.dir, manifest, summary };
}
