/**
 * Final-answer extraction for math word problems in Korean and English. Like the multiple-choice
 * ladder, rules run from the most explicit (`\boxed{}`, `#### 42`, `정답: 42`) to the weakest
 * (the last number in the reply), and the record keeps the rule that matched, so a reviewer can
 * see which answers rest on a guess about the reply's shape.
 */
export interface ExtractedNumber {
  /** The answer as written (after unit and separator clean-up). */
  text?: string;
  value?: number;
  rule: string;
}

const NUMBER = String.raw`[-−–]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*/\s*\d+(?:\.\d+)?)?`;
const LATEX_FRACTION = String.raw`[-−–]?\s*\\d?frac\s*\{\s*[-−–]?\d+(?:\.\d+)?\s*\}\s*\{\s*\d+(?:\.\d+)?\s*\}`;
const ANSWER_TOKEN = `(${LATEX_FRACTION}|${NUMBER})`;

/** Parses `1,200`, `-3.5`, `3/4`, `\frac{1}{6}`, `−2` to a number; undefined when it is not one. */
export function parseNumber(raw: string): number | undefined {
  let text = raw.trim().replace(/[−–]/g, "-").replace(/\s+/g, "").replace(/^\$+|\$+$/g, "");
  const latex = /^(-?)\\d?frac\{(-?\d+(?:\.\d+)?)\}\{(\d+(?:\.\d+)?)\}$/.exec(text);
  if (latex) {
    const value = Number(latex[2]) / Number(latex[3]);
    return latex[1] ? -value : value;
  }
  text = text.replace(/,(?=\d{3}(?:\D|$))/g, "");
  const fraction = /^(-?\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(text);
  if (fraction) return Number(fraction[2]) === 0 ? undefined : Number(fraction[1]) / Number(fraction[2]);
  if (!/^-?\d+(?:\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

function lastMatch(text: string, pattern: RegExp): RegExpExecArray | undefined {
  let last: RegExpExecArray | undefined;
  for (const match of text.matchAll(pattern)) last = match as RegExpExecArray;
  return last;
}

const RULES: Array<{ rule: string; pattern: RegExp }> = [
  { rule: "boxed", pattern: new RegExp(String.raw`\\boxed\s*\{\s*(?:\\text\{\s*)?\$?${ANSWER_TOKEN}`, "g") },
  { rule: "gsm8k-hash", pattern: new RegExp(String.raw`####\s*\$?${ANSWER_TOKEN}`, "g") },
  {
    rule: "korean-final-answer",
    pattern: new RegExp(String.raw`(?:최종\s*)?(?:정답|답)\s*(?:은|는|:|：|=)\s*(?:약\s*)?[₩$]?\s*${ANSWER_TOKEN}`, "g"),
  },
  { rule: "english-final-answer", pattern: new RegExp(String.raw`(?:final answer|the answer is|answer\s*:)\s*(?:is\s*)?[:=]?\s*\$?\s*${ANSWER_TOKEN}`, "gi") },
  { rule: "conclusion", pattern: new RegExp(String.raw`(?:따라서|그러므로|결국|즉|Therefore|Thus|So)[^\n.。]*?${ANSWER_TOKEN}(?![\d,.])[^\n\d]*$`, "gim") },
];

/** Removes markdown emphasis and LaTeX wrappers that sit around a final number. */
function clean(text: string): string {
  return text.replace(/\*\*/g, "").replace(/\\\(|\\\)|\\\[|\\\]/g, "").replace(/\\text\{([^}]*)\}/g, "$1").replace(/\\,/g, "");
}

/** The answer as recorded: no spaces, no thousands separators, a plain minus sign. */
function tidy(raw: string): string {
  return raw.replace(/\s+/g, "").replace(/,(?=\d{3})/g, "").replace(/[−–]/g, "-");
}

export function extractNumber(reply: string): ExtractedNumber {
  const text = clean(reply).normalize("NFKC");
  if (text.trim() === "") return { rule: "empty" };
  for (const { rule, pattern } of RULES) {
    const match = lastMatch(text, pattern);
    if (!match) continue;
    const value = parseNumber(match[1]!);
    if (value !== undefined) return { text: tidy(match[1]!), value, rule };
  }
  const last = lastMatch(text, new RegExp(`${LATEX_FRACTION}|${NUMBER}`, "g"));
  if (last) {
    const value = parseNumber(last[0]);
    if (value !== undefined) return { text: tidy(last[0]), value, rule: "last-number" };
  }
  return { rule: "none" };
}

/**
 * Equal within tolerance: an integer target must be hit exactly (129,201 is not 129,200, whatever
 * the relative error); a non-integer target allows the relative tolerance (0.1667 for 1/6).
 */
export function numbersMatch(a: number, b: number, tolerance: { absolute: number; relative: number }): boolean {
  if (Number.isInteger(b)) return Math.abs(a - b) <= tolerance.absolute;
  return Math.abs(a - b) <= Math.max(tolerance.absolute, tolerance.relative * Math.abs(b));
}
