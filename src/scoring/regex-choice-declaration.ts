import * as z from "zod";
import { declareScorer } from "./define-scorer.js";

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

/** The regex-choice scorer's id, arguments and metrics (its scoring code is `regex-choice.ts`). */
export const regexChoiceDeclaration = declareScorer({
  id: "regex-choice",
  description:
    "A benchmark's own answer regexes in order (MMLU-Pro, simple-evals GPQA); the first match is the answer, compared exactly with the target letter.",
  args: argsSchema,
});
