import { copyFile, mkdir, rename } from "node:fs/promises";
import { rescoreRecord, scorers as builtInScorers, type ScorerRegistry } from "../scoring/index.js";
import { suiteOfRun } from "../suite/index.js";
import { KfmError } from "../spec/errors.js";
import type { JudgeResources, ScorerContext } from "../spec/scorer.js";
import { createCodeExecutor } from "../sandbox/index.js";
import { loadConfig } from "../adapters/config.js";
import { absentJudge, judgeCacheFrom, openJudge, type OpenedJudge } from "./judge-model.js";
import { ItemLogWriter, readItemLog, readManifest, runPaths, summarize, withRunLocks, writeJsonAtomic } from "../results/index.js";
import type { SuiteItem } from "../spec/item.js";
import type { ItemRecord } from "../spec/record.js";
import type { RunManifest, RunSummary } from "../spec/run.js";

export interface RescoreOptions {
  runDir: string;
  /** Write the re-scored run to this directory instead of updating the run in place. */
  outDir?: string;
  /** Judged suites: judge what the records' cached judge replies do not cover (judge errors, changed prompts). */
  judge?: string;
  judgeModel?: string;
  configFile?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The scorers the run may name (default: kfm's own). */
  scorers?: ScorerRegistry;
}

export interface RescoreResult {
  runDir: string;
  summary: RunSummary;
  rescored: number;
  /** Items whose status changed. */
  changed: number;
}

/** A judged run re-scores from the judge replies its records keep; only what they miss calls the judge. */
async function judgeContext(
  manifest: RunManifest,
  records: Iterable<ItemRecord>,
  judgeResources: JudgeResources | undefined,
  scorers: ScorerRegistry,
  options: RescoreOptions,
): Promise<{ context: ScorerContext; judge: OpenedJudge | undefined }> {
  if (!scorers.needsJudge(manifest.scorer.id)) return { context: {}, judge: undefined };
  if (!judgeResources) {
    throw new KfmError("usage", `run ${manifest.runId}: its suite is gone or changed since the run, so its judge prompts cannot be read`, {
      hint: "Re-score with the suite the run used.",
    });
  }
  let judge: OpenedJudge | undefined;
  if (options.judge) {
    const config = await loadConfig({ cwd: options.cwd ?? process.cwd(), file: options.configFile });
    judge = await openJudge(config, { judge: options.judge, judgeModel: options.judgeModel }, options.env ?? process.env);
  }
  const context: ScorerContext = {
    judge: judge?.model ?? absentJudge(manifest.judge?.model ?? "unknown"),
    judgeCache: judgeCacheFrom(records),
    judgeResources,
  };
  return { context, judge };
}

/**
 * Re-scores the stored replies with the scorer the manifest names (id and arguments), so a fixed
 * extractor can be applied to old runs without calling the model again. Error records stay errors:
 * there is no reply to score.
 */
export async function rescore(options: RescoreOptions): Promise<RescoreResult> {
  const manifest = await readManifest(options.runDir);
  // The run is rewritten (or read while another kfm could resume it): held as eval holds it.
  if (options.outDir) await mkdir(options.outDir, { recursive: true });
  const locked = options.outDir ? [options.runDir, options.outDir] : [options.runDir];
  return withRunLocks(locked, () => rescoreLocked(options, manifest));
}

async function rescoreLocked(options: RescoreOptions, manifest: RunManifest): Promise<RescoreResult> {
  const source = runPaths(options.runDir);
  const log = await readItemLog(source.items);
  const scorers = options.scorers ?? builtInScorers;
  const { suiteItems, judgeResources } = await suiteOfRun(manifest.suite);

  const { context, judge } = await judgeContext(manifest, log.records.values(), judgeResources, scorers, options);
  // A code-tests run executes its stored programs again, isolated as the run was (or --unsafe-exec was recorded).
  if (scorers.needsExecutor(manifest.scorer.id)) context.executor = createCodeExecutor({ unsafe: manifest.execution?.unsafe });
  const scorer = await scorers.create(manifest.scorer.id, manifest.scorer.args, context);

  const target = options.outDir ? runPaths(options.outDir) : source;
  if (options.outDir) {
    await mkdir(target.dir, { recursive: true });
    await copyFile(source.manifest, target.manifest);
  } else {
    await rename(source.items, `${source.items}.bak`);
  }
  const writer = await ItemLogWriter.open(target.items);
  const records: ItemRecord[] = [];
  let changed = 0;
  try {
    for (const record of [...log.records.values()].sort((a, b) => a.index - b.index)) {
      let next = record;
      // Log-likelihood records hold no reply to re-read: their answer is the argmax already recorded.
      if ((record.status !== "error" || record.error?.code === "judge") && record.rule !== "loglikelihood") {
        const item: SuiteItem = suiteItems.get(record.id) ?? {
          id: record.id,
          index: record.index,
          subject: record.subject,
          fields: {},
          target: record.target,
        };
        next = await rescoreRecord(record, item, scorer);
        if (next.status !== record.status) changed++;
      }
      writer.append(next);
      const { reply: _reply, reasoning: _reasoning, ...slim } = next;
      records.push(slim as ItemRecord);
    }
  } finally {
    await writer.close();
    await judge?.close();
  }
  const summary = summarize(records, {
    manifest: { ...manifest, runId: manifest.runId },
    status: manifest.status,
    total: manifest.selection.total,
    metrics: scorers.metricsOf(manifest.scorer.id),
  });
  await writeJsonAtomic(target.summary, summary);
  return { runDir: target.dir, summary, rescored: records.length, changed };
}
