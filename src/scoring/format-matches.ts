/**
 * The format tier of the multiple-choice ladder (extract-choice.ts): options named by how the reply
 * is laid out rather than by a statement: a line that starts with a label, a bold label, "(D)" in
 * running text, Korean exam notation (③, 2번), a ticked table or checklist line. Each finder returns
 * every match with its rule; the ladder decides among them.
 */
import type { ChoiceReader } from "./choice-reader.js";

export interface Match {
  answer: string;
  /** Further labels the same statement named ("A 또는 B"). */
  alternatives: readonly string[];
  rule: string;
  /** Position in the text the tier searched. */
  start: number;
}

export interface Reply {
  /** Markdown emphasis and heading marks removed: what the marker rules read. */
  plain: string;
  /** As written, for the bold rule. */
  markdown: string;
  reader: ChoiceReader;
  choiceTexts: readonly string[] | undefined;
}

/** Every format-tier match in the reply, finder by finder. */
export function formatMatches(reply: Reply): Match[] {
  return [
    ...leadingChoices(reply),
    ...boldLetters(reply),
    ...parenthesizedLetters(reply),
    ...numberedMentions(reply),
    ...checkedLines(reply),
  ];
}

/** "B. 영업이익이…", "C) 18", "(A) 현금성자산…", "B입니다. A와 C는…", or a line that is just the label. */
function leadingChoices(reply: Reply): Match[] {
  const matches: Match[] = [];
  for (const found of reply.plain.matchAll(
    /^[^\S\n]*(?:[-*•][^\S\n]+)?[([]?([A-Za-z0-9]{1,3})(?:[)\].:]|번?(?:입니다|이에요|예요|이다)|(?=[^\S\n]*$))/gm,
  )) {
    const label = found[1]!;
    const at = found.index + found[0].indexOf(label);
    const read = reply.reader.readAt(reply.plain, at, "strict", false);
    if (read?.kind === "token" && read.start === at && read.tokenKind === "label") {
      matches.push({ answer: read.answer, alternatives: [], rule: "leading-choice", start: found.index });
    }
  }
  return matches;
}

/** "**C**", "**B. 12**", "__(D)__": emphasis that starts with a label. */
function boldLetters(reply: Reply): Match[] {
  const matches: Match[] = [];
  for (const found of reply.markdown.matchAll(/\*\*([^*\n]{1,80})\*\*|__([^_\n]{1,80})__/g)) {
    const content = found[1] ?? found[2]!;
    const read = reply.reader.readAt(content, 0, "strict", false);
    const rest = read ? content.slice(read.end) : "";
    if (read?.kind === "token" && read.tokenKind === "label" && /^(?:$|[.):\s])/.test(rest)) {
      const after = reply.markdown.slice(found.index + found[0].length, found.index + found[0].length + 40);
      if (!/^[^\S\n]*(?:은|는|이|가|도)?[^\S\n]*(?:아니|틀|오답|is\s+(?:not|incorrect|wrong))/i.test(after)) {
        matches.push({ answer: read.answer, alternatives: [], rule: "bold-letter", start: found.index });
      }
    }
  }
  return matches;
}

/** "| C | ✓ |", "- [x] C": a table or checklist that ticks one option's line. */
function checkedLines(reply: Reply): Match[] {
  const matches: Match[] = [];
  for (const found of reply.plain.matchAll(/^.*(?:[✓✔☑⭕]|\[[xX]\]).*$/gm)) {
    const tokens = reply.reader.mentions(found[0]).filter((token) => token.tokenKind !== "ordinal");
    if (tokens.length === 1) matches.push({ answer: tokens[0]!.answer, alternatives: [], rule: "checked-line", start: found.index });
  }
  return matches;
}

/** "(D)" in running text. Lower-case "(a)" is an enumeration, not an option. */
function parenthesizedLetters(reply: Reply): Match[] {
  const matches: Match[] = [];
  for (const found of reply.plain.matchAll(/[(（[][^\S\n]*([A-Za-z0-9]{1,3})[^\S\n]*[)）\]]/g)) {
    const read = reply.reader.readAt(reply.plain, found.index, "strict", false);
    if (read?.kind === "token" && read.tokenKind === "label")
      matches.push({ answer: read.answer, alternatives: [], rule: "parenthesized-letter", start: found.index });
  }
  return matches;
}

/** "③", "2번": Korean exam notation for an option, anywhere in the reply. */
function numberedMentions(reply: Reply): Match[] {
  return reply.reader
    .mentions(reply.plain, { skipNegated: true })
    .filter((token) => token.tokenKind !== "label")
    .map((token) => ({
      answer: token.answer,
      alternatives: [],
      rule: token.tokenKind === "circled" ? "circled-number" : "number-beon",
      start: token.start,
    }));
}
