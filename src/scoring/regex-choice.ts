import { isAccepted } from "./accepted.js";
import { stripReasoning } from "./reasoning.js";
import { defineScorer } from "./define-scorer.js";
import { regexChoiceDeclaration } from "./regex-choice-declaration.js";

/**
 * A benchmark's own answer extraction, written as data: the reference evaluator's regular expressions
 * in its order (MMLU-Pro's `extract_answer` → `extract_again` → `extract_final` in evaluate_from_api.py;
 * simple-evals' `ANSWER_PATTERN_MULTICHOICE`), so kfm reads a reply exactly as the published number
 * was read. The extracted text must equal the target as it is (simple-evals compares case-sensitively).
 * Reasoning blocks are removed first; no pattern matching is `no-answer` (MMLU-Pro's evaluator
 * guesses at random there, which kfm does not).
 */
export const regexChoice = defineScorer({
  ...regexChoiceDeclaration,
  create(args) {
    const patterns = args.patterns.map((pattern) => ({
      name: pattern.name,
      regex: new RegExp(pattern.regex, pattern.flags.replace(/g/g, "")),
    }));
    return {
      score({ item, text }) {
        let answer = stripReasoning(text).answer;
        for (const removed of args.remove) answer = answer.split(removed).join("");
        for (const pattern of patterns) {
          const match = pattern.regex.exec(answer);
          if (!match) continue;
          const extracted = match[1] ?? match[0];
          return { status: isAccepted(item, extracted) ? "correct" : "incorrect", extracted, rule: pattern.name };
        }
        return { status: "no-answer", rule: "none" };
      },
    };
  },
});
