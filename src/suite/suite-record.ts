import type { RunManifest } from "../spec/run.js";
import type { IndexedSuite } from "./load.js";

/** The suite as a run's manifest records it: what it takes to load the same items again. */
export function suiteRecord(suite: IndexedSuite, run: { trials: number | undefined; dataDir: string | undefined }): RunManifest["suite"] {
  const { trials, dataDir } = run;
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
    ...(suite.agentic ? { agentic: { mode: suite.agentic.mode, trials: trials ?? 1, limits: suite.agentic.limits } } : {}),
  };
}
