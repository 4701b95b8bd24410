/**
 * English sentences as NLTK's Punkt tokenizer (`tokenizers/punkt/english.pickle`, which IFEval's
 * `count_sentences` loads) cuts them, reproduced by rule because the trained model is not
 * available to kfm: a token ending in `.`, `?` or `!` ends a sentence when whitespace and another
 * token follow it, except a known abbreviation, a token ending in `..`, a single-letter initial,
 * and a number or initial followed by a lowercase word (Punkt's orthographic heuristic). A newline
 * alone never ends a sentence. Where Punkt's learned statistics (its abbreviation list, collocations
 * and orthographic context) would decide otherwise this can differ, which is why the checkers that
 * depend on it are named as approximate in the README.
 */
import { pythonSplit } from "./python-text.js";

/** Abbreviations of Punkt's English model that replies commonly contain (without the final period, lowercase). */
const ABBREVIATIONS = new Set([
  "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "u.n",
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "gen", "gov", "sen", "rep", "rev",
  "mt", "ft", "lt", "col", "capt", "sgt", "fig", "approx", "dept", "est", "a.m", "p.m", "ph.d", "d.c", "n.y", "l.a",
]);

/** The words Punkt's English model lists as sentence starters after an abbreviation. */
const SENTENCE_STARTERS = new Set(["the", "but", "and", "in", "it", "he", "she", "they", "we", "i", "this", "that", "there", "if", "a", "as", "for", "so"]);

const CLOSERS = /["')\]}»”’*]+$/u;

function endsSentence(token: string, next: string | undefined): boolean {
  const bare = token.replace(CLOSERS, "");
  if (/[?!]$/.test(bare)) return true;
  if (!bare.endsWith(".")) return false;
  if (bare.endsWith("..")) return false;
  const type = bare.slice(0, -1).replace(/^["'(\[{«“‘*]+/u, "").toLowerCase();
  const nextWord = next?.replace(/^["'(\[{«“‘*]+/u, "") ?? "";
  const nextLower = /^\p{Ll}/u.test(nextWord);
  const nextUpper = /^\p{Lu}/u.test(nextWord);
  if (ABBREVIATIONS.has(type) || ABBREVIATIONS.has(type.split("-").at(-1) ?? "")) return nextUpper && SENTENCE_STARTERS.has(nextWord.replace(/[^\p{L}]+$/u, "").toLowerCase());
  if (/^[^\W\d_]$/u.test(type) || /^\p{L}$/u.test(type)) return false;
  if (/^-?[.,]?\d[\d,.-]*$/.test(type)) return !nextLower && !/^[;:,.!?]/.test(nextWord);
  return !/^[;:,]/.test(nextWord);
}

/** `nltk.sent_tokenize(text)` (Punkt, English) as described above. */
export function englishSentences(text: string): string[] {
  const tokens = pythonSplit(text);
  const sentences: string[] = [];
  let current: string[] = [];
  tokens.forEach((token, index) => {
    current.push(token);
    const next = tokens[index + 1];
    if (next !== undefined && endsSentence(token, next)) {
      sentences.push(current.join(" "));
      current = [];
    }
  });
  if (current.length > 0) sentences.push(current.join(" "));
  return sentences;
}

/** IFEval's `count_sentences`. */
export const countSentences = (text: string) => englishSentences(text).length;
