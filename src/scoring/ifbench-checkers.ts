/**
 * IFBench's out-of-distribution checkers for counts, ratios, words and sentences, each following
 * `check_following` of the class named in its comment in AllenAI's `ifbench/instructions.py` (the
 * copy in suites/ifbench/reference). Those that split sentences or NLTK words are in
 * ifbench-sentence-checkers.ts, the format, custom and repeat families in
 * ifbench-format-checkers.ts; any type kfm cannot check as the reference does would be in
 * IFBENCH_SKIPPED, with the reason.
 */
import { numberArgument } from "./checker-arguments.js";
import { IFBENCH_FORMAT_CHECKERS } from "./ifbench-format-checkers.js";
import { IFBENCH_SENTENCE_CHECKERS } from "./ifbench-sentence-checkers.js";
import type { Checker } from "./checker.js";
import {
  firstCharacter,
  isDigitString,
  PUNCTUATION_AND_SPACE,
  pythonPattern,
  pythonSplit,
  pythonTrim,
  pythonWords,
  removePunctuation,
  stripChars,
} from "./python-text.js";
import { countSyllables } from "./syllables.js";

/**
 * The reasons, as data, for the IFBench types kfm leaves unchecked (they count neither way): none
 * since syllapy and NLTK's part-of-speech tagger were ported; kept so a future type without an
 * exact port is skipped with its reason rather than approximated.
 */
export const IFBENCH_SKIPPED: Readonly<Record<string, string>> = {};

const CONJUNCTIONS = ["and", "but", "for", "nor", "or", "so", "yet"];
const PERSON_NAMES = [
  "Emma",
  "Liam",
  "Sophia",
  "Jackson",
  "Olivia",
  "Noah",
  "Ava",
  "Lucas",
  "Isabella",
  "Mason",
  "Mia",
  "Ethan",
  "Charlotte",
  "Alexander",
  "Amelia",
  "Benjamin",
  "Harper",
  "Leo",
  "Zoe",
  "Daniel",
  "Chloe",
  "Samuel",
  "Lily",
  "Matthew",
  "Grace",
  "Owen",
  "Abigail",
  "Gabriel",
  "Ella",
  "Jacob",
  "Scarlett",
  "Nathan",
  "Victoria",
  "Elijah",
  "Layla",
  "Nicholas",
  "Audrey",
  "David",
  "Hannah",
  "Christopher",
  "Penelope",
  "Thomas",
  "Nora",
  "Andrew",
  "Aria",
  "Joseph",
  "Claire",
  "Ryan",
  "Stella",
  "Jonathan",
];
/**
 * NLTK's English stop words (`nltk.corpus.stopwords.words('english')`) that a `\w+` token can
 * equal: the 153 without an apostrophe. A later corpus release added 19 words, all contractions
 * with an apostrophe ("he'd", "we're"), so both releases count the same.
 */
const STOP_WORDS = new Set(
  "a about above after again against ain all am an and any are aren as at be because been before being below between both but by can couldn d did didn do does doesn doing don down during each few for from further had hadn has hasn have haven having he her here hers herself him himself his how i if in into is isn it its itself just ll m ma me mightn more most mustn my myself needn no nor not now o of off on once only or other our ours ourselves out over own re s same shan she should shouldn so some such t than that the their theirs them themselves then there these they this those through to too under until up ve very was wasn we were weren what when where which while who whom why will with won wouldn y you your yours yourself yourselves".split(
    " ",
  ),
);
const PRIMES = new Set([2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97]);

/** `nltk.ngrams(text, 3)` over characters, as a set of strings. */
function characterTrigrams(text: string): Set<string> {
  const characters = [...text];
  const grams = new Set<string>();
  for (let index = 0; index + 3 <= characters.length; index++) grams.add(characters.slice(index, index + 3).join("\u0000"));
  return grams;
}

