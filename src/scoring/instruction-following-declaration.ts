import * as z from "zod";
import { declareScorer } from "./define-scorer.js";
import { instructionFollowingMetric } from "./instruction-metrics.js";

const argsSchema = z
  .object({
    /** Item fields holding the instruction ids and their kwargs (JSON lists), and the prompt. */
    ids: z.string().default("ids"),
    kwargs: z.string().default("kwargs"),
    prompt: z.string().default("prompt"),
  })
  .strict();

export type InstructionFollowingArgs = z.infer<typeof argsSchema>;

/** The instruction-following scorer's id, arguments and metrics (its scoring code is `instruction-following.ts`). */
export const instructionFollowingDeclaration = declareScorer({
  id: "instruction-following",
  description: "Checks verifiable instructions (IFEval ids and KITE's acrostic), strict and loose.",
  args: argsSchema,
  metrics: [instructionFollowingMetric],
});
