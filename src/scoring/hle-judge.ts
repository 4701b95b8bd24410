import { judgeOnce } from "./judge-once.js";
import { defineScorer } from "./define-scorer.js";
import { hleJudgeDeclaration } from "./hle-judge-declaration.js";
import { ownValue } from "../spec/own-value.js";

export interface HleJudgment {
  extracted: string;
  correct: boolean;
  /** The model's stated confidence, 0–100 (100 when it stated none, as the judge prompt says). */
  confidence: number;
}

function confidenceOf(value: unknown): number | undefined {
  const number = typeof value === "number" ? value : typeof value === "string" ? Number(value.replace(/%\s*$/, "").trim()) : Number.NaN;
  return Number.isFinite(number) && number >= 0 && number <= 100 ? number : undefined;
}

/**
 * The judge's answer to HLE's prompt. The official grader (run_judge_results.py) asks for structured
 * output (`ExtractedAnswer`: extracted_final_answer, reasoning, correct yes|no, confidence); kfm's judge
 * is any chat endpoint, so a JSON object with those keys is read when the judge sends one, and
 * otherwise the labelled lines the prompt asks for (`correct: yes`), the last of each label winning.
 * Correct is `"yes" in correct`, as the official metrics read it. No readable `correct` is undefined.
 */
export function parseHleJudgment(reply: string): HleJudgment | undefined {
  const json = /\{[\s\S]*\}/.exec(reply)?.[0];
  if (json) {
    try {
      const value = JSON.parse(json) as Record<string, unknown>;
      if (typeof value.correct === "string") {
        return {
          extracted: String(value.extracted_final_answer ?? ""),
          correct: value.correct.toLowerCase().includes("yes"),
          confidence: confidenceOf(value.confidence) ?? 100,
        };
      }
    } catch {
      // not JSON: read the labelled lines below
    }
  }
  const label = (name: string) =>
    [...reply.matchAll(new RegExp(`^[\\s*#_\`-]*${name}[\\s*_\`]*:[\\s*\`]*(.*)$`, "gim"))]
      .at(-1)?.[1]
      ?.replace(/[*`]+$/g, "")
      .trim();
  const correct = label("correct");
  if (correct === undefined || !/^(yes|no)\b/i.test(correct)) return undefined;
  return {
    extracted: label("extracted_final_answer") ?? "",
    correct: /^yes/i.test(correct),
    confidence: confidenceOf(label("confidence")) ?? 100,
  };
}

/**
 * Humanity's Last Exam's grading (centerforaisafety/hle, hle_eval/run_judge_results.py,
 * `extract_answer`): an LLM judge gets the question, the model's whole reply and the correct answer
 * in HLE's judge prompt, extracts the final answer, says whether it matches, and reads the model's
 * stated confidence, which the summary turns into HLE's RMS calibration error. The reply sits in
 * the prompt with its `[…]` markers defused; a judge reply without a yes/no is an error on the item.
 */

export const hleJudge = defineScorer({
  ...hleJudgeDeclaration,
  create(args, context) {
    const cache = context.judgeCache ?? new Map<string, string[]>();
    return {
      async score({ item, text }) {
        if (text.trim() === "") return { status: "no-answer", rule: "empty-reply" };
        const { value: judgment, judge } = await judgeOnce({
          context,
          cache,
          prompt: args.prompt,
          values: { question: ownValue(item.fields, args.question_field) ?? "", correct_answer: item.target },
          reply: { slot: "response", text },
          parse: parseHleJudgment,
          correct: (value) => value.correct,
          what: `item ${item.id}`,
          expects: "`correct: yes|no`",
        });
        return {
          status: judgment.correct ? "correct" : "incorrect",
          rule: "judged",
          extracted: judgment.extracted,
          details: { judge, confidence: judgment.confidence },
        };
      },
    };
  },
});
