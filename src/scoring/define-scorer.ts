import type * as z from "zod";
import type { ScorerDefinition, ScorerSuiteFacts, ScorerSuiteIssue } from "../spec/scorer-definition.js";
import type { ScorerMetric } from "../spec/scorer-metric.js";
import type { AsyncScorer, ScoreDetails, ScoreInput, ScoreResult, Scorer, ScorerContext, SyncScorer } from "../spec/scorer.js";
import { parseScorerArgs } from "./scorer-args.js";

/**
 * What the registry knows of a scorer before its scoring code is loaded: the id, the arguments a
 * suite may give it, what it needs (a judge, a sandbox) and the metrics it adds to a summary.
 */
export interface ScorerDeclaration<Id extends string, Args extends Record<string, unknown>, Details extends ScoreDetails = ScoreDetails> {
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
}

/** What a scorer file writes: its declaration and the scoring function, everything once, the id included. */
export interface ScorerSpec<
  Id extends string,
  Args extends Record<string, unknown>,
  Details extends ScoreDetails,
  Result extends ScoreResult<Details> | Promise<ScoreResult<Details>>,
> extends ScorerDeclaration<Id, Args, Details> {
  /** The scoring function for parsed arguments; `id` and `args` are added from this spec. */
  create(args: Args, context: ScorerContext): { score(input: ScoreInput): Result };
}

/** A sync scoring function makes a `SyncScorer`, an async one (a judge) an `AsyncScorer`; either keeps the scorer's details type. */
type Made<Details extends ScoreDetails, Result> = Result extends Promise<unknown> ? AsyncScorer<Details> : SyncScorer<Details>;

/** A declaration as it is written, its types kept for the scorer file that adds `create` to it. */
export function declareScorer<const Id extends string, Args extends Record<string, unknown>, Details extends ScoreDetails = ScoreDetails>(
  declaration: ScorerDeclaration<Id, Args, Details>,
): ScorerDeclaration<Id, Args, Details> {
  return declaration;
}

/** A definition's fields but `create`, from a declaration. */
function declared<Args extends Record<string, unknown>>(
  declaration: ScorerDeclaration<string, Args, ScoreDetails>,
): Omit<ScorerDefinition<Args>, "create"> {
  return {
    id: declaration.id,
    description: declaration.description,
    ...(declaration.needsJudge ? { needsJudge: true } : {}),
    ...(declaration.needsExecutor ? { needsExecutor: true } : {}),
    ...(declaration.checkSuite ? { checkSuite: declaration.checkSuite } : {}),
    // Stored details are the ones this scorer wrote: its metrics read them with its own type.
    metrics: (declaration.metrics ?? []) as readonly ScorerMetric[],
    parseArgs: (args) => parseScorerArgs(declaration.args, args, declaration.argsHint),
  };
}

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
>(
  spec: ScorerSpec<Id, Args, Details, Result>,
): Omit<ScorerDefinition<Args, Made<Details, Result>>, "create"> & {
  readonly id: Id;
  create(args: Args, context?: ScorerContext): Made<Details, Result>;
} {
  return {
    ...declared(spec as ScorerDeclaration<string, Args, ScoreDetails>),
    id: spec.id,
    create(args, context = {}) {
      const made = spec.create(args, context);
      return { id: spec.id, args, score: (input: ScoreInput) => made.score(input) } as Made<Details, Result>;
    },
  };
}

/**
 * A registry entry whose scoring code loads on its first `create`: the declaration answers
 * everything asked before a run (arguments, suite checks, metrics, whether it needs a judge), and
 * `load` imports the scorer file. A run then compiles only the scorer its suite names, not the
 * IFEval checkers, the judges and the code sandbox's harness of the others.
 */
export function lazyScorer<const Id extends string, Args extends Record<string, unknown>, Details extends ScoreDetails>(
  declaration: ScorerDeclaration<Id, Args, Details>,
  load: () => Promise<ScorerDefinition<Args>>,
): ScorerDefinition<Args> & { readonly id: Id } {
  return {
    ...declared(declaration as ScorerDeclaration<string, Args, ScoreDetails>),
    id: declaration.id,
    async create(args, context = {}): Promise<Scorer> {
      const definition = await load();
      if (definition.id !== declaration.id) throw new Error(`scorer "${declaration.id}" loaded the definition of "${definition.id}"`);
      return definition.create(args, context);
    },
  };
}
