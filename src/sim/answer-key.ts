import type { AnswerKeyEntry } from "./options.js";

/**
 * Two to ten option lines `A. …`, `B. …` (or `A) …`, simple-evals' form): the block the simulator answers.
 * The first may follow `Options: ` on its line, as MMLU-Pro writes it.
 */
const OPTION_BLOCK = new RegExp(
  "(?:^|\\n|Options: )A[.)] ([^\\n]*)\\nB[.)] ([^\\n]*)" + [..."CDEFGHIJ"].map((letter) => `(?:\\n${letter}[.)] ([^\\n]*))?`).join(""),
  "g",
);

/** Whitespace runs as one space, trimmed: prompts and keys compare in this form. */
export function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The first 24 characters of a question's first line: a prompt line that starts the same way is a candidate. */
function openingOf(text: string): string {
  return squash(text.split("\n")[0] ?? "").slice(0, 24);
}

function keyOf(choices: readonly string[]): string {
  return choices.map(squash).join("\u0001");
}

/**
 * Finds which item a prompt asks about, in O(prompt length): the last `A. … D. …` block names
 * the candidates (indexed at start-up by their option texts), and the question text, which the
 * prompt must contain, picks among items that share the same options.
 */
export class AnswerKey {
  private readonly byChoices = new Map<string, AnswerKeyEntry[]>();
  /** Open-answer items (no options), by the first characters of their question. */
  private readonly byOpening = new Map<string, AnswerKeyEntry[]>();

  constructor(entries: readonly AnswerKeyEntry[]) {
    for (const entry of entries) {
      if (entry.choices.length === 0) {
        const opening = openingOf(entry.question);
        const list = this.byOpening.get(opening);
        if (list) list.push(entry);
        else this.byOpening.set(opening, [entry]);
        continue;
      }
      const key = keyOf(entry.choices);
      const list = this.byChoices.get(key);
      if (list) list.push(entry);
      else this.byChoices.set(key, [entry]);
    }
  }

  get size(): number {
    return this.byChoices.size;
  }

  lookup(prompt: string): { entry?: AnswerKeyEntry; choices?: string[] } {
    let last: RegExpExecArray | undefined;
    for (const match of prompt.matchAll(OPTION_BLOCK)) last = match;
    // Options inside an open question's text (a math item quoting choices) are not an MC prompt.
    const open = this.lookupOpen(prompt);
    if (open.entry || !last) return open;
    const choices = last.slice(1).filter((choice): choice is string => choice !== undefined);
    const candidates = this.byChoices.get(keyOf(choices));
    if (!candidates) return { choices };
    if (candidates.length === 1) return { entry: candidates[0]!, choices };
    const before = squash(prompt.slice(0, last.index));
    const entry =
      candidates.find((candidate) => before.endsWith(squash(candidate.question))) ??
      candidates.find((candidate) => before.includes(squash(candidate.question)));
    return entry ? { entry, choices } : { choices };
  }

  /** An open question (no options): some line of the prompt starts it, and the prompt contains all of it. */
  private lookupOpen(prompt: string): { entry?: AnswerKeyEntry } {
    if (this.byOpening.size === 0) return {};
    const whole = squash(prompt);
    for (const line of prompt.split("\n")) {
      const candidates = this.byOpening.get(openingOf(line));
      const entry = candidates?.find((candidate) => whole.includes(squash(candidate.question)));
      if (entry) return { entry };
    }
    return {};
  }
}
