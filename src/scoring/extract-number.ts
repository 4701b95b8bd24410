/**
 * Final-answer extraction for math word problems in Korean and English. Like the multiple-choice
 * ladder, rules run from the most explicit (`\boxed{}`, `#### 42`, `정답: 42`) to the weakest
 * (the last number in the reply), and the record keeps the rule that matched, so a reviewer can
 * see which answers rest on a guess about the reply's shape. Numbers are read by `readQuantity`
 * (Korean magnitudes, fractions, powers, `2^10 = 1,024`).
 *
 *   boxed, gsm8k-hash, korean-final-answer, english-final-answer   the number after a marker
 *   (cut-off)     no marker, and the reply stops mid-sentence: a generation cut by the token limit
 *                 has not reached its answer, and its last number is an intermediate one
 *   conclusion    the last number on a line that starts with 따라서, 그러므로, Therefore, So…
 *   (refusal)     the reply says it is unsure ("확실하지 않습니다") and states no answer
 *   last-number   the last number of the reply
 *
 * Whatever rule finds the number, it is no answer when it is one of two alternatives (`12 또는 15`,
 * `either 3 or -3`, `x = ±3`: rule `alternatives`) or not a plain number (`3\sqrt{3}`, `2π`, the
 * ratio `3:2`: rule `not-a-number`). Other failures: `empty`, `none`.
 */
import { prepareMath, quantities, readQuantity, type Quantity } from "./quantity.js";
import { isRefusal } from "./refusal.js";
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
  {
    rule: "english-final-answer",
    pattern: /(?:final answer|the answer is|answer\s*:)\s*(?:is\s*)?[:=]?\s*(?:either\s+)?\$?\s*(?:[a-z]\s*=\s*)?/gi,
  },
];

const CONCLUSION = /(?:따라서|그러므로|결국|즉|\b(?:Therefore|Thus|So)\b)/gi;
/** Between two numbers, a word that offers them as alternatives: `12 또는 15`, `3 or -3`, `2와 8`, `x = 2 or x = 5`. */
const ALTERNATIVE =
  /^[^\S\n]*(?:\p{L}{1,3}?[^\S\n]*)?(?:또는|혹은|이거나|거나|아니면|\bor\b|와|과|\band\b|,)[^\S\n]*(?:[a-z][^\S\n]*=[^\S\n]*)?$/iu;
/** `±3`, `\pm 3`: two answers in one. */
const PLUS_MINUS = /(?:±|\\pm)[^\S\n]*$/;
/** After a number: a root, π or a ratio's second term (`3\sqrt{3}`, `2π`, `3:2`): the answer is no plain number. */
const NOT_ALONE_AFTER = /^(?:[^\S\n]*(?:\\sqrt|√|\\pi\b|π)|:\d)/;
/** Before a number: a ratio's first term (`3:2`; `Step 2: 9` is a label), a root (`\sqrt{3}`). */
const NOT_ALONE_BEFORE = /\d:$|\\sqrt\{$|√$/;
/** How far around a marker's number to look for another it may be offered with ("12 또는 15") or combined into. */
const NEIGHBOURHOOD = 200;
/** LaTeX between two boxed answers: `\boxed{12}\text{ 또는 }\boxed{15}`. */
const BOX_MARKS = /\\boxed\{|[{}]/g;

/** Two numbers offered as alternatives; close values are one answer written twice (`1/3 또는 0.333`). */
function alternatives(text: string, first: Quantity | undefined, second: Quantity | undefined): boolean {
  if (first === undefined || second === undefined) return false;
  if (Math.abs(first.value - second.value) <= 0.01 * Math.max(Math.abs(first.value), Math.abs(second.value))) return false;
  return ALTERNATIVE.test(text.slice(first.end, second.start).replace(BOX_MARKS, ""));
}

/** The reading of `quantity` as the reply's answer, or why it is none. */
function answer(text: string, all: readonly Quantity[], quantity: Quantity, rule: string): ExtractedNumber {
  const index = all.findIndex((other) => other.start >= quantity.start);
  const before = index < 0 ? all.at(-1) : all[index - 1];
  const after = all.find((other) => other.start >= quantity.end);
  if (PLUS_MINUS.test(text.slice(Math.max(0, quantity.start - 6), quantity.start))) return { rule: "alternatives" };
  if (alternatives(text, before, quantity)) return { rule: "alternatives" };
  if (after && alternatives(text, quantity, after)) {
    // "정답은 12개와 15개를 합한 27개입니다": joined numbers that the sentence goes on to combine.
    const sentenceEnd = /[.!?。\n](?!\d)/.exec(text.slice(after.end));
    const limit = sentenceEnd ? after.end + sentenceEnd.index : text.length;
    const result = all.filter((other) => other.start >= after.end && other.end <= limit).at(-1);
    return result ? answer(text, all, result, rule) : { rule: "alternatives" };
  }
  if (
    NOT_ALONE_AFTER.test(text.slice(quantity.end, quantity.end + 8)) ||
    NOT_ALONE_BEFORE.test(text.slice(Math.max(0, quantity.start - 8), quantity.start))
  ) {
    return { rule: "not-a-number" };
  }
  return { text: recorded(text.slice(quantity.start, quantity.end), quantity.value), value: quantity.value, rule };
}

const AS_WRITTEN = /^[-−–]?[^\S\n]*(?:[\d,]+(?:\.\d+)?(?:[^\S\n]*\/[^\S\n]*\d+)?|\\[dt]?frac\{[^}]*\}\{[^}]*\})$/;

