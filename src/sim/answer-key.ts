import type { AnswerKeyEntry } from "./options.js";

const OPTION_BLOCK = /(?:^|\n)A\. ([^\n]*)\nB\. ([^\n]*)\nC\. ([^\n]*)\nD\. ([^\n]*)/g;

function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
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

  constructor(entries: readonly AnswerKeyEntry[]) {
    for (const entry of entries) {
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
    if (!last) return {};
    const choices = [last[1]!, last[2]!, last[3]!, last[4]!];
    const candidates = this.byChoices.get(keyOf(choices));
    if (!candidates) return { choices };
    if (candidates.length === 1) return { entry: candidates[0]!, choices };
    const before = squash(prompt.slice(0, last.index));
    const entry = candidates.find((candidate) => before.endsWith(squash(candidate.question))) ?? candidates.find((candidate) => before.includes(squash(candidate.question)));
    return entry ? { entry, choices } : { choices };
  }
}
