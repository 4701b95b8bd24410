/**
 * `nltk.sent_tokenize(text)`, which IFEval's `count_sentences` and IFBench's `split_into_sentences`
 * call: NLTK's Punkt sentence tokenizer (`nltk/tokenize/punkt.py`, PunktSentenceTokenizer) with its
 * trained English model, ported step for step: `_slices_from_text` finds candidate ends,
 * `text_contains_sentbreak` annotates their context in two passes (abbreviations, collocations,
 * sentence starters and the orthographic heuristic read from the model), and
 * `_realign_boundaries` moves closing quotes and brackets to the sentence they end.
 */
import { readScoringData } from "./data-file.js";
import { isLower, isUpper, pythonTrim } from "./python-text.js";

/** The trained model's tables, read and built on the first sentence split (not when the scorers load: ~20 ms of every run's start). */
let tables:
  | { abbreviations: Set<string>; collocations: Set<string>; sentenceStarters: Set<string>; orthographicContext: Map<string, number> }
  | undefined;
function punkt(): NonNullable<typeof tables> {
  if (tables) return tables;
  const model = readScoringData("punkt-english.json") as {
    abbreviations: string[];
    collocations: string[];
    sentenceStarters: string[];
    orthographicContext: Record<string, string>;
  };
  tables = {
    abbreviations: new Set(model.abbreviations),
    collocations: new Set(model.collocations),
    sentenceStarters: new Set(model.sentenceStarters),
    orthographicContext: new Map<string, number>(
      Object.entries(model.orthographicContext).flatMap(([flags, words]) =>
        words.split(" ").map((word) => [word, Number(flags)] as [string, number]),
      ),
    ),
  };
  return tables;
}

// Punkt's orthographic flags: upper or lower case seen at a sentence's beginning, middle, or unknown position.
const ORTHO_MID_UC = 1 << 2;
const ORTHO_BEG_LC = 1 << 4;
const ORTHO_UC = (1 << 1) | (1 << 2) | (1 << 3);
const ORTHO_LC = (1 << 4) | (1 << 5) | (1 << 6);

