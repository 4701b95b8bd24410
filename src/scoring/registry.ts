import { KfmError } from "../spec/errors.js";
import type { Scorer, ScorerContext, ScorerDefinition } from "../spec/scorer.js";
import { multipleChoice } from "./multiple-choice.js";
import { numeric } from "./numeric.js";
import { instructionFollowing } from "./instruction-following.js";
import { toolCall } from "./tool-call.js";
import { endState } from "./end-state.js";
import { judge } from "./judge.js";
import { rubricJudge } from "./rubric-judge.js";
import { boxedInteger } from "./boxed-integer.js";
import { regexChoice } from "./regex-choice.js";
import { hleJudge } from "./hle-judge.js";
import { equalityJudge } from "./equality-judge.js";

/**
 * Every scorer kfm knows, by id. Sets such as "scorers that need a judge" are derived from the
 * definitions' own metadata, never kept as a second list beside this one. (`any`: each definition
 * has its own argument type; `createScorer` parses arguments before it creates.)
 */
export const scorerRegistry = {
  "multiple-choice": multipleChoice,
  numeric,
  "instruction-following": instructionFollowing,
  "tool-call": toolCall,
  "end-state": endState,
  judge,
  "tool-use-judge": rubricJudge,
  "boxed-integer": boxedInteger,
  "regex-choice": regexChoice,
  "hle-judge": hleJudge,
  "equality-judge": equalityJudge,
} as const satisfies Readonly<Record<string, ScorerDefinition<any, Scorer>>>;

export type ScorerId = keyof typeof scorerRegistry;

/** Whether a scorer calls a judge model (derived from the definitions' metadata). */
export function scorerNeedsJudge(id: string): boolean {
  return definitionOf(id)?.needsJudge === true;
}

function definitionOf(id: string): ScorerDefinition | undefined {
  return Object.hasOwn(scorerRegistry, id) ? scorerRegistry[id as ScorerId] : undefined;
}

/** The registered definitions, by id. */
export function listScorers(): ScorerDefinition[] {
  return Object.values<ScorerDefinition>(scorerRegistry).sort((a, b) => a.id.localeCompare(b.id));
}

/** A ready scorer for a suite's `scorer: { id, args }`; unknown ids and bad arguments are suite errors. */
export function createScorer(id: string, args: unknown, context: ScorerContext = {}): Scorer {
  const definition = definitionOf(id);
  if (!definition) {
    const known = listScorers().map((scorer) => scorer.id);
    throw new KfmError("suite", `unknown scorer "${id}"; known scorers: ${known.join(", ")}`, {
      hint: `Set scorer.id in the suite to one of: ${known.join(", ")}.`,
    });
  }
  try {
    return definition.create(definition.parseArgs(args), context);
  } catch (error) {
    if (KfmError.isInstance(error)) throw error;
    throw new KfmError("suite", `scorer "${id}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
