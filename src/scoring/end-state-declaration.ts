import * as z from "zod";
import { declareScorer } from "./define-scorer.js";
import { agenticIssues } from "./suite-checks.js";
import { toolUseMetric } from "./tool-use-metrics.js";

const argsSchema = z
  .object({
    /** Also require every reference call of the task's solution to have been made (any order, extra calls allowed). */
    require_solution_calls: z.boolean().default(false),
    /** A conversation a limit cut off (turns, tool calls, seconds) scores 0 whatever the state, as tau2-bench's evaluator does. */
    limit_stop_fails: z.boolean().default(false),
  })
  .strict();

export type EndStateArgs = z.infer<typeof argsSchema>;

/** The end-state scorer's id, arguments and metrics (its scoring code is `end-state.ts`). */
export const endStateDeclaration = declareScorer({
  id: "end-state",
  description:
    "Agentic tasks: the environment's final state against the expected state (tau-bench style), optionally with the solution's calls.",
  args: argsSchema,
  metrics: [toolUseMetric],
  checkSuite: (_args, suite) => agenticIssues("end-state", suite, "loop"),
});
