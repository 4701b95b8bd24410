import type * as z from "zod";
import type { ScorerDefinition, ScorerSuiteFacts, ScorerSuiteIssue } from "../spec/scorer-definition.js";
import type { ScorerMetric } from "../spec/scorer-metric.js";
import type { AsyncScorer, ScoreDetails, ScoreInput, ScoreResult, ScorerContext, SyncScorer } from "../spec/scorer.js";
import { parseScorerArgs } from "./scorer-args.js";

/** What a scorer file writes: everything once, the id included. */
export interface ScorerSpec<
  Id extends string,
  Args extends Record<string, unknown>,
  Details extends ScoreDetails,
  Result extends ScoreResult<Details> | Promise<ScoreResult<Details>>,
> {
  id: Id;
  description: string;
  /** The schema of `scorer.args` (defaults filled in): the record stores the parsed arguments. */
  args: z.ZodType<Args>;
  /** What good arguments look like, shown after an argument error. */
  argsHint?: string;
  /** The scorer calls a judge model: `kfm eval` needs `--judge`. */
  needsJudge?: boolean;
  /** The scorer runs generated code: the run opens the sandbox and passes it as `context.executor`. */
  needsExecutor?: boolean;
  /** What the scorer adds to `summary.json`, computed from the details it writes on each record. */
  metrics?: ReadonlyArray<ScorerMetric<Details>>;
  /** Problems between the arguments and the suite that a run would otherwise meet on every item. */
  checkSuite?(args: Args, suite: ScorerSuiteFacts): ScorerSuiteIssue[];
  /** The scoring function for parsed arguments; `id` and `args` are added from this spec. */
  create(args: Args, context: ScorerContext): { score(input: ScoreInput): Result };
}

/** A sync scoring function makes a `SyncScorer`, an async one (a judge) an `AsyncScorer`; either keeps the scorer's details type. */
type Made<Details extends ScoreDetails, Result> = Result extends Promise<unknown> ? AsyncScorer<Details> : SyncScorer<Details>;

/**
 * A scorer definition from one spec (promptfoo's `defineAssertions`, inspect_ai's `@scorer`): the
 * id written once is the registry key, the created scorer's id and the record's `scorer.id`; the
 * arguments go through the shared parse path.
 */
export function defineScorer<
  const Id extends string,
  Args extends Record<string, unknown>,
  Details extends ScoreDetails = ScoreDetails,
  Result extends ScoreResult<Details> | Promise<ScoreResult<Details>> = ScoreResult<Details>,
>(spec: ScorerSpec<Id, Args, Details, Result>): ScorerDefinition<Args, Made<Details, Result>> & { readonly id: Id } {
  return {
    id: spec.id,
    description: spec.description,
    ...(spec.needsJudge ? { needsJudge: true } : {}),
    ...(spec.needsExecutor ? { needsExecutor: true } : {}),
    ...(spec.checkSuite ? { checkSuite: spec.checkSuite } : {}),
    // Stored details are the ones this scorer wrote: its metrics read them with its own type.
    metrics: (spec.metrics ?? []) as readonly ScorerMetric[],
    parseArgs: (args) => parseScorerArgs(spec.args, args, spec.argsHint),
    create(args, context = {}) {
      const made = spec.create(args, context);
      return { id: spec.id, args, score: (input: ScoreInput) => made.score(input) } as Made<Details, Result>;
    },
  };
}
