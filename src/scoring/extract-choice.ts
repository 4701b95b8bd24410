/**
 * The answer-extraction ladder for multiple choice. Rules are grouped in tiers from the most
 * explicit (a committed final answer) to the weakest (a lone letter); the first tier that finds
 * anything decides, and the record keeps the name of the rule that did, so a disputed item can be
 * audited and a stored run re-scored after the ladder changes.
 *
 *   final         json-answer, boxed, korean-final-answer, english-final-answer
 *   whole reply   bare-letter, option-text,         the reply is just "B", "(B)", "②", "3번", an option's text,
 *                 label-and-text                    or a label with its option's text ("B. 세포 호흡")
 *   stated        korean-answer, english-answer,    "정답: B", "답은 (C)", "The answer is (c)", "I'd go with D",
 *                 conclusion-label                  "따라서 A입니다."
 *   verdict       korean-answer-first, english-answer-first    "C가 정답입니다", "B is correct"
 *   (refusal)     refusal                           "모르겠습니다", "N/A", "해당 없음"; checked here, after every
 *                                                   deliberate answer form and before the weak ones below
 *   (cut-off)     cut-off                           a reply going through the options that stops mid-sentence
 *   format        leading-choice, bold-letter, parenthesized-letter, circled-number, number-beon, checked-line
 *   mention       option-text (last line), lone-letter
 *
 * Ordinals ("세 번째 선택지", "the fourth option") are read in the stated and verdict tiers only.
 * Failures: `empty`, `refusal`, `cut-off`, `ambiguous` (several options and no explicit marker to
 * pick one, or one statement naming several: "정답: A 또는 B", "1번과 3번이 정답", "정답은 C (2번)"),
 * `conflicting-answers` (explicit markers disagree and the last one is not clearly final), `none`.
 */
import {
  CONCLUSION_BEFORE,
  CONCLUSION_MARKER,
  ENGLISH_VERDICT,
  FINAL_MARKERS,
  KOREAN_VERDICT,
  STATED_MARKERS,
  type AnswerMarker,
} from "./answer-markers.js";
import { ChoiceReader, joinsTokens, type TokenRead } from "./choice-reader.js";
import { DEFAULT_CHOICES } from "./multiple-choice-declaration.js";
import { formatMatches, type Match, type Reply } from "./format-matches.js";
import { normalize } from "./normalize.js";
import { optionLabel } from "./option-text.js";
import { stripReasoning } from "./reasoning.js";
import { isRefusal } from "./refusal.js";
import { endsMidSentence } from "./unfinished.js";

