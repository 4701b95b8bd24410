import * as z from "zod";
import { judgeOnce } from "./judge-once.js";
import { stripReasoning } from "./reasoning.js";
import { defineScorer } from "./define-scorer.js";
import { judgedMetric } from "./judge-metrics.js";
import { missingPromptIssues } from "./suite-checks.js";
import { ownValue } from "../spec/own-value.js";

const argsSchema = z
  .object({
    /** The judge prompt, by name in the suite's judge rubrics; `{question}`, `{official_answer}` and `{candidate_answer}` are filled. */
    prompt: z.string().min(1),
    /** Item field holding the question as the model saw it (without the documents). */
    question_field: z.string().min(1).default("question"),
  })
  .strict();

export type EqualityJudgeArgs = z.infer<typeof argsSchema>;

/** The judge's verdict: the last CORRECT or INCORRECT it writes, as a word of its own. */
export function parseEquality(reply: string): boolean | undefined {
  const last = [...reply.matchAll(/\b(INCORRECT|CORRECT)\b/g)].at(-1)?.[1];
  return last === undefined ? undefined : last === "CORRECT";
}

/**
 * An LLM equality check (AA-LCR, graded by Artificial Analysis with an equality-checker model):
 * the judge sees the question, the official answer and the model's answer (reasoning removed,
 * markers defused) and says CORRECT or INCORRECT; only that word is read, and a reply without it
 * is an error on the item, never a wrong answer.
 */
const METRICS = [judgedMetric];

export const equalityJudge = defineScorer({
  id: "equality-judge",
  description: "An LLM judge says whether the model's answer is equivalent to the official one (CORRECT / INCORRECT), as AA-LCR is graded.",
  needsJudge: true,
  args: argsSchema,
  metrics: METRICS,
  checkSuite: (args, suite) => missingPromptIssues(suite, [{ path: ["scorer", "args", "prompt"], name: args.prompt }]),
  create(args, context) {
    const cache = context.judgeCache ?? new Map<string, string[]>();
    return {
      async score({ item, text }) {
        const { answer } = stripReasoning(text);
        if (answer === "") return { status: "no-answer", rule: "empty-reply" };
        const { value: correct, judge } = await judgeOnce({
          context,
          cache,
          prompt: args.prompt,
          values: { question: ownValue(item.fields, args.question_field) ?? "", official_answer: item.target },
          reply: { slot: "candidate_answer", text: answer },
          parse: parseEquality,
          correct: (value) => value,
          what: `item ${item.id}`,
          expects: "CORRECT or INCORRECT",
        });
        return { status: correct ? "correct" : "incorrect", rule: "judged", details: { judge } };
      },
    };
  },
});
