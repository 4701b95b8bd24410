import { z } from "zod";
import type { ScorerDefinition } from "../spec/scorer.js";
import { extractChoice } from "./extract-choice.js";
import { stripReasoning } from "./reasoning.js";

const argsSchema = z
  .object({
    choices: z.array(z.string().min(1).max(3)).min(2).max(9).default(["A", "B", "C", "D"]),
  })
  .strict();

export type MultipleChoiceArgs = z.infer<typeof argsSchema>;

/**
 * Multiple choice scored by extraction. Only the answer text is searched: reasoning is where a
 * model weighs every option, so a letter found there is not its answer. A reply whose answer
 * cannot be extracted is `no-answer`, never `incorrect`.
 */
export const multipleChoice: ScorerDefinition<MultipleChoiceArgs> = {
  id: "multiple-choice",
  description: "Extracts the chosen option (정답: B, (C), ②, \\boxed{D}, …) and compares it with the target letter.",
  parseArgs(args) {
    const parsed = argsSchema.safeParse(args ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`scorer.args.${issue.path.join(".")}: ${issue.message}`);
    }
    return parsed.data;
  },
  create(args) {
    return {
      id: "multiple-choice",
      args,
      score({ item, text }) {
        const { answer } = stripReasoning(text);
        const extraction = extractChoice(answer, { choices: args.choices, ...(item.choices ? { choiceTexts: item.choices } : {}) });
        if (extraction.answer === undefined) return { status: "no-answer", rule: extraction.rule };
        return { status: extraction.answer === item.target ? "correct" : "incorrect", extracted: extraction.answer, rule: extraction.rule };
      },
    };
  },
};