/** A reply that goes through the options one by one. */
const LISTING =
  /\b(?:each|every)\s+(?:option|choice|answer)|\bone\s+by\s+one\b|\bstep\s+by\s+step\b|\blet['’]?s\s+(?:check|look|examine|analy[sz]e|consider|go\s+through|evaluate|review)|각\s*(?:선택지|보기)|하나씩|차례로|살펴보|검토해|검토하/i;
/** "consider option (A)": an option about to be examined, not chosen. */
const UNDER_CONSIDERATION = /\b(?:consider|check|examine|evaluate|look\s+at|start\s+with|analy[sz]e)\s+(?:option\s+|choice\s+)?[([]?$/i;

export interface ExtractedChoice {
  /** The chosen label, absent when nothing defensible was found. */
  answer?: string;
  /** The rule that decided, or why nothing did. */
  rule: string;
  /** The distinct labels the deciding tier saw, when it refused to choose among them. */
  candidates?: string[];
}

interface Tier {
  /** Explicit tiers state an answer in words; only there may the last statement overrule earlier ones. */
  explicit: boolean;
  find(reply: Reply): Match[];
}

/**
 * Extracts the chosen option from a model reply. Reasoning blocks (`<think>…</think>`) are removed
 * first; `choiceTexts` (the options' texts, in label order) lets a reply that repeats one option
 * verbatim count as that option.
 */
export function extractChoice(
  text: string,
  choices: readonly string[] = DEFAULT_CHOICES,
  choiceTexts?: readonly string[],
): ExtractedChoice {
  const reply = prepare(stripReasoning(text).answer, choices, choiceTexts);
  if (reply.plain.trim() === "") return { rule: "empty" };

  const final = decide(FINAL, reply);
  if (final) return final;
  const whole = wholeReply(reply);
  if (whole) return whole;
  for (const tier of [STATED, VERDICT]) {
    const decided = decide(tier, reply);
    if (decided) return decided;
  }
  if (isRefusal(reply.plain)) return { rule: "refusal" };
  // Below here an option is only shown, not stated: a reply cut off while going through the
  // options ("Let's check each option. (A) The …") has shown the first one and chosen none.
  if (LISTING.test(reply.plain) && endsMidSentence(reply.plain)) return { rule: "cut-off" };
  for (const tier of [FORMAT, MENTION]) {
    const decided = decide(tier, reply);
    if (decided) return decided;
  }
  return { rule: "none" };
}

/**
 * The answer stated on the last line of `text` by an explicit marker (final, stated or verdict
 * tiers), or nothing. For reasoning whose reply is empty: a reasoning that ends by stating its
 * answer in the requested form was a complete reply misfiled by the server, while one cut off
 * mid-thought ends in deliberation and yields nothing.
 */
export function extractStatedAnswer(
  text: string,
  choices: readonly string[] = DEFAULT_CHOICES,
  choiceTexts?: readonly string[],
): ExtractedChoice {
  const lines = text.replace(/<\/?(?:think|thinking)>/gi, "").split("\n");
  const last = lines.reverse().find((line) => line.trim() !== "") ?? "";
  const reply = prepare(last, choices, choiceTexts);
  for (const tier of [FINAL, STATED, VERDICT]) {
    const decided = decide(tier, reply);
    if (decided) return decided;
  }
  return { rule: "none" };
}

function prepare(text: string, choices: readonly string[], choiceTexts: readonly string[] | undefined): Reply {
  const markdown = normalize(text);
  return { markdown, plain: toPlain(markdown), reader: readerFor(choices), choiceTexts };
}

/** A reader holds only what it derives from the labels, so every reply with the same labels can share one. */
const readers = new WeakMap<readonly string[], ChoiceReader>();

function readerFor(choices: readonly string[]): ChoiceReader {
  let reader = readers.get(choices);
  if (reader === undefined) readers.set(choices, (reader = new ChoiceReader(choices)));
  return reader;
}

function toPlain(markdown: string): string {
  return markdown
    .replace(/\*\*|__/g, "")
    .replace(/^[^\S\n]*#{1,6}[^\S\n]*/gm, "")
    .replace(/^[^\S\n]*>[^\S\n]?/gm, "");
}

/**
 * Within a tier: one distinct answer wins. When explicit statements disagree, the last one wins
 * only if it is clearly the reply's conclusion (see `isConclusion`): a model that reconsiders writes
 * its settled answer last, on a line of its own or after "따라서"/"Therefore", whereas a later
 * mention buried mid-paragraph ("정답은 A라고 볼 수도 있지만…") is still deliberation, and guessing
 * between two stated answers would credit a model for hedging. Without an explicit marker, several
 * options are simply ambiguous.
 */
function decide(tier: Tier, reply: Reply): ExtractedChoice | undefined {
  const matches = tier.find(reply);
  if (matches.length === 0) return undefined;
  const candidates = [...new Set(matches.flatMap((match) => [match.answer, ...match.alternatives]))];
  if (!tier.explicit) {
    // Order does not matter here; the rule reported is that of the first finder, in ladder order.
    return candidates.length === 1 ? { answer: candidates[0]!, rule: matches[0]!.rule } : { rule: "ambiguous", candidates };
  }
  const last = matches.sort((a, b) => a.start - b.start).at(-1)!;
  if (candidates.length === 1) return { answer: last.answer, rule: last.rule };
  if (last.alternatives.length === 0 && isConclusion(reply.plain, last.start)) return { answer: last.answer, rule: last.rule };
  return { rule: last.alternatives.length > 0 ? "ambiguous" : "conflicting-answers", candidates };
}

/** The statement at `start` opens its line, follows a conclusion word, or is the reply's last sentence. */
function isConclusion(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const before = text.slice(lineStart, start);
  if (/^[\s\-*>•【[(]*(?:\d+[.)]\s*)?$/.test(before) || CONCLUSION_BEFORE.test(before)) return true;
  const rest = text.slice(start);
  const sentenceEnd = /[.!?。](?=\s|$)|\n/.exec(rest);
  return sentenceEnd === null || rest.slice(sentenceEnd.index + 1).trim() === "";
}

function optionText(reply: Reply, text: string): string | undefined {
  return optionLabel(text, reply.choiceTexts, reply.reader.choices);
}

function wholeReply(reply: Reply): ExtractedChoice | undefined {
  const text = reply.plain
    .trim()
    .replace(/[.!。]+$/, "")
    .replace(/(?:입니다|이에요|예요|에요|이다|임|요)$/, "")
    .trim();
  const read = reply.reader.readAt(text, 0, "lenient");
  const whole = read?.kind === "token" && text.slice(read.through).replace(/[.!。:)\]\s]+/g, "") === "" ? read : undefined;
  // A label alone is that label, even when another option's text is that letter (KMMLU options
  // "R-S, D, A, J-K": "(D)" is option D). A bare digit is only a position, so an option whose text
  // is that number wins ("18" among 12, 15, 18, 21).
  if (whole && whole.tokenKind !== "number") return wholeToken(whole);
  const byText = optionText(reply, text);
  if (byText) return { answer: byText, rule: "option-text" };
  if (whole) return wholeToken(whole);
  // "B. 세포 호흡": a label and its option's text, the way the prompt lists it. Text of another
  // option names a second one.
  if (read?.kind !== "token" || read.alternatives.length > 0) return undefined;
  const named = optionText(reply, text.slice(read.through).replace(/^[\s.):\-–—]+/, ""));
  if (named === undefined) return undefined;
  return named === read.answer
    ? { answer: named, rule: "label-and-text" }
    : { rule: "conflicting-answers", candidates: [read.answer, named] };
}

function wholeToken(read: Extract<TokenRead, { kind: "token" }>): ExtractedChoice {
  if (read.alternatives.length > 0) return { rule: "ambiguous", candidates: [read.answer, ...read.alternatives] };
  return { answer: read.answer, rule: "bare-letter" };
}

// ---- explicit tiers -------------------------------------------------------------------------

const FINAL: Tier = { explicit: true, find: (reply) => FINAL_MARKERS.flatMap((marker) => markerMatches(reply, marker)) };

const STATED: Tier = {
  explicit: true,
  find: (reply) => [...STATED_MARKERS, CONCLUSION_MARKER].flatMap((marker) => markerMatches(reply, marker)),
};

const VERDICT: Tier = {
  explicit: true,
  find: (reply) => {
    const tokens = reply.reader.mentions(reply.plain, { skipNegated: true });
    return tokens.flatMap((token, index) => {
      const after = reply.plain.slice(token.end, token.end + 40);
      const rule = KOREAN_VERDICT.test(after) ? "korean-answer-first" : ENGLISH_VERDICT.test(after) ? "english-answer-first" : undefined;
      return rule ? [{ answer: token.answer, alternatives: joinedBefore(reply.plain, tokens, index), rule, start: token.start }] : [];
    });
  },
};

/** The options joined to the token at `index` from before: "1번과 3번이 정답입니다" names both. */
function joinedBefore(text: string, tokens: ReadonlyArray<{ answer: string; start: number; end: number }>, index: number): string[] {
  const joined: string[] = [];
  for (let at = index; at > 0 && joinsTokens(text.slice(tokens[at - 1]!.end, tokens[at]!.start)); at--) {
    if (tokens[at - 1]!.answer !== tokens[index]!.answer) joined.push(tokens[at - 1]!.answer);
  }
  return joined;
}

function markerMatches(reply: Reply, marker: AnswerMarker): Match[] {
  const matches: Match[] = [];
  const { pattern } = marker;
  // `exec` on the shared global pattern rather than `matchAll`, which copies the pattern per call;
  // nothing between here and the end of the loop runs this pattern.
  pattern.lastIndex = 0;
  for (let found = pattern.exec(reply.plain); found !== null; found = pattern.exec(reply.plain)) {
    if (found[0].length === 0) pattern.lastIndex++; // no marker matches empty text; this only guards against a loop
    // Patterns may end in whitespace; a line break in it belongs to the gap `answerAfterMarker` checks.
    const markerEnd = found.index + found[0].trimEnd().length;
    const answer = answerAfterMarker(reply, found.index, markerEnd);
    if (answer) matches.push({ answer: answer.answer, alternatives: answer.alternatives, rule: marker.rule, start: found.index });
  }
  return matches;
}

/** The answer a marker introduces: a token, the token after "A가 아니라", or an option's text. */
function answerAfterMarker(reply: Reply, markerStart: number, markerEnd: number): Pick<Match, "answer" | "alternatives"> | undefined {
  const { plain, reader } = reply;
  // "The answer is not A but C": the token after "not" is denied, whatever follows it.
  const denial = /^[^\S\n]*not\s+/i.exec(plain.slice(markerEnd, markerEnd + 12));
  let read: TokenRead | undefined = reader.readAt(plain, markerEnd + (denial?.[0].length ?? 0), "lenient");
  if (denial && read?.kind === "token") read = { kind: "negated", answer: read.answer, start: read.start, end: read.end };
  if (read?.kind === "negated") {
    // "정답은 A가 아니라 C입니다", "The answer is not A but C"
    const turn = /^[^\n]{0,16}?(?:아니라|아니고|\bbut\s+(?:rather\s+)?|\brather\s+)[,\s]*/i.exec(plain.slice(read.end));
    read = turn ? reader.readAt(plain, read.end + turn[0].length, "lenient") : undefined;
  }
  const lineEnd = plain.indexOf("\n", markerEnd);
  const line = plain.slice(markerEnd, lineEnd < 0 ? undefined : lineEnd);
  // "정답: 2/3" among options 1/2, 1/3, 2/3, 3/4: a bare number, or several, read as positions lose to an option's text.
  if (read?.kind === "token" && (read.tokenKind === "number" || read.alternatives.length > 0)) {
    const byText = optionText(reply, line);
    if (byText) return { answer: byText, alternatives: [] };
  }
  if (read?.kind === "token") {
    // "C - 정답\n4) D - 오답": a marker followed by a line break introduces the next line only when
    // the marker stands alone on its line ("## 정답", "정답:").
    if (plain.slice(markerEnd, read.start).includes("\n")) {
      if (!standsAlone(plain, markerStart, markerEnd)) return undefined;
      // On the next line a bare "1" opens a numbered list ("Answer:\n1) A - wrong"); only a label, ③ or 3번 counts.
      const strict = reader.readAt(plain, read.start, "strict");
      if (strict?.kind !== "token") return undefined;
      read = strict;
    }
    return { answer: read.answer, alternatives: read.alternatives };
  }
  if (read !== undefined) return undefined;
  // The option's text may be the whole line or its first sentence ("답은 광합성입니다. 빛 에너지를…").
  const sentenceEnd = /[.!?。](?=\s)/.exec(line);
  const answer = optionText(reply, line) ?? (sentenceEnd ? optionText(reply, line.slice(0, sentenceEnd.index)) : undefined);
  return answer === undefined ? undefined : { answer, alternatives: [] };
}

function standsAlone(text: string, markerStart: number, markerEnd: number): boolean {
  const lineStart = text.lastIndexOf("\n", markerStart - 1) + 1;
  const lineEnd = text.indexOf("\n", markerEnd);
  return (
    /^[\s#>*\-•【[(]*$/.test(text.slice(lineStart, markerStart)) &&
    /^[\s:=\-】\])*]*$/.test(text.slice(markerEnd, lineEnd < 0 ? undefined : lineEnd))
  );
}

// ---- weak tiers ---------------------------------------------------------------------------

const FORMAT: Tier = {
  explicit: false,
  find: (reply) =>
    formatMatches(reply).filter((match) => !UNDER_CONSIDERATION.test(reply.plain.slice(Math.max(0, match.start - 30), match.start))),
};

const MENTION: Tier = {
  explicit: false,
  find: (reply) => {
    const lines = reply.plain.split("\n").filter((line) => line.trim() !== "");
    const byText = lines.length > 1 ? optionText(reply, lines.at(-1)!) : undefined;
    if (byText) return [{ answer: byText, alternatives: [], rule: "option-text", start: reply.plain.length }];
    return reply.reader
      .mentions(reply.plain, { skipNegated: true })
      .filter(
        (token) => token.tokenKind === "label" && !UNDER_CONSIDERATION.test(reply.plain.slice(Math.max(0, token.start - 30), token.start)),
      )
      .map((token) => ({ answer: token.answer, alternatives: [], rule: "lone-letter", start: token.start }));
  },
};
