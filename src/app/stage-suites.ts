import { builtInStagesDir, loadStage } from "../baseline/stage.js";
import { builtInSuitesDir, listSuites } from "../suite/index.js";

export interface StageSuites {
  /** The stage profile's id. */
  stage: string;
  /** Suite ids to run, one per benchmark of the stage that has a suite, in the stage's order. */
  suites: string[];
  /** Benchmarks of the stage without a kfm suite: they earn no points until one exists. */
  missing: string[];
}

/** The suites that cover a stage profile's benchmarks (what `kfm eval --stage` runs). */
export async function suitesForStage(
  stageIdOrFile: string,
  options: { stagesDir?: string; suitesDir?: string } = {},
): Promise<StageSuites> {
  const stage = await loadStage(stageIdOrFile, options.stagesDir ?? builtInStagesDir);
  const available = await listSuites(options.suitesDir ?? builtInSuitesDir);
  const suites: string[] = [];
  const missing: string[] = [];
  for (const { benchmark } of stage.benchmarks) {
    // The first suite of the benchmark in id order: `kmmlu` before `kmmlu-5shot`.
    const suite = available.find((candidate) => candidate.benchmark === benchmark);
    if (suite) suites.push(suite.id);
    else missing.push(benchmark);
  }
  return { stage: stage.id, suites, missing };
}