const IFBENCH_WORD_CHECKERS: Readonly<Record<string, Checker>> = {
  /** WordCountRangeChecker: `count_words` (the `\w+` tokens) within [min_words, max_words]. */
  "count:word_count_range": (response, kwargs) => {
    const low = numberArgument(kwargs.min_words);
    const high = numberArgument(kwargs.max_words);
    if (low === undefined || high === undefined) return undefined;
    const words = pythonWords(response).length;
    return low <= words && words <= high;
  },
  /** StopWordPercentageChecker: `count_stopwords` over `count_words` (both on `\w+` tokens), as a percentage, at most the limit. */
  "ratio:stop_words": (response, kwargs) => {
    const percentage = numberArgument(kwargs.percentage);
    if (percentage === undefined) return undefined;
    const words = pythonWords(response);
    if (words.length === 0) return false;
    return (words.filter((word) => STOP_WORDS.has(word.toLowerCase())).length / words.length) * 100 <= percentage;
  },
  /** UniqueWordCountChecker: distinct lower-cased whitespace words, punctuation stripped from their ends. */
  "count:unique_word_count": (response, kwargs) => {
    const wanted = numberArgument(kwargs.N);
    if (wanted === undefined) return undefined;
    return new Set(pythonSplit(response.toLowerCase()).map((word) => stripChars(word, PUNCTUATION_AND_SPACE))).size >= wanted;
  },
  /** ConjunctionCountChecker: distinct whitespace words (as written) that are coordinating conjunctions once stripped. */
  "count:conjunctions": (response, kwargs) => {
    const wanted = numberArgument(kwargs.small_n);
    if (wanted === undefined) return undefined;
    const found = pythonSplit(response).filter((word) => CONJUNCTIONS.includes(stripChars(word, PUNCTUATION_AND_SPACE).toLowerCase()));
    return new Set(found).size >= wanted;
  },
  /** PersonNameCountChecker: how many of the fifty listed names occur as whole words, case-sensitive. */
  "count:person_names": (response, kwargs) => {
    const wanted = numberArgument(kwargs.N);
    if (wanted === undefined) return undefined;
    return PERSON_NAMES.filter((name) => pythonPattern(`\\b${name}\\b`).test(response)).length >= wanted;
  },
  /** NGramOverlapChecker: share of the reply's character trigrams found in the reference text, within ±2 points. */
  "ratio:overlap": (response, kwargs) => {
    const percentage = numberArgument(kwargs.percentage);
    const reference = typeof kwargs.reference_text === "string" ? kwargs.reference_text : undefined;
    if (percentage === undefined || reference === undefined) return undefined;
    const grams = characterTrigrams(response);
    if (grams.size === 0) return false;
    const referenceGrams = characterTrigrams(reference);
    const overlap = [...grams].filter((gram) => referenceGrams.has(gram)).length / grams.size;
    return percentage - 2 <= overlap * 100 && overlap * 100 <= percentage + 2;
  },
  /** NumbersCountChecker: runs of digits once ASCII punctuation is removed, exactly N. */
  "count:numbers": (response, kwargs) => {
    const wanted = numberArgument(kwargs.N);
    if (wanted === undefined) return undefined;
    return (removePunctuation(response).match(/\p{Nd}+/gu) ?? []).length === wanted;
  },
  /** KeywordsMultipleChecker: the five keywords occur 1, 2, 3, 5 and 7 times (substring counts, case-insensitive). */
  "count:keywords_multiple": (response, kwargs) => {
    const keywords = [kwargs.keyword1, kwargs.keyword2, kwargs.keyword3, kwargs.keyword4, kwargs.keyword5];
    if (keywords.some((keyword) => typeof keyword !== "string")) return undefined;
    const lower = response.toLowerCase();
    return keywords.every((keyword, index) => occurrences(lower, (keyword as string).trim().toLowerCase()) === [1, 2, 3, 5, 7][index]);
  },
  /** NthWordJapaneseChecker: every Nth whitespace word (stripped, not all digits) has a kana or kanji. */
  "count:words_japanese": (response, kwargs) => {
    const position = numberArgument(kwargs.N);
    if (position === undefined || position <= 0) return undefined;
    return pythonSplit(response).every((raw, index) => {
      const word = stripChars(raw, PUNCTUATION_AND_SPACE);
      if ((index + 1) % position !== 0 || word === "" || isDigitString(word)) return true;
      return /[\u3040-\u30ff\u4e00-\u9fff]/u.test(word);
    });
  },
  /** AlphabetLoopChecker: word initials follow the alphabet from the first word's, wrapping after z. */
  "words:alphabet": (response) => {
    const alphabet = "abcdefghijklmnopqrstuvwxyz";
    const words = pythonSplit(stripChars(removePunctuation(response), PUNCTUATION_AND_SPACE));
    if (words.length === 0) return false;
    let letter = firstCharacter(words[0]!).toLowerCase();
    if (!alphabet.includes(letter) || letter.length !== 1) return false;
    for (const raw of words.slice(1)) {
      const word = stripChars(raw, PUNCTUATION_AND_SPACE).toLowerCase();
      if (word === "") continue;
      letter = alphabet[(alphabet.indexOf(letter) + 1) % 26]!;
      if (firstCharacter(word) !== letter) return false;
    }
    return true;
  },
  /** SingleVowelParagraphChecker: one line, using at most three of a, e, i, o, u. */
  "words:vowel": (response) => {
    const lines = pythonTrim(response).split("\n");
    if (lines.length !== 1) return false;
    return new Set([...lines[0]!.toLowerCase()].filter((character) => "aeiou".includes(character))).size <= 3;
  },
  /** ConsonantClusterChecker: every whitespace word has two ASCII consonants in a row. */
  "words:consonants": (response) => {
    const consonant = (character: string | undefined) => character !== undefined && "bcdfghjklmnpqrstvwxyz".includes(character);
    return pythonSplit(pythonTrim(response.toLowerCase())).every((word) => {
      const characters = [...word];
      return characters.some((character, index) => consonant(character) && consonant(characters[index + 1]));
    });
  },
  /** AlternateParitySyllablesChecker: neighbouring words (punctuation removed, lower-cased) differ in syllapy's syllable parity. */
  "words:odd_even_syllables": (response) => {
    const parities = pythonSplit(removePunctuation(response).toLowerCase()).map((word) => countSyllables(word) % 2);
    return parities.every((parity, index) => index === parities.length - 1 || parity !== parities[index + 1]);
  },
  /** PalindromeChecker: at least ten words of five or more characters that read the same reversed. */
  "words:palindrome": (response) =>
    pythonSplit(removePunctuation(response).toLowerCase()).filter((word) => [...word].length >= 5 && [...word].reverse().join("") === word)
      .length >= 10,
  /** PrimeLengthsChecker: every word, punctuation removed, has a prime length (below 100). */
  "words:prime_lengths": (response) => pythonSplit(removePunctuation(response)).every((word) => PRIMES.has([...word].length)),
  /** LimitedWordRepeatChecker: no lower-cased word (punctuation removed) more than small_n times. */
  "words:repeats": (response, kwargs) => {
    const limit = numberArgument(kwargs.small_n);
    if (limit === undefined) return undefined;
    const counts = new Map<string, number>();
    for (const word of pythonSplit(removePunctuation(response.toLowerCase()))) counts.set(word, (counts.get(word) ?? 0) + 1);
    return [...counts.values()].every((times) => times <= limit);
  },
  /** ParagraphLastFirstWordMatchChecker: on every non-blank line the first and last words match (lower-cased). */
  "words:paragraph_last_first": (response) =>
    response.split("\n").every((line) => {
      const paragraph = pythonTrim(line).toLowerCase();
      if (paragraph === "") return true;
      const words = pythonSplit(stripChars(paragraph, PUNCTUATION_AND_SPACE));
      return words.length === 0 || words[0] === words.at(-1);
    }),
  /** NoConsecutiveFirstLetterChecker: no two neighbouring words start with the same letter. */
  "words:no_consecutive": (response) => {
    const words = pythonSplit(removePunctuation(response.toLowerCase()));
    return words.every((word, index) => index === words.length - 1 || firstCharacter(word) !== firstCharacter(words[index + 1]!));
  },
  /** PunctuationCoverChecker: an interrobang (`?!`, `!?` or ‽), and . , ! ? ; : all used besides the one `?!` or `!?` removed. */
  "count:punctuation": (response) => {
    if (!(response.includes("!?") || response.includes("?!") || response.includes("‽"))) return false;
    let rest = response.replace("?!", "");
    if (rest.length === response.length) rest = response.replace("!?", "");
    return [".", ",", "!", "?", ";", ":"].every((mark) => rest.includes(mark));
  },
};

function occurrences(text: string, needle: string): number {
  if (needle === "") return [...text].length + 1;
  let total = 0;
  for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index + needle.length)) total++;
  return total;
}

export const IFBENCH_CHECKERS: Readonly<Record<string, Checker>> = {
  ...IFBENCH_WORD_CHECKERS,
  ...IFBENCH_SENTENCE_CHECKERS,
  ...IFBENCH_FORMAT_CHECKERS,
};
