import type { RunManifest } from "../spec/run.js";
import type { IndexedSuite } from "./load.js";

/** Samples each item of a run has: an agentic suite's trials, else its repeats (1 when neither). */
export function samplesPerItem(run: Pick<RunManifest["suite"], "agentic" | "repeats">): number {
  return run.agentic?.trials ?? run.repeats ?? 1;
}

/** The suite as a run's manifest records it: what it takes to load the same items again. */
export function suiteRecord(
  suite: IndexedSuite,
  run: { trials: number | undefined; repeats?: number | undefined; dataDir: string | undefined },
): RunManifest["suite"] {
  const { trials, repeats, dataDir } = run;
  return {
    id: suite.definition.id,
    version: suite.definition.version,
    benchmark: suite.definition.benchmark,
    title: suite.definition.title,
    contentHash: suite.contentHash,
    path: suite.file,
    ...(suite.definition.setting ? { setting: suite.definition.setting } : {}),
    ...(suite.definition.aggregation.metrics.includes("macro_f1") ? { metrics: suite.definition.aggregation.metrics } : {}),
    ...(suite.definition.data.supplied && dataDir ? { dataDir } : {}),
    ...(suite.layout ? { layout: suite.layout.id } : {}),
    ...(suite.window ? { window: suite.window } : {}),
    ...(suite.agentic ? { agentic: { mode: suite.agentic.mode, trials: trials ?? 1, limits: suite.agentic.limits } } : {}),
    ...(!suite.agentic && repeats !== undefined && repeats > 1 ? { repeats } : {}),
    ...(suite.definition.headline && suite.definition.headline !== "accuracy" ? { headline: suite.definition.headline } : {}),
  };
}
