import { stripReasoning } from "./reasoning.js";
import { defineScorer } from "./define-scorer.js";
import { boxedIntegerDeclaration } from "./boxed-integer-declaration.js";

/**
 * The content of the last `\boxed{…}` or `\fbox{…}` with balanced braces, an inner `\boxed{x}` reduced
 * to x: MathArena's `find_last_boxed_content` (src/matharena/parser.py), which uses a recursive regex.
 */
export function lastBoxed(text: string): string | undefined {
  let found: string | undefined;
  for (const match of text.matchAll(/(?:boxed|fbox)\{/g)) {
    const start = match.index + match[0].length;
    let depth = 1;
    let index = start;
    for (; index < text.length && depth > 0; index++) {
      if (text[index] === "{") depth++;
      else if (text[index] === "}") depth--;
    }
    if (depth === 0) found = text.slice(start, index - 1);
  }
  return found === undefined ? undefined : found.replace(/\\(?:boxed|fbox)\{([^{}]*)\}/g, "$1");
}

/**
 * MathArena parses the box with Python's `int()` first and falls back to a sympy LaTeX parse; kfm
 * takes `int()`'s forms (spaces, a sign, leading zeros, `_` between digits) and the LaTeX wrappers
 * such a parse drops (`$`, `\text{}`, `\mathbf{}`, `^\circ`, `\%`, a final period, `70.0`). A LaTeX
 * expression (`\frac{140}{2}`) is not evaluated: it is read as not an integer.
 */
export function parseBoxedInteger(content: string): number | undefined {
  const direct = /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(content) ? Number(content.replace(/_/g, "")) : undefined;
  if (direct !== undefined) return direct;
  const squashed = content
    .replace(/\\(?:text|textbf|mathbf|mathrm)\{([^{}]*)\}/g, "$1")
    .replace(/\^\s*\{?\\circ\}?|\\%|\\[,;! ]|[\s$]/g, "")
    .replace(/\.$/, "");
  const match = /^([+-]?\d+)(?:\.0+)?$/.exec(squashed);
  return match ? Number(match[1]) : undefined;
}

/**
 * AIME-style answers (MathArena's protocol): the last `\boxed{}` of the reply, parsed as an integer,
 * must equal the target exactly. No box is `no-answer` (MathArena's strict parsing takes no other
 * number); a box that is not an integer is `incorrect`.
 */
export const boxedInteger = defineScorer({
  ...boxedIntegerDeclaration,
  create(args) {
    return {
      score({ item, text }) {
        const { answer } = stripReasoning(text);
        const boxed = lastBoxed(answer);
        if (boxed === undefined) return { status: "no-answer", rule: "no-boxed" };
        const value = parseBoxedInteger(boxed);
        if (value === undefined) return { status: "incorrect", extracted: boxed.trim(), rule: "boxed-not-integer" };
        if (value < args.min || value > args.max) return { status: "incorrect", extracted: String(value), rule: "boxed-out-of-range" };
        return { status: value === Number(item.target.trim()) ? "correct" : "incorrect", extracted: String(value), rule: "last-boxed" };
      },
    };
  },
});
