import { defineScorer } from "./define-scorer.js";
import { numericDeclaration } from "./numeric-declaration.js";
import { extractNumber, numbersMatch, parseNumber } from "./extract-number.js";
import { stripReasoning } from "./reasoning.js";

/** Squashes a non-numeric target (`x^2+1`, `\sqrt{2}`) for an exact textual comparison. */
function canonical(text: string): string {
  return text
    .replace(/\s+/g, "")
    .replace(/^\$+|\$+$/g, "")
    .replace(/\\left|\\right/g, "")
    .replace(/\\dfrac/g, "\\frac")
    .toLowerCase();
}

/**
 * Numeric answers (HRM8K and other math sets): the final number of the reply, found by a named
 * ladder, against the target within a tolerance. Targets that are not numbers (a LaTeX
 * expression) are compared as squashed text with the reply's boxed or stated answer.
 */
export const numeric = defineScorer({
  ...numericDeclaration,
  create(args) {
    return {
      score({ item, text }) {
        const { answer } = stripReasoning(text);
        const target = parseNumber(item.target.replace(/^\$|\$$/g, ""));
        if (target === undefined) {
          const stated =
            /\\boxed\s*\{(.+)\}\s*\$?\s*$/m.exec(answer)?.[1] ??
            /####\s*(.+?)\s*$/m.exec(answer)?.[1] ??
            /(?:정답|답)\s*[:：]\s*(.+?)\s*$/m.exec(answer)?.[1] ??
            /(?:정답|답)[은는]\s*(.+?)\s*(?:입니다|이다|임)?\.?\s*$/m.exec(answer)?.[1] ??
            /(?:the answer is|final answer:?)\s*\$?(.+?)\$?\.?\s*$/im.exec(answer)?.[1];
          if (!stated) return { status: "no-answer", rule: "none" };
          return {
            status: canonical(stated) === canonical(item.target) ? "correct" : "incorrect",
            extracted: stated.trim(),
            rule: "expression",
          };
        }
        const found = extractNumber(answer);
        if (found.value === undefined) return { status: "no-answer", rule: found.rule };
        return { status: numbersMatch(found.value, target, args) ? "correct" : "incorrect", extracted: found.text!, rule: found.rule };
      },
    };
  },
});
