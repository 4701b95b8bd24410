import type { RunSummary } from "../spec/run.js";
import type { ScorerMetric } from "../spec/scorer-metric.js";
import type { ItemStatus } from "../spec/scorer.js";

/** What the instruction-following scorer keeps on a record: each instruction passed strictly, loosely, or was skipped (unsupported). */
export type InstructionDetails = {
  instructions?: Array<{ id: string; strict?: boolean; loose?: boolean; skipped?: true }>;
};

/**
 * IFEval's four numbers: prompt-level (all of an item's instructions followed) and instruction-level,
 * strict and loose. Skipped (unsupported) instructions count neither way; an item whose instructions
 * were all skipped is left out of the prompt level.
 */
export function instructionMetrics(
  records: ReadonlyArray<{ status: ItemStatus; details?: InstructionDetails }>,
): RunSummary["instructionFollowing"] {
  let prompts = 0;
  let promptStrict = 0;
  let promptLoose = 0;
  let instructions = 0;
  let instructionStrict = 0;
  let instructionLoose = 0;
  const skipped: Record<string, number> = {};
  let any = false;
  for (const record of records) {
    const list = record.details?.instructions;
    if (!list) continue;
    any = true;
    const checked = list.filter((instruction) => !instruction.skipped);
    for (const instruction of list) if (instruction.skipped) skipped[instruction.id] = (skipped[instruction.id] ?? 0) + 1;
    if (checked.length === 0) continue;
    prompts++;
    if (checked.every((instruction) => instruction.strict)) promptStrict++;
    if (checked.every((instruction) => instruction.loose)) promptLoose++;
    instructions += checked.length;
    instructionStrict += checked.filter((instruction) => instruction.strict).length;
    instructionLoose += checked.filter((instruction) => instruction.loose).length;
  }
  if (!any) return undefined;
  const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  return {
    promptStrict: share(promptStrict, prompts),
    promptLoose: share(promptLoose, prompts),
    instructionStrict: share(instructionStrict, instructions),
    instructionLoose: share(instructionLoose, instructions),
    prompts,
    instructions,
    skipped,
  };
}

/** `summary.instructionFollowing`, for the instruction-following scorer. */
export const instructionFollowingMetric: ScorerMetric<InstructionDetails> = { name: "instructionFollowing", aggregate: instructionMetrics };
