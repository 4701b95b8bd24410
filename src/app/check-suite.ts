import {
  describeScorerProblem,
  issueLocation,
  scorers as builtInScorers,
  type ScorerProblem,
  type ScorerRegistry,
} from "../scoring/index.js";
import { KfmError, SuiteError } from "../spec/errors.js";
import { loadSuite, type IndexedSuite } from "../suite/index.js";

/** Where in the suite document a scorer problem is. */
function problemPath(problem: ScorerProblem): Array<string | number> {
  switch (problem.kind) {
    case "unknown-scorer":
      return ["scorer", "id"];
    case "bad-args":
      return problem.issues[0] ? issueLocation(problem.issues[0]) : ["scorer", "args"];
    case "metric-not-offered":
      return ["aggregation", "metrics", problem.index];
    case "suite-mismatch":
      return problem.path;
  }
}

/**
 * Raises what a run of the suite would otherwise raise only after creating its run directory: an
 * unknown scorer id (with the nearest known id), arguments its scorer rejects, arguments that do
 * not fit the suite (a judge prompt it lacks), an opt-in metric its scorer does not compute, log-likelihood scoring of items without options. Each error names
 * the file, line and field.
 */
export function checkSuite(
  suite: Pick<IndexedSuite, "definition" | "scorer" | "locate" | "allHaveChoices" | "agentic" | "judgeResources" | "index">,
  scorers: ScorerRegistry = builtInScorers,
  /** `kfm eval --scoring`: the flag replaces the suite's scoring_method (and eval checks it). */
  scoring?: "generate" | "loglikelihood",
): void {
  const [problem] = scorers.check(suite.scorer, {
    metrics: suite.definition.aggregation.metrics,
    suite: {
      ...(suite.agentic ? { agentic: suite.agentic.mode } : {}),
      multiTurn: suite.definition.data.turns !== undefined,
      subjects: suite.index.subjects(),
      judgePrompts: [...(suite.judgeResources?.prompts.keys() ?? [])],
    },
  });
  if (problem) {
    const { message, hint } = describeScorerProblem(problem);
    throw new SuiteError(suite.locate(problemPath(problem)), message, hint ? { hint } : {});
  }
  const headline = suite.definition.headline;
  if (headline && headline !== "accuracy" && !scorers.metricsOf(suite.scorer.id).some((metric) => metric.headlines?.includes(headline)))
    throw new SuiteError(suite.locate(["headline"]), `headline ${headline} is not a number scorer ${suite.scorer.id} gives per item`, {
      hint: "Use headline: accuracy, or prompt_strict / prompt_loose with the instruction-following scorer.",
    });
  if ((scoring ?? suite.definition.scoring_method) === "loglikelihood" && !suite.allHaveChoices) {
    const message = "log-likelihood scoring needs a multiple-choice suite: some items have no options";
    if (scoring)
      throw new KfmError("usage", `suite ${suite.definition.id}: ${message}`, {
        hint: "Use --scoring generate, or a suite with data.choices or choices_field.",
      });
    throw new SuiteError(suite.locate(["scoring_method"]), message, {
      hint: "Map the options with data.choices or choices_field, or set scoring_method: generate.",
    });
  }
}

export interface ValidateSuiteOptions {
  cwd?: string;
  /** Folder of user-supplied data for suites that declare `data.supplied`. */
  dataDir?: string;
  /** The scorers the suite may name (default: kfm's own). */
  scorers?: ScorerRegistry;
}

/** `kfm suites validate`: loads the suite (schema, templates, every item) and checks it as `kfm eval` would, without running it. */
export async function validateSuite(ref: string, options: ValidateSuiteOptions = {}): Promise<IndexedSuite> {
  // The packed index keeps memory flat for a large suite.
  const suite = await loadSuite(ref, {
    index: true,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  checkSuite(suite, options.scorers);
  return suite;
}
