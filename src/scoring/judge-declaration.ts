import * as z from "zod";
import { declareScorer } from "./define-scorer.js";
import { judgedMetric } from "./judge-metrics.js";
import { missingPromptIssues } from "./suite-checks.js";

const argsSchema = z
  .object({
    /** Item field with the key of the reference answers (KoMT-Bench: question_id). */
    key_field: z.string().min(1).default("question_id"),
    /** Judge prompt names: general, and reference-guided for the categories below; `-multi-turn` variants judge later turns. */
    prompts: z
      .object({
        single: z.string().default("single-v1"),
        reference: z.string().default("single-math-v1"),
        multi_turn_suffix: z.string().default("-multi-turn"),
      })
      .strict()
      .default({ single: "single-v1", reference: "single-math-v1", multi_turn_suffix: "-multi-turn" }),
    /** Subjects (categories) judged against the reference answers, as MT-Bench does. */
    reference_categories: z.array(z.string()).default(["math", "reasoning", "coding"]),
    /** Judge each turn this many times and take the mean. */
    repeats: z.int().min(1).max(10).default(1),
    scale: z.number().positive().default(10),
    /** KoMT-Bench: a reply that is not in Korean gets sqrt(rating); the listed keys (questions that ask for another language) are exempt. */
    non_korean_penalty: z
      .object({ exempt: z.array(z.string()).default([]) })
      .strict()
      .optional(),
  })
  .strict();

export type JudgeArgs = z.infer<typeof argsSchema>;

/** The judge scorer's id, arguments and metrics (its scoring code is `judge.ts`). */
export const judgeDeclaration = declareScorer({
  id: "judge",
  description:
    "LLM-as-judge single-answer grading (MT-Bench style, 1–10 from [[rating]]), reference-guided for some categories, per turn, with a reply cache.",
  needsJudge: true,
  args: argsSchema,
  metrics: [judgedMetric],
  checkSuite(args, suite) {
    // The prompts a run asks for: general, reference-guided when a subject is judged against references, and their later-turn variants for a conversation.
    const kinds = suite.subjects.some((subject) => args.reference_categories.includes(subject))
      ? (["single", "reference"] as const)
      : (["single"] as const);
    const wanted = kinds.map((kind) => ({ path: ["scorer", "args", "prompts", kind], name: args.prompts[kind] }));
    if (suite.multiTurn)
      wanted.push(
        ...kinds.map((kind) => ({ path: ["scorer", "args", "prompts", kind], name: args.prompts[kind] + args.prompts.multi_turn_suffix })),
      );
    return missingPromptIssues(suite, wanted);
  },
});
