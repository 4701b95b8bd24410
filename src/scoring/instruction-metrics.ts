import type { RunSummary } from "../spec/run.js";
import { accuracyError, clusterMeans } from "../stats/score-error.js";
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
  records: ReadonlyArray<{ id?: string; task?: string; status: ItemStatus; details?: InstructionDetails }>,
): RunSummary["instructionFollowing"] {
  let prompts = 0;
  let promptStrict = 0;
  let promptLoose = 0;
  let instructions = 0;
  let instructionStrict = 0;
  let instructionLoose = 0;
  const skipped: Record<string, number> = {};
  let any = false;
  // Each prompt's 0/1 at the prompt level, by item (the samples of a repeated item are one item).
  const strictByItem: Array<{ cluster: string; value: number }> = [];
  const looseByItem: Array<{ cluster: string; value: number }> = [];
  for (const [index, record] of records.entries()) {
    const list = record.details?.instructions;
    if (!list) continue;
    any = true;
    const checked = list.filter((instruction) => !instruction.skipped);
    for (const instruction of list) if (instruction.skipped) skipped[instruction.id] = (skipped[instruction.id] ?? 0) + 1;
    if (checked.length === 0) continue;
    prompts++;
    const cluster = record.task ?? record.id ?? String(index);
    const strict = checked.every((instruction) => instruction.strict);
    const loose = checked.every((instruction) => instruction.loose);
    if (strict) promptStrict++;
    if (loose) promptLoose++;
    strictByItem.push({ cluster, value: +strict });
    looseByItem.push({ cluster, value: +loose });
    instructions += checked.length;
    instructionStrict += checked.filter((instruction) => instruction.strict).length;
    instructionLoose += checked.filter((instruction) => instruction.loose).length;
  }
  if (!any) return undefined;
  const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  const promptStrictError = accuracyError(clusterMeans(strictByItem));
  const promptLooseError = accuracyError(clusterMeans(looseByItem));
  return {
    promptStrict: share(promptStrict, prompts),
    promptLoose: share(promptLoose, prompts),
    ...(promptStrictError ? { promptStrictError } : {}),
    ...(promptLooseError ? { promptLooseError } : {}),
    instructionStrict: share(instructionStrict, instructions),
    instructionLoose: share(instructionLoose, instructions),
    prompts,
    instructions,
    skipped,
  };
}

/** A record's prompt-level outcome: 1 when every checked instruction passed (`strict` or `loose`), undefined when none was checked. */
function promptLevel(level: "strict" | "loose", record: { details?: InstructionDetails }): number | undefined {
  const checked = record.details?.instructions?.filter((instruction) => !instruction.skipped);
  if (!checked || checked.length === 0) return undefined;
  return checked.every((instruction) => instruction[level]) ? 1 : 0;
}

/** `summary.instructionFollowing`, for the instruction-following scorer; its prompt-level numbers may be a suite's headline. */
export const instructionFollowingMetric: ScorerMetric<InstructionDetails> = {
  name: "instructionFollowing",
  aggregate: instructionMetrics,
  headlines: ["prompt_strict", "prompt_loose"],
  headlineOutcome: (headline, record) => promptLevel(headline === "prompt_loose" ? "loose" : "strict", record),
};
