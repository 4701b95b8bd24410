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

/** An entry and its question squashed once, on the first prompt that may be it, rather than at every one. */
interface Keyed {
  entry: AnswerKeyEntry;
  squashed?: string;
}

function questionOf(keyed: Keyed): string {
  return (keyed.squashed ??= squash(keyed.entry.question));
}

/**
 * Finds which item a prompt asks about, in O(prompt length): the last `A. … D. …` block names
 * the candidates (indexed at start-up by their option texts), and the question text, which the
 * prompt must contain, picks among items that share the same options.
 */
export class AnswerKey {
  private readonly byChoices = new Map<string, Keyed[]>();
  /** Open-answer items (no options), by the first characters of their question. */
  private readonly byOpening = new Map<string, Keyed[]>();
  /**
   * Whether some open question holds an option block itself (a math item quoting choices): only
   * then can a prompt with an option block that names a multiple-choice item be an open item's,
   * so only then is the open lookup tried first on such a prompt.
   */
  private readonly openQuotesOptions: boolean;

  constructor(entries: readonly AnswerKeyEntry[]) {
    let openQuotesOptions = false;
    for (const entry of entries) {
      const keyed: Keyed = { entry };
      if (entry.choices.length === 0) {
        OPTION_BLOCK.lastIndex = 0;
        openQuotesOptions ||= OPTION_BLOCK.test(entry.question);
        const opening = openingOf(entry.question);
        const list = this.byOpening.get(opening);
        if (list) list.push(keyed);
        else this.byOpening.set(opening, [keyed]);
        continue;
      }
      const key = keyOf(entry.choices);
      const list = this.byChoices.get(key);
      if (list) list.push(keyed);
      else this.byChoices.set(key, [keyed]);
    }
    OPTION_BLOCK.lastIndex = 0;
    this.openQuotesOptions = openQuotesOptions;
  }

  get size(): number {
    return this.byChoices.size;
  }

  lookup(prompt: string): { entry?: AnswerKeyEntry; choices?: string[] } {
    let last: RegExpExecArray | undefined;
    for (const match of prompt.matchAll(OPTION_BLOCK)) last = match;
    if (!last) return this.lookupOpen(prompt);
    // Options inside an open question's text (a math item quoting choices) are not an MC prompt.
    if (this.openQuotesOptions) {
      const open = this.lookupOpen(prompt);
      if (open.entry) return open;
      return this.lookupChoices(prompt, last);
    }
    const named = this.lookupChoices(prompt, last);
    if (named.entry) return named;
    const open = this.lookupOpen(prompt);
    return open.entry ? open : named;
  }

  /** The multiple-choice item whose options are the prompt's last option block. */
  private lookupChoices(prompt: string, last: RegExpExecArray): { entry?: AnswerKeyEntry; choices: string[] } {
    const choices = last.slice(1).filter((choice): choice is string => choice !== undefined);
    const candidates = this.byChoices.get(keyOf(choices));
    if (!candidates) return { choices };
    if (candidates.length === 1) return { entry: candidates[0]!.entry, choices };
    const before = squash(prompt.slice(0, last.index));
    const found =
      candidates.find((candidate) => before.endsWith(questionOf(candidate))) ??
      candidates.find((candidate) => before.includes(questionOf(candidate)));
    return found ? { entry: found.entry, choices } : { choices };
  }

  /** An open question (no options): some line of the prompt starts it, and the prompt contains all of it. */
  private lookupOpen(prompt: string): { entry?: AnswerKeyEntry } {
    if (this.byOpening.size === 0) return {};
    let whole: string | undefined;
    for (const line of prompt.split("\n")) {
      const candidates = this.byOpening.get(openingOf(line));
      if (candidates === undefined) continue;
      whole ??= squash(prompt);
      const found = candidates.find((candidate) => whole!.includes(questionOf(candidate)));
      if (found) return { entry: found.entry };
    }
    return {};
  }
}
