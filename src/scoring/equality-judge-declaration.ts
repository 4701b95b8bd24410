import * as z from "zod";
import { declareScorer } from "./define-scorer.js";
import { judgedMetric } from "./judge-metrics.js";
import { missingPromptIssues } from "./suite-checks.js";

const argsSchema = z
  .object({
    /** The judge prompt, by name in the suite's judge rubrics; `{question}`, `{official_answer}` and `{candidate_answer}` are filled. */
    prompt: z.string().min(1),
    /** Item field holding the question as the model saw it (without the documents). */
    question_field: z.string().min(1).default("question"),
  })
  .strict();

export type EqualityJudgeArgs = z.infer<typeof argsSchema>;

/** The equality-judge scorer's id, arguments and metrics (its scoring code is `equality-judge.ts`). */
export const equalityJudgeDeclaration = declareScorer({
  id: "equality-judge",
  description: "An LLM judge says whether the model's answer is equivalent to the official one (CORRECT / INCORRECT), as AA-LCR is graded.",
  needsJudge: true,
  args: argsSchema,
  metrics: [judgedMetric],
  checkSuite: (args, suite) => missingPromptIssues(suite, [{ path: ["scorer", "args", "prompt"], name: args.prompt }]),
});
