import { isAccepted } from "./accepted.js";
import * as z from "zod";
import { stripReasoning } from "./reasoning.js";
import { defineScorer } from "./define-scorer.js";

const patternSchema = z
  .object({
    /** Recorded as the item's rule when this pattern finds the answer. */
    name: z.string().min(1),
    /** A JavaScript regular expression; group 1 (or the whole match) is the answer. */
    regex: z.string().min(1),
    /** RegExp flags: `i` for Python's `(?i)`, `s` for `re.DOTALL`. */
    flags: z
      .string()
      .regex(/^[imsu]*$/)
      .default(""),
  })
  .strict();

const argsSchema = z
  .object({
    /** Tried in order; the first match (Python's `re.search`) of the first pattern that matches is the answer. */
    patterns: z.array(patternSchema).min(1),
    /** Strings removed from the reply before matching (MMLU-Pro removes `**`). */
    remove: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .superRefine((args, context) => {
    for (const [index, pattern] of args.patterns.entries()) {
      try {
        new RegExp(pattern.regex, pattern.flags);
      } catch (error) {
        context.addIssue({ code: "custom", path: ["patterns", index, "regex"], message: (error as Error).message });
      }
    }
  });

export type RegexChoiceArgs = z.infer<typeof argsSchema>;

/**
 * A benchmark's own answer extraction, written as data: the reference evaluator's regular expressions
 * in its order (MMLU-Pro's `extract_answer` → `extract_again` → `extract_final` in evaluate_from_api.py;
 * simple-evals' `ANSWER_PATTERN_MULTICHOICE`), so kfm reads a reply exactly as the published number
 * was read. The extracted text must equal the target as it is (simple-evals compares case-sensitively).
 * Reasoning blocks are removed first; no pattern matching is `no-answer` (MMLU-Pro's evaluator
 * guesses at random there, which kfm does not).
 */
export const regexChoice = defineScorer({
  id: "regex-choice",
  description:
    "A benchmark's own answer regexes in order (MMLU-Pro, simple-evals GPQA); the first match is the answer, compared exactly with the target letter.",
  args: argsSchema,
  create(args) {
    const patterns = args.patterns.map((pattern) => ({
      name: pattern.name,
      regex: new RegExp(pattern.regex, pattern.flags.replace(/g/g, "")),
    }));
    return {
      score({ item, text }) {
        let answer = stripReasoning(text).answer;
        for (const removed of args.remove) answer = answer.split(removed).join("");
        for (const pattern of patterns) {
          const match = pattern.regex.exec(answer);
          if (!match) continue;
          const extracted = match[1] ?? match[0];
          return { status: isAccepted(item, extracted) ? "correct" : "incorrect", extracted, rule: pattern.name };
        }
        return { status: "no-answer", rule: "none" };
      },
    };
  },
});