// PunktLanguageVars: the regular expressions, with Python's Unicode \s, \S and \d.
const NON_WORD = String.raw`(?:[)";}\]*:@'({\[!?])`;
const MULTI_CHAR = String.raw`(?:-{2,}|\.{2,}|(?:\.\s){2,}\.)`;
const WORD_START = '[^("`{\\[:;&#*@)}\\]\\-,]';
const WORD_TOKEN = new RegExp(
  String.raw`${MULTI_CHAR}|(?=${WORD_START})\S+?(?=\s|$|${NON_WORD}|${MULTI_CHAR}|,(?=$|\s|${NON_WORD}|${MULTI_CHAR}))|\S`,
  "gu",
);
const PERIOD_CONTEXT = new RegExp(String.raw`[.?!](?=(${NON_WORD}|\s+(\S+)))`, "gu");
const BOUNDARY_REALIGNMENT = /["')\]}]+?(?:\s+|(?=--)|$)/muy;
const NUMERIC = /^-?[.,]?\p{Nd}[\p{Nd},.-]*\.?$/u;
const INITIAL = /^[\p{L}\p{Nl}\p{No}_]\.$/u;
const ELLIPSIS = /^\.\.+$/u;
const ASCII_WHITESPACE = " \t\n\r\v\f";

interface Token {
  tok: string;
  type: string;
  periodFinal: boolean;
  sentbreak: boolean;
  abbr: boolean;
  ellipsis: boolean;
}

function token(tok: string): Token {
  const lower = tok.toLowerCase();
  return {
    tok,
    type: NUMERIC.test(lower) ? "##number##" : lower,
    periodFinal: tok.endsWith("."),
    sentbreak: false,
    abbr: false,
    ellipsis: false,
  };
}

const typeNoPeriod = (token: Token) => (token.type.length > 1 && token.type.endsWith(".") ? token.type.slice(0, -1) : token.type);
const typeNoSentperiod = (token: Token) => (token.sentbreak ? typeNoPeriod(token) : token.type);
const firstCharacter = (token: Token) => [...token.tok][0] ?? "";
const firstUpper = (token: Token) => isUpper(firstCharacter(token));
const firstLower = (token: Token) => isLower(firstCharacter(token));

/** `_tokenize_words`: the word tokens of each non-blank line. */
function words(text: string): Token[] {
  return text.split("\n").flatMap((line) => (pythonTrim(line) === "" ? [] : (line.match(WORD_TOKEN) ?? []).map(token)));
}

/** `_first_pass_annotation`. */
function firstPass(token: Token): void {
  const { tok } = token;
  if (tok === "." || tok === "?" || tok === "!") token.sentbreak = true;
  else if (ELLIPSIS.test(tok)) token.ellipsis = true;
  else if (token.periodFinal && !tok.endsWith("..")) {
    const bare = tok.slice(0, -1).toLowerCase();
    if (punkt().abbreviations.has(bare) || punkt().abbreviations.has(bare.split("-").at(-1)!)) token.abbr = true;
    else token.sentbreak = true;
  }
}

/** `_ortho_heuristic`: whether the token starts a sentence, by how its type was cased in training. */
function orthoHeuristic(token: Token): boolean | "unknown" {
  if ([";", ":", ",", ".", "!", "?"].includes(token.tok)) return false;
  const context = punkt().orthographicContext.get(typeNoSentperiod(token)) ?? 0;
  if (firstUpper(token) && context & ORTHO_LC && !(context & ORTHO_MID_UC)) return true;
  if (firstLower(token) && (context & ORTHO_UC || !(context & ORTHO_BEG_LC))) return false;
  return "unknown";
}

/** `_second_pass_annotation`. */
function secondPass(first: Token, next: Token): void {
  if (!first.periodFinal) return;
  const type = typeNoPeriod(first);
  const nextType = typeNoSentperiod(next);
  const initial = INITIAL.test(first.tok);
  if (punkt().collocations.has(`${type},${nextType}`)) {
    first.sentbreak = false;
    first.abbr = true;
    return;
  }
  if ((first.abbr || first.ellipsis) && !initial) {
    const starter = orthoHeuristic(next);
    if (starter === true || (firstUpper(next) && punkt().sentenceStarters.has(nextType))) {
      first.sentbreak = true;
      return;
    }
  }
  if (initial || type === "##number##") {
    const starter = orthoHeuristic(next);
    if (
      starter === false ||
      (starter === "unknown" && initial && firstUpper(next) && !((punkt().orthographicContext.get(nextType) ?? 0) & ORTHO_LC))
    ) {
      first.sentbreak = false;
      first.abbr = true;
    }
  }
}

/** `text_contains_sentbreak`: some token other than the last ends a sentence. */
function containsSentenceBreak(text: string): boolean {
  const tokens = words(text);
  tokens.forEach(firstPass);
  for (let index = 0; index < tokens.length; index++) {
    if (index + 1 < tokens.length) secondPass(tokens[index]!, tokens[index + 1]!);
    if (tokens[index]!.sentbreak && index + 1 < tokens.length) return true;
  }
  return false;
}

function lastWhitespaceIndex(text: string): number {
  for (let index = text.length - 1; index >= 0; index--) if (ASCII_WHITESPACE.includes(text[index]!)) return index;
  return 0;
}

/** `_match_potential_end_contexts` and `_slices_from_text`: [start, end) of each sentence before realignment. */
function slices(text: string): Array<[number, number]> {
  const contexts: Array<{ end: number; nextStart: number | undefined; context: string }> = [];
  let previous: { match: RegExpExecArray; start: number; stop: number } | undefined;
  const contextOf = (entry: { match: RegExpExecArray; start: number; stop: number }) => ({
    end: entry.match.index + 1,
    nextStart: entry.match[2] !== undefined ? entry.match.index + 1 + entry.match[1]!.length - entry.match[2].length : undefined,
    context: text.slice(entry.start, entry.stop) + entry.match[0] + entry.match[1]!,
  });
  for (const match of text.matchAll(PERIOD_CONTEXT)) {
    const stop = previous?.stop ?? 0;
    const before = text.slice(stop, match.index);
    let start = lastWhitespaceIndex(before);
    start = start ? start + stop + 1 : (previous?.start ?? 0);
    if (previous && previous.stop <= start) contexts.push(contextOf(previous));
    previous = { match, start, stop: match.index };
  }
  if (previous) contexts.push(contextOf(previous));
  const result: Array<[number, number]> = [];
  let lastBreak = 0;
  for (const { end, nextStart, context } of contexts) {
    if (!containsSentenceBreak(context)) continue;
    result.push([lastBreak, end]);
    lastBreak = nextStart ?? end;
  }
  result.push([lastBreak, text.replace(/\s+$/u, "").length]);
  return result;
}

/** `nltk.sent_tokenize(text)`: `_realign_boundaries` over the slices, empty sentences dropped. */
export function englishSentences(text: string): string[] {
  const parts = slices(text);
  const sentences: string[] = [];
  let realign = 0;
  parts.forEach(([start, stop], index) => {
    const begin = start + realign;
    const next = parts[index + 1];
    if (!next) {
      if (text.slice(begin, stop) !== "") sentences.push(text.slice(begin, stop));
      return;
    }
    BOUNDARY_REALIGNMENT.lastIndex = 0;
    const moved = BOUNDARY_REALIGNMENT.exec(text.slice(next[0], next[1]));
    if (moved) {
      sentences.push(text.slice(begin, next[0] + moved[0].replace(/\s+$/u, "").length));
      realign = moved[0].length;
    } else {
      realign = 0;
      if (text.slice(begin, stop) !== "") sentences.push(text.slice(begin, stop));
    }
  });
  return sentences;
}

/** IFEval's `count_sentences`. */
export const countSentences = (text: string) => englishSentences(text).length;
