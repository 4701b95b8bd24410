import * as z from "zod";
import { codeTestsMetric } from "./code-tests-metric.js";
import { declareScorer } from "./define-scorer.js";

const argsSchema = z
  .object({
    /** Each test's limit in seconds: LiveCodeBench's `evaluate_generations` default (timeout=6). */
    timeout_seconds: z.number().positive().max(60).default(6),
    /** The item field whose value the summary's `codeTests.byDifficulty` groups by. */
    difficulty_field: z.string().min(1).default("difficulty"),
  })
  .strict();

export type CodeTestsArgs = z.infer<typeof argsSchema>;

/** The code-tests scorer's id, arguments and metrics (its scoring code is `code-tests.ts`). */
export const codeTestsDeclaration = declareScorer({
  id: "code-tests",
  description:
    "LiveCodeBench: the last fenced code block runs in a sandbox on the problem's public and private tests; correct when all pass.",
  args: argsSchema,
  needsExecutor: true,
  metrics: [codeTestsMetric],
});
