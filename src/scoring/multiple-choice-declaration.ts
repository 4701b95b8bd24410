import * as z from "zod";
import { declareScorer } from "./define-scorer.js";
import { macroF1Metric } from "./macro-f1.js";

/** The labels a multiple-choice suite gets when it names none. */
export const DEFAULT_CHOICES: readonly string[] = ["A", "B", "C", "D"];

const argsSchema = z
  .object({
    /** Option labels in order; `2번` and `②` name the second. Letters or digits, as the prompt shows them. */
    choices: z
      .array(z.string().regex(/^[A-Za-z0-9]{1,3}$/, "a label is 1 to 3 letters or digits, e.g. A"))
      .min(2)
      .max(26)
      .refine((labels) => new Set(labels.map((label) => label.toUpperCase())).size === labels.length, "labels must be distinct")
      .default([...DEFAULT_CHOICES]),
  })
  .strict();

export type MultipleChoiceArgs = z.infer<typeof argsSchema>;

/** The multiple-choice scorer's id, arguments and metrics (its scoring code is `multiple-choice.ts`). */
export const multipleChoiceDeclaration = declareScorer({
  id: "multiple-choice",
  description: "Extracts the chosen option (정답: B, (C), ②, 3번, \\boxed{D}, option text) and compares it with the target label.",
  args: argsSchema,
  argsHint: "Give scorer.args as { choices: [A, B, C, D] } (distinct labels, in option order) or leave it out.",
  metrics: [macroF1Metric],
});
