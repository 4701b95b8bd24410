/**
 * kfm as a library: the same use cases the CLI runs, as functions.
 * The CLI (src/cli) is a thin shell over these.
 */
export * from "./spec/index.js";
export { evaluate, type EvaluateOptions, type EvaluateResult } from "./app/evaluate.js";
export { rescore, type RescoreOptions, type RescoreResult } from "./app/rescore.js";
export { verdict, type VerdictOptions } from "./app/verdict.js";
export { compare, type CompareOptions } from "./app/compare.js";
export { merge, type MergeOptions } from "./app/merge.js";
export { history, type HistoryOptions, type HistoryRow } from "./app/history.js";
export { buildReport, type BuildReportOptions } from "./app/report.js";
export { view, type ViewOptions } from "./app/view.js";
export { adapterCheck, type AdapterCheckOptions, type AdapterCheckResult } from "./app/adapter-check.js";
export { suitesForStage, type StageSuites } from "./app/stage-suites.js";
export {
  listBaselines,
  baselineTimeline,
  addPublishedScore,
  importRun,
  type BaselineListOptions,
  type BaselineListing,
  type BaselineTimelineOptions,
  type PublishedScore,
  type ImportRunOptions,
  type RegistryFileOptions,
} from "./app/baselines.js";
export { renderHtml, renderMarkdown, renderJUnit } from "./report/index.js";
export { loadRegistry } from "./baseline/registry.js";
export { serveSim } from "./app/serve-sim.js";
export { loadConfig, type KfmConfig } from "./adapters/config.js";
export {
  loadSuite,
  listSuites,
  selectItems,
  selectFromIndex,
  ItemIndex,
  ItemSelection,
  suiteJsonSchema,
  type IndexedSuite,
  type LoadedSuite,
} from "./suite/index.js";
export {
  createScorer,
  createScorerRegistry,
  builtInScorers,
  declareScorer,
  defineScorer,
  lazyScorer,
  parseScorerArgs,
  type ScorerDeclaration,
  type ScorerRegistry,
} from "./scoring/index.js";
export { checkSuite, validateSuite, type ValidateSuiteOptions } from "./app/check-suite.js";
export { createAdapter, defineAdapter } from "./adapters/index.js";
export { startSimServer, type SimOptions, type SimServer } from "./sim/index.js";
export { createCodeExecutor, type ExecutorOptions, type ExecutionLimits } from "./sandbox/index.js";
export { readItemLog, readManifest, readSummary, summarize } from "./results/index.js";
export { renderSummary } from "./report/console-summary.js";
