import { judgeOnce } from "./judge-once.js";
import { stripReasoning } from "./reasoning.js";
import { defineScorer } from "./define-scorer.js";
import { equalityJudgeDeclaration } from "./equality-judge-declaration.js";
import { ownValue } from "../spec/own-value.js";

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
export const equalityJudge = defineScorer({
  ...equalityJudgeDeclaration,
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
