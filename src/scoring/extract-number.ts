/**
 * Final-answer extraction for math word problems in Korean and English. Like the multiple-choice
 * ladder, rules run from the most explicit (`\boxed{}`, `#### 42`, `정답: 42`) to the weakest
 * (the last number in the reply), and the record keeps the rule that matched, so a reviewer can
 * see which answers rest on a guess about the reply's shape. Numbers are read by `readQuantity`
 * (Korean magnitudes, fractions, powers, `2^10 = 1,024`).
 *
 * Failures: `empty`, `alternatives` (`12 또는 15`, `either 3 or -3`: two answers are none),
 * `cut-off` (no marker, and the reply stops mid-sentence: a generation cut by the token limit has
 * not reached its answer, and its last number is an intermediate one), `none`.
 */
import { prepareMath, quantities, readQuantity, type Quantity } from "./quantity.js";
import { endsMidSentence } from "./unfinished.js";

export interface ExtractedNumber {
  /** The answer as written (after unit and separator clean-up). */
  text?: string;
  value?: number;
  rule: string;
}

/** Parses `1,200`, `-3.5`, `3/4`, `\frac{1}{6}`, `−2`, `3만 5천`, `6.02e+23` to a number; undefined when it is not one. */
export function parseNumber(raw: string): number | undefined {
  const text = prepareMath(raw.trim().replace(/^\$+|\$+$/g, "")).trim();
  const quantity = readQuantity(text, 0);
  return quantity && quantity.end === text.length ? quantity.value : undefined;
}

/** Each marker ends where its number would start. */
const MARKERS: Array<{ rule: string; pattern: RegExp }> = [
  { rule: "boxed", pattern: /\\boxed\s*\{\s*(?:\\text\{\s*)?\$?\s*/g },
  { rule: "gsm8k-hash", pattern: /####\s*\$?\s*/g },
  { rule: "korean-final-answer", pattern: /(?:최종\s*)?(?:정답|답)\s*(?:은|는|:|=)\s*(?:약\s*)?[₩$]?\s*(?:[a-z]\s*=\s*)?/g },
  { rule: "english-final-answer", pattern: /(?:final answer|the answer is|answer\s*:)\s*(?:is\s*)?[:=]?\s*(?:either\s+)?\$?\s*(?:[a-z]\s*=\s*)?/gi },
];

const CONCLUSION = /(?:따라서|그러므로|결국|즉|\b(?:Therefore|Thus|So)\b)/gi;
/** Between two numbers, a word that offers them as alternatives: `12 또는 15`, `3 or -3`, `2와 8`, `x = 2 or x = 5`. */
const ALTERNATIVE = /^[^\S\n]*(?:\p{L}{1,3}?[^\S\n]*)?(?:또는|혹은|이거나|거나|아니면|\bor\b|와|과|\band\b|,)[^\S\n]*(?:[a-z][^\S\n]*=[^\S\n]*)?$/iu;
/** `±3`, `\pm 3`: two answers in one. */
const PLUS_MINUS = /(?:±|\\pm)[^\S\n]*$/;

/** Two different numbers offered as alternatives, or one with a ± before it. */
function offersAlternatives(text: string, quantity: Quantity, other: Quantity | undefined, between: string): boolean {
  if (PLUS_MINUS.test(text.slice(Math.max(0, quantity.start - 6), quantity.start))) return true;
  return other !== undefined && other.value !== quantity.value && ALTERNATIVE.test(between);
}

/** Removes markdown emphasis and LaTeX wrappers around a number (`$…$` too: a dollar sign is no part of the number). */
function clean(text: string): string {
  return text
    .replace(/\*\*/g, "")
    .replace(/\\\(|\\\)|\\\[|\\\]/g, "")
    .replace(/\\(?:text|mathrm)\{([^}]*)\}/g, "$1")
    .replace(/\\,/g, "")
    .replace(/\{,\}/g, ",")
    .replace(/\$/g, "");
}

/** The answer as recorded: no spaces, no thousands separators, a plain minus sign. */
function tidy(raw: string): string {
  return raw.replace(/\s+/g, "").replace(/,(?=\d{3})/g, "").replace(/[−–]/g, "-");
}

export function extractNumber(reply: string): ExtractedNumber {
  const text = prepareMath(clean(reply));
  if (text.trim() === "") return { rule: "empty" };
  const all = quantities(text);
  const found = (quantity: Quantity, rule: string): ExtractedNumber => {
    const index = all.findIndex((other) => other.start >= quantity.end);
    const next = index < 0 ? undefined : all[index];
    if (offersAlternatives(text, quantity, next, next ? text.slice(quantity.end, next.start) : "")) return { rule: "alternatives" };
    return { text: tidy(text.slice(quantity.start, quantity.end)), value: quantity.value, rule };
  };

  for (const { rule, pattern } of MARKERS) {
    const ends = [...text.matchAll(pattern)].map((match) => match.index + match[0].length);
    for (const end of ends.reverse()) {
      const quantity = readQuantity(text, end);
      if (quantity) return found(quantity, rule);
    }
  }
  if (endsMidSentence(text)) return { rule: "cut-off" };

  const conclusions = [...text.matchAll(CONCLUSION)].reverse();
  for (const conclusion of conclusions) {
    // The conclusion's number is the last one on its line ("따라서 x = 5, y = 3이다. x + y = 8" is 8).
    const lineEnd = text.indexOf("\n", conclusion.index);
    const limit = lineEnd < 0 ? text.length : lineEnd;
    const upTo = all.filter((quantity) => quantity.end <= limit);
    if (upTo.length > 0 && upTo.at(-1)!.start > conclusion.index) return lastOf(text, upTo, "conclusion");
  }
  return all.length > 0 ? lastOf(text, all, "last-number") : { rule: "none" };
}

/** The last quantity, unless the one before offers it as an alternative ("3 또는 -3이다"). */
function lastOf(text: string, list: Quantity[], rule: string): ExtractedNumber {
  const last = list.at(-1)!;
  const before = list.at(-2);
  if (offersAlternatives(text, last, before, before ? text.slice(before.end, last.start) : "")) return { rule: "alternatives" };
  return { text: tidy(text.slice(last.start, last.end)), value: last.value, rule };
}

/**
 * Equal within tolerance: an integer target must be hit exactly (129,201 is not 129,200, whatever
 * the relative error); a non-integer target allows the relative tolerance (0.1667 for 1/6).
 */
export function numbersMatch(a: number, b: number, tolerance: { absolute: number; relative: number }): boolean {
  if (Number.isInteger(b)) return Math.abs(a - b) <= tolerance.absolute;
  return Math.abs(a - b) <= Math.max(tolerance.absolute, tolerance.relative * Math.abs(b));
}
