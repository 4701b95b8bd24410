/** The published answer as one value: a list of one (`["3"]`, as the KMMLU harness fork writes it) is its element. */
export function singleAnswer(raw: string): { value: string } | { several: string[] } {
  const text = raw.trim();
  if (!text.startsWith("[")) return { value: text };
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed) || parsed.length === 0) return { value: text };
    const values = parsed.map((entry) => String(entry).trim());
    return values.length === 1 ? { value: values[0]! } : { several: values };
  } catch {
    return { value: text };
  }
}

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩";

/** Label styles the published sets put before their options, for the option at 1-based `n`. */
const STYLES: Array<(n: number) => RegExp> = [
  (n) => new RegExp(`^\\s*${n}\\)\\s*`),
  (n) => new RegExp(`^\\s*\\(${n}\\)\\s*`),
  (n) => new RegExp(`^\\s*${CIRCLED[n - 1] ?? "\\u0000"}\\s*`),
  (n) => new RegExp(`^\\s*${n}\\.\\s+`),
];

/**
 * The options without their own numbering (`1) `, `(1)`, `①`, `1. `), stripped once and only when
 * every option carries the same style in order, so the prompt's A/B/C labels are the only ones and
 * an option that merely starts with a number keeps it.
 */
export function stripOptionLabels(options: readonly string[]): string[] {
  for (const style of STYLES) {
    const patterns = options.map((_, index) => style(index + 1));
    if (options.every((option, index) => patterns[index]!.test(option)))
      return options.map((option, index) => option.replace(patterns[index]!, ""));
  }
  return [...options];
}
