import * as z from "zod";
import { declareScorer } from "./define-scorer.js";
import { judgedMetric } from "./judge-metrics.js";
import { agenticIssues, missingPromptIssues } from "./suite-checks.js";
import { toolUseMetric } from "./tool-use-metrics.js";

const argsSchema = z
  .object({
    /** Item field naming the turn's type (FunctionChat's type_of_output: call, completion, slot, relevance). */
    type_field: z.string().min(1).default("type_of_output"),
    /** Rubric prompt per turn type, by name in the suite's judge rubrics. */
    rubrics: z.record(z.string(), z.string()).default({ call: "call", completion: "completion", slot: "slot", relevance: "relevance" }),
    repeats: z.int().min(1).max(10).default(1),
  })
  .strict();

export type RubricJudgeArgs = z.infer<typeof argsSchema>;

/** The tool-use-judge scorer's id, arguments and metrics (its scoring code is `rubric-judge.ts`). */
export const rubricJudgeDeclaration = declareScorer({
  id: "tool-use-judge",
  description: "Tool-use turns graded pass/fail by an LLM judge with FunctionChat-Bench's rubrics (call, completion, slot, relevance).",
  needsJudge: true,
  args: argsSchema,
  metrics: [judgedMetric, toolUseMetric],
  checkSuite: (args, suite) => [
    ...agenticIssues("tool-use-judge", suite),
    ...missingPromptIssues(
      suite,
      Object.entries(args.rubrics).map(([type, name]) => ({ path: ["scorer", "args", "rubrics", type], name })),
    ),
  ],
});
