import * as z from "zod";
import { declareScorer } from "./define-scorer.js";

const argsSchema = z
  .object({
    /** Inclusive range of valid answers (AIME: 0–999); a boxed integer outside it is incorrect. */
    min: z.int().default(0),
    max: z.int().default(999),
  })
  .strict();

export type BoxedIntegerArgs = z.infer<typeof argsSchema>;

/** The boxed-integer scorer's id, arguments and metrics (its scoring code is `boxed-integer.ts`). */
export const boxedIntegerDeclaration = declareScorer({
  id: "boxed-integer",
  description: "MathArena (AIME): the last \\boxed{} of the reply parsed as an integer, exact match with the target.",
  args: argsSchema,
});
