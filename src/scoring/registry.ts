import { KfmError } from "../spec/errors.js";
import type { RunSummary } from "../spec/run.js";
import type { ScorerDefinition, ScorerSuiteFacts } from "../spec/scorer-definition.js";
import type { ScorerMetric } from "../spec/scorer-metric.js";
import type { Scorer, ScorerContext } from "../spec/scorer.js";
import { closestName } from "../spec/closest-name.js";
import { boxedIntegerDeclaration } from "./boxed-integer-declaration.js";
import { codeTestsDeclaration } from "./code-tests-declaration.js";
import { lazyScorer } from "./define-scorer.js";
import { endStateDeclaration } from "./end-state-declaration.js";
import { equalityJudgeDeclaration } from "./equality-judge-declaration.js";
import { hleJudgeDeclaration } from "./hle-judge-declaration.js";
import { instructionFollowingDeclaration } from "./instruction-following-declaration.js";
import { judgeDeclaration } from "./judge-declaration.js";
import { multipleChoiceDeclaration } from "./multiple-choice-declaration.js";
import { numericDeclaration } from "./numeric-declaration.js";
import { regexChoiceDeclaration } from "./regex-choice-declaration.js";
import { rubricJudgeDeclaration } from "./rubric-judge-declaration.js";
import { toolCallDeclaration } from "./tool-call-declaration.js";
import { argsPath, ScorerArgsError, type ArgsIssue } from "./scorer-args.js";
import { byCodeUnits } from "../spec/code-unit-order.js";

/**
 * Every scorer kfm ships. Each is its declaration (id, arguments, metrics), known at once, and its
 * scoring code, imported on the first `create`: a run loads the scorer its suite names and no other.
 */
export const builtInScorers = [
  lazyScorer(multipleChoiceDeclaration, async () => (await import("./multiple-choice.js")).multipleChoice),
  lazyScorer(numericDeclaration, async () => (await import("./numeric.js")).numeric),
  lazyScorer(instructionFollowingDeclaration, async () => (await import("./instruction-following.js")).instructionFollowing),
  lazyScorer(toolCallDeclaration, async () => (await import("./tool-call.js")).toolCall),
  lazyScorer(endStateDeclaration, async () => (await import("./end-state.js")).endState),
  lazyScorer(judgeDeclaration, async () => (await import("./judge.js")).judge),
  lazyScorer(rubricJudgeDeclaration, async () => (await import("./rubric-judge.js")).rubricJudge),
  lazyScorer(boxedIntegerDeclaration, async () => (await import("./boxed-integer.js")).boxedInteger),
  lazyScorer(regexChoiceDeclaration, async () => (await import("./regex-choice.js")).regexChoice),
  lazyScorer(hleJudgeDeclaration, async () => (await import("./hle-judge.js")).hleJudge),
  lazyScorer(equalityJudgeDeclaration, async () => (await import("./equality-judge.js")).equalityJudge),
  lazyScorer(codeTestsDeclaration, async () => (await import("./code-tests.js")).codeTests),
] as const;

export type ScorerId = (typeof builtInScorers)[number]["id"];

/** What is wrong with a suite's `scorer` section, as data: `app/` turns it into an error naming the line. */
export type ScorerProblem =
  | { kind: "unknown-scorer"; id: string; known: string[]; suggestion?: string }
  | { kind: "bad-args"; id: string; issues: readonly ArgsIssue[]; hint?: string }
  /** The suite asks for an opt-in metric (`macro_f1`) its scorer does not compute; `index` is its place in the list. */
  | { kind: "metric-not-offered"; id: string; metric: string; index: number; offeredBy: string[] }
  /** The arguments do not fit the suite (a judge prompt it lacks); `path` is in the suite document. */
  | { kind: "suite-mismatch"; id: string; path: Array<string | number>; message: string; hint?: string };

/** What `check` compares a scorer section with: the opt-in metrics the suite asks for, and its sections. */
export interface ScorerCheckContext {
  metrics?: readonly string[];
  suite?: ScorerSuiteFacts;
}