/** A plain number or fraction as written (`1200`, `3/4`, `\frac{1}{6}`); anything else (`3만 5천`, `2 1/2`, `2^10 = 1,024`) as its value. */
function recorded(raw: string, value: number): string {
  return AS_WRITTEN.test(raw) ? tidy(raw) : String(Number(value.toPrecision(12)));
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
  return raw
    .replace(/\s+/g, "")
    .replace(/,(?=\d{3})/g, "")
    .replace(/[−–]/g, "-");
}

export function extractNumber(reply: string): ExtractedNumber {
  const text = prepareMath(clean(reply));
  if (text.trim() === "") return { rule: "empty" };
  // A marker's neighbours are all its checks need; the whole reply is scanned only when no marker answers.
  const around = (quantity: Quantity) => quantities(text, Math.max(0, quantity.start - NEIGHBOURHOOD), quantity.end + NEIGHBOURHOOD);

  for (const { rule, pattern } of MARKERS) {
    const ends = [...text.matchAll(pattern)].map((match) => match.index + match[0].length);
    for (const end of ends.reverse()) {
      const quantity = readQuantity(text, end);
      if (quantity) return answer(text, around(quantity), quantity, rule);
    }
  }
  if (endsMidSentence(text)) return { rule: "cut-off" };
  const all = quantities(text);

  const conclusions = [...text.matchAll(CONCLUSION)].reverse();
  for (const conclusion of conclusions) {
    // The conclusion's number is the last one on its line ("따라서 x = 5, y = 3이다. x + y = 8" is 8).
    const lineEnd = text.indexOf("\n", conclusion.index);
    const limit = lineEnd < 0 ? text.length : lineEnd;
    const upTo = all.filter((quantity) => quantity.end <= limit);
    if (upTo.length > 0 && upTo.at(-1)!.start > conclusion.index) return answer(text, all, upTo.at(-1)!, "conclusion");
  }
  // A reply that says it is unsure of its numbers ("…24가 나와 확실하지 않습니다") has not chosen one.
  if (all.length > 0 && isRefusal(text)) return { rule: "refusal" };
  return all.length > 0 ? answer(text, all, all.at(-1)!, "last-number") : { rule: "none" };
}

/**
 * Equal within tolerance: an integer target must be hit exactly (129,201 is not 129,200, whatever
 * the relative error); a non-integer target allows the relative tolerance (0.1667 for 1/6).
 */
export function numbersMatch(a: number, b: number, tolerance: { absolute: number; relative: number }): boolean {
  if (Number.isInteger(b)) return Math.abs(a - b) <= tolerance.absolute;
  return Math.abs(a - b) <= Math.max(tolerance.absolute, tolerance.relative * Math.abs(b));
}
