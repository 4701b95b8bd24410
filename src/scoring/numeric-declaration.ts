import * as z from "zod";
import { declareScorer } from "./define-scorer.js";

const argsSchema = z
  .object({
    /** |reply − target| <= max(absolute, relative × |target|). */
    absolute: z.number().min(0).default(1e-6),
    relative: z.number().min(0).default(1e-4),
  })
  .strict();

export type NumericArgs = z.infer<typeof argsSchema>;

/** The numeric scorer's id, arguments and metrics (its scoring code is `numeric.ts`). */
export const numericDeclaration = declareScorer({
  id: "numeric",
  description:
    "Extracts the final number (\\boxed{}, #### 42, 정답: 1,200원, the last number) and compares it with the target within a tolerance.",
  args: argsSchema,
});