/** The scorers a run may use, by id, with what is derived from their definitions. */
export interface ScorerRegistry {
  get(id: string): ScorerDefinition | undefined;
  /** The definitions, sorted by id. */
  list(): ScorerDefinition[];
  /** Whether a scorer calls a judge model (from the definition's metadata). */
  needsJudge(id: string): boolean;
  /** Whether a scorer runs generated code (from the definition's metadata): the run opens the sandbox. */
  needsExecutor(id: string): boolean;
  /** The metrics a run scored by `id` adds to its summary; none for an id this registry does not know. */
  metricsOf(id: string): readonly ScorerMetric[];
  /** Every problem with a suite's scorer section (id, arguments, the opt-in metrics it asks for, the suite's sections); empty when it is good. */
  check(scorer: { id: string; args: unknown }, context?: ScorerCheckContext): ScorerProblem[];
  /** A ready scorer for a suite's `scorer: { id, args }` (its code loaded if need be); unknown ids and bad arguments are suite errors. */
  create(id: string, args: unknown, context?: ScorerContext): Promise<Scorer>;
}

/** `summary.json` keys kfm itself writes: a metric named like one would overwrite it. (A record over the keys, so a new one cannot be forgotten.) */
const CORE_SUMMARY_KEYS: Record<
  Exclude<keyof RunSummary, "macroF1" | "instructionFollowing" | "judged" | "toolUse" | "calibration" | "codeTests">,
  true
> = {
  v: true,
  runId: true,
  status: true,
  suite: true,
  endpoint: true,
  total: true,
  done: true,
  counts: true,
  accuracy: true,
  accuracyError: true,
  macroAccuracy: true,
  macroAccuracyError: true,
  repeats: true,
  noAnswerRate: true,
  errorRate: true,
  bySubject: true,
  bySupercategory: true,
  tokens: true,
  latencyMs: true,
  truncatedReplies: true,
  ttftMs: true,
  elapsedSeconds: true,
  resumeCommand: true,
  endpointChanged: true,
  cost: true,
};

function checkDefinitions(definitions: readonly ScorerDefinition[]): void {
  const ids = new Set<string>();
  for (const definition of definitions) {
    if (ids.has(definition.id))
      throw new KfmError("usage", `two scorers have the id "${definition.id}"`, { hint: "Give each scorer definition its own id." });
    ids.add(definition.id);
    const names = new Set<string>();
    for (const metric of definition.metrics) {
      if (Object.hasOwn(CORE_SUMMARY_KEYS, metric.name) || names.has(metric.name)) {
        throw new KfmError(
          "usage",
          `scorer "${definition.id}": metric "${metric.name}" would overwrite ${names.has(metric.name) ? "another of its metrics" : "a summary field kfm writes"}`,
          { hint: "Name the metric after what it measures, e.g. exactMatch." },
        );
      }
      names.add(metric.name);
    }
  }
}

/**
 * A registry of scorer definitions keyed by their own ids (ids and metric names are checked once,
 * here). Pass `[...builtInScorers, yourScorer]` to run a scorer kfm does not ship.
 */
