import { KfmError } from "../spec/errors.js";
import type { Scorer, ScorerDefinition } from "../spec/scorer.js";
import { multipleChoice } from "./multiple-choice.js";

/** Every scorer kfm knows, by id. Sets such as "scorers that need a judge" derive from their definitions. */
export const scorerRegistry: ReadonlyMap<string, ScorerDefinition> = new Map<string, ScorerDefinition>([
  [multipleChoice.id, multipleChoice as unknown as ScorerDefinition],
]);

export function listScorers(): ScorerDefinition[] {
  return [...scorerRegistry.values()];
}

export function createScorer(id: string, args: unknown): Scorer {
  const definition = scorerRegistry.get(id);
  if (!definition) {
    throw new KfmError("suite", `unknown scorer "${id}"`, { hint: `Known scorers: ${[...scorerRegistry.keys()].join(", ")}.` });
  }
  try {
    return definition.create(definition.parseArgs(args));
  } catch (error) {
    if (KfmError.isInstance(error)) throw error;
    throw new KfmError("suite", `scorer "${id}": ${(error as Error).message}`, { cause: error });
  }
}
