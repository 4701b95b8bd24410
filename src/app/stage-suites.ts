import { existsSync } from "node:fs";
import { join } from "node:path";
import { BENCHMARKS_FILE, loadBenchmarkNames } from "../baseline/benchmarks.js";
import { builtInBaselinesDir } from "../baseline/registry.js";
import { builtInStagesDir, loadStage } from "../baseline/stage.js";
import { builtInSuitesDir, listSuites } from "../suite/index.js";

export interface StageSuites {
  /** The stage profile's id. */
  stage: string;
  /** Suite ids to run, one per benchmark of the stage that has a suite, in the stage's order. */
  suites: string[];
  /** Benchmarks of the stage without a kfm suite: they earn no points until one exists. */
  missing: string[];
  /** Stage benchmarks measured by a suite of a declared subset (HLE's text-only questions), and why. */
  subsets: Array<{ benchmark: string; suite: string; measures: string; why: string }>;
}

/** The suites that cover a stage profile's benchmarks (what `kfm eval --stage` runs). */
export async function suitesForStage(
  stageIdOrFile: string,
  options: { stagesDir?: string; suitesDir?: string; baselinesDir?: string } = {},
): Promise<StageSuites> {
  const stage = await loadStage(stageIdOrFile, options.stagesDir ?? builtInStagesDir);
  const available = await listSuites(options.suitesDir ?? builtInSuitesDir);
  // Suites and stages name benchmarks by canonical name or alias: compare canonical names.
  const table = join(options.baselinesDir ?? builtInBaselinesDir, BENCHMARKS_FILE);
  const names = existsSync(table) ? (await loadBenchmarkNames(table)).names : undefined;
  const canonical = (name: string) => names?.canonical(name) ?? name;
  const suiteOf = (benchmark: string) =>
    // The first suite of the benchmark in id order: `kmmlu` before `kmmlu-5shot`.
    available.find((candidate) => canonical(candidate.benchmark) === canonical(benchmark));
  const result: StageSuites = { stage: stage.id, suites: [], missing: [], subsets: [] };
  for (const row of stage.benchmarks) {
    const suite = suiteOf(row.benchmark);
    const subset = suite ? undefined : row.subset && suiteOf(row.subset.benchmark);
    if (suite) result.suites.push(suite.id);
    else if (subset) {
      result.suites.push(subset.id);
      result.subsets.push({ benchmark: row.benchmark, suite: subset.id, measures: row.subset!.benchmark, why: row.subset!.why });
    } else result.missing.push(row.benchmark);
  }
  return result;
}
