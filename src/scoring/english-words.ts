/**
 * `nltk.word_tokenize(text)`: Punkt sentences (see english-sentences.ts), each cut by NLTK's
 * Treebank rules (`NLTKWordTokenizer.tokenize` in `nltk/tokenize/destructive.py`), applied in
 * the same order: starting quotes, punctuation, brackets, double dashes, ending quotes and
 * contractions.
 */
import { englishSentences } from "./english-sentences.js";
import { pythonSplit, WORD_CHARACTER } from "./python-text.js";

const W = WORD_CHARACTER;
type Rule = [RegExp, string];

const STARTING_QUOTES: Rule[] = [
  [/([«“‘„]|[`]+)/gu, " $1 "],
  [/^"/u, "``"],
  [/(``)/gu, " $1 "],
  [/([ ([{<])("|'{2})/gu, "$1 `` "],
  [new RegExp(`(')(?!re|ve|ll|m|t|s|d|n)(${W})(?:(?<=${W})(?!${W}))`, "giu"), "$1 $2"],
];

const PUNCTUATION: Rule[] = [
  [/([^.])(\.)([\])}>"'»”’ ]*)\s*$/u, "$1 $2 $3 "],
  [/([:,])([^\p{Nd}])/gu, " $1 $2"],
  [/([:,])$/u, " $1 "],
  [/\.{2,}/gu, " $& "],
  [/[;@#$%&]/gu, " $& "],
  [/([^.])(\.)([\])}>"']*)\s*$/u, "$1 $2$3 "],
  [/[?!]/gu, " $& "],
  [/([^'])' /gu, "$1 ' "],
  [/[*]/gu, " $& "],
];

const BRACKETS: Rule = [/[\][(){}<>]/gu, " $& "];
const DOUBLE_DASHES: Rule = [/--/gu, " -- "];

const ENDING_QUOTES: Rule[] = [
  [/([»”’])/gu, " $1 "],
  [/''/gu, " '' "],
  [/"/gu, " '' "],
  [/([^' ])('[sS]|'[mM]|'[dD]|') /gu, "$1 $2 "],
  [/([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) /gu, "$1 $2 "],
];

const boundary = `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`;
const CONTRACTIONS: RegExp[] = [
  ...[
    ["can", "not"],
    ["d", "'ye"],
    ["gim", "me"],
    ["gon", "na"],
    ["got", "ta"],
    ["lem", "me"],
    ["more", "'n"],
  ].map(([first, second]) => new RegExp(`${boundary}(${first})(${second})${boundary}`, "giu")),
  /\b(wan)(na)(?=\s)/giu,
  new RegExp(` ('t)(is)${boundary}`, "giu"),
  new RegExp(` ('t)(was)${boundary}`, "giu"),
];

/** One sentence through the Treebank rules. */
export function treebankTokens(sentence: string): string[] {
  let text = sentence;
  for (const [pattern, replacement] of STARTING_QUOTES) text = text.replace(pattern, replacement);
  for (const [pattern, replacement] of PUNCTUATION) text = text.replace(pattern, replacement);
  text = text.replace(BRACKETS[0], BRACKETS[1]).replace(DOUBLE_DASHES[0], DOUBLE_DASHES[1]);
  text = ` ${text} `;
  for (const [pattern, replacement] of ENDING_QUOTES) text = text.replace(pattern, replacement);
  for (const pattern of CONTRACTIONS) text = text.replace(pattern, " $1 $2 ");
  return pythonSplit(text);
}

/** `nltk.word_tokenize(text)`. */
export function wordTokenize(text: string): string[] {
  return englishSentences(text).flatMap(treebankTokens);
}