// `any`: each definition has its own argument type; `create` parses arguments before it creates.
export function createScorerRegistry(definitions: ReadonlyArray<ScorerDefinition<any, Scorer>>): ScorerRegistry {
  checkDefinitions(definitions);
  const byId = new Map<string, ScorerDefinition>(definitions.map((definition) => [definition.id, definition]));
  const sorted = [...byId.values()].sort((a, b) => byCodeUnits(a.id, b.id));
  const unknown = (id: string): ScorerProblem => {
    const known = sorted.map((definition) => definition.id);
    const suggestion = closestName(id, known);
    return { kind: "unknown-scorer", id, known, ...(suggestion ? { suggestion } : {}) };
  };
  const parse = (definition: ScorerDefinition, args: unknown): { args: Record<string, unknown> } | { problem: ScorerProblem } => {
    try {
      return { args: definition.parseArgs(args) };
    } catch (error) {
      if (!ScorerArgsError.isInstance(error)) throw asSuiteError(definition.id, error);
      return { problem: { kind: "bad-args", id: definition.id, issues: error.issues, ...(error.hint ? { hint: error.hint } : {}) } };
    }
  };
  return {
    get: (id) => byId.get(id),
    list: () => [...sorted],
    needsJudge: (id) => byId.get(id)?.needsJudge === true,
    needsExecutor: (id) => byId.get(id)?.needsExecutor === true,
    metricsOf: (id) => byId.get(id)?.metrics ?? [],
    check(scorer, context = {}) {
      const definition = byId.get(scorer.id);
      if (!definition) return [unknown(scorer.id)];
      const problems: ScorerProblem[] = [];
      const parsed = parse(definition, scorer.args);
      if ("problem" in parsed) problems.push(parsed.problem);
      else if (context.suite && definition.checkSuite) {
        for (const issue of definition.checkSuite(parsed.args, context.suite))
          problems.push({ kind: "suite-mismatch", id: definition.id, ...issue });
      }
      for (const [index, metric] of (context.metrics ?? []).entries()) {
        const offeredBy = sorted.filter((other) => other.metrics.some((offered) => offered.optIn === metric)).map((other) => other.id);
        if (offeredBy.length > 0 && !offeredBy.includes(definition.id))
          problems.push({ kind: "metric-not-offered", id: definition.id, metric, index, offeredBy });
      }
      return problems;
    },
    async create(id, args, context = {}) {
      const definition = byId.get(id);
      if (!definition) throw problemError(unknown(id));
      const parsed = parse(definition, args);
      if ("problem" in parsed) throw problemError(parsed.problem);
      try {
        return await definition.create(parsed.args, context);
      } catch (error) {
        throw asSuiteError(id, error);
      }
    },
  };
}

/** A scorer problem in words: the message and what to do next. */
export function describeScorerProblem(problem: ScorerProblem): { message: string; hint?: string } {
  switch (problem.kind) {
    case "unknown-scorer":
      return {
        message: `unknown scorer "${problem.id}"${problem.suggestion ? ` (did you mean "${problem.suggestion}"?)` : ""}; known scorers: ${problem.known.join(", ")}`,
        hint: problem.suggestion
          ? `Set scorer.id to "${problem.suggestion}".`
          : `Set scorer.id in the suite to one of: ${problem.known.join(", ")}.`,
      };
    case "bad-args":
      return {
        message: `scorer "${problem.id}": ${problem.issues.map((issue) => `${argsPath(issue)}: ${issue.message}`).join("; ")}`,
        ...(problem.hint ? { hint: problem.hint } : {}),
      };
    case "metric-not-offered":
      return {
        message: `scorer "${problem.id}" does not compute ${problem.metric} (${problem.offeredBy.join(", ")} does)`,
        hint: `Remove ${problem.metric} from aggregation.metrics, or score the suite with ${problem.offeredBy.join(" or ")}.`,
      };
    case "suite-mismatch":
      return { message: `scorer "${problem.id}": ${problem.message}`, ...(problem.hint ? { hint: problem.hint } : {}) };
  }
}

/** A definition's own failure (a plugin's plain Error) as a suite error naming the scorer; kfm's errors pass as they are. */
function asSuiteError(id: string, error: unknown): KfmError {
  if (KfmError.isInstance(error)) return error;
  return new KfmError("suite", `scorer "${id}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

function problemError(problem: ScorerProblem): KfmError {
  const { message, hint } = describeScorerProblem(problem);
  return new KfmError("suite", message, hint ? { hint } : {});
}

/** The scorers kfm ships. */
export const scorers: ScorerRegistry = createScorerRegistry(builtInScorers);

/** The built-in definitions by id (derived from each definition's own id). */
export const scorerRegistry = Object.fromEntries(builtInScorers.map((definition) => [definition.id, definition])) as {
  readonly [Definition in (typeof builtInScorers)[number] as Definition["id"]]: Definition;
};

/** Whether a built-in scorer calls a judge model. */
export function scorerNeedsJudge(id: string): boolean {
  return scorers.needsJudge(id);
}

/** The built-in definitions, sorted by id. */
export function listScorers(): ScorerDefinition[] {
  return scorers.list();
}

/** A ready built-in scorer for a suite's `scorer: { id, args }`. */
export function createScorer(id: string, args: unknown, context: ScorerContext = {}): Promise<Scorer> {
  return scorers.create(id, args, context);
}
