import { KfmError } from "../spec/errors.js";
import { defineScorer } from "./define-scorer.js";
import { instructionFollowingDeclaration } from "./instruction-following-declaration.js";
import { CHECKERS, looseVariants, type Kwargs } from "./instruction-checkers.js";
import { type InstructionDetails } from "./instruction-metrics.js";
import { stripReasoning } from "./reasoning.js";
import { ownValue } from "../spec/own-value.js";

function parseList(text: string | undefined, what: string, id: string): unknown[] {
  try {
    const parsed = JSON.parse(text ?? "") as unknown;
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // fall through
  }
  throw new KfmError("data", `item ${id}: ${what} is not a JSON list`);
}

/**
 * IFEval-style instruction following (KITE): every instruction of an item is checked strictly
 * and loosely; the item is correct when all checked instructions pass strictly. An instruction
 * type kfm has no checker for is skipped and reported, never passed or failed.
 */
export const instructionFollowing = defineScorer({
  ...instructionFollowingDeclaration,
  create(args) {
    return {
      score({ item, text }) {
        const { answer } = stripReasoning(text);
        const ids = parseList(ownValue(item.fields, args.ids), args.ids, item.id).map(String);
        const kwargs = parseList(ownValue(item.fields, args.kwargs), args.kwargs, item.id) as Array<Kwargs | null>;
        const prompt = ownValue(item.fields, args.prompt) ?? "";
        const results: NonNullable<InstructionDetails["instructions"]> = ids.map((id, index) => {
          const checker = CHECKERS[id];
          const options = kwargs[index] ?? {};
          const verdict = checker?.(answer, options, prompt);
          if (!checker || verdict === undefined) return { id, skipped: true as const };
          // As evaluation_lib.py: a blank reply follows no instruction, strictly or loosely.
          const strict = answer.trim() !== "" && verdict;
          const loose = looseVariants(answer).some((variant) => variant.trim() !== "" && checker(variant, options, prompt) === true);
          return { id, strict, loose };
        });
        const checked = results.filter((result) => !result.skipped);
        const details: InstructionDetails = { instructions: results };
        if (answer.trim() === "") return { status: "no-answer", rule: "empty", details };
        if (checked.length === 0) return { status: "no-answer", rule: "all-instructions-unsupported", details };
        const passed = checked.filter((result) => result.strict).length;
        return { status: passed === checked.length ? "correct" : "incorrect", rule: `strict ${passed}/${checked.length}`, details };
      },
    };
  },
});
