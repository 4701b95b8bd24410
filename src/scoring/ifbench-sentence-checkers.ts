/**
 * IFBench's checkers that cut replies into sentences with `nltk.sent_tokenize` or into words
 * with `nltk.word_tokenize` (both ported in english-sentences.ts and english-words.ts), or tag
 * those words with `nltk.pos_tag` (part-of-speech.ts), each following `check_following` of the
 * class named in its comment in AllenAI's `ifbench/instructions.py`.
 */
import { englishSentences } from "./english-sentences.js";
import { wordTokenize } from "./english-words.js";
import { numberArgument } from "./checker-arguments.js";
import { partOfSpeechTags } from "./part-of-speech.js";
import type { Checker } from "./checker.js";
import {
  firstCharacter,
  isAlpha,
  isAlphanumeric,
  isLower,
  isUpper,
  PUNCTUATION,
  PUNCTUATION_AND_SPACE,
  pythonPattern,
  pythonSplit,
  pythonTrim,
  removePunctuation,
  stripChars,
} from "./python-text.js";

const length = (text: string) => [...text].length;

const PRONOUNS = new Set([
  "i",
  "me",
  "we",
  "us",
  "you",
  "he",
  "him",
  "she",
  "her",
  "it",
  "they",
  "them",
  "my",
  "mine",
  "our",
  "ours",
  "your",
  "yours",
  "his",
  "hers",
  "its",
  "their",
  "theirs",
  "myself",
  "ourselves",
  "yourself",
  "yourselves",
  "himself",
  "herself",
  "itself",
  "themselves",
  "this",
  "that",
  "these",
  "those",
  "who",
  "whom",
  "whose",
  "which",
  "what",
  "whoever",
  "whomever",
  "whatever",
  "whichever",
  "anybody",
  "anyone",
  "anything",
  "everybody",
  "everyone",
  "everything",
  "nobody",
  "nothing",
  "somebody",
  "someone",
  "something",
  "each",
  "either",
  "neither",
  "both",
  "all",
  "some",
  "any",
  "none",
]);

/**
 * `emoji.is_emoji(character)` for one character: the emoji package's table lists every emoji of
 * Unicode's emoji-test.txt, whose single code points are those with the Emoji property except the
 * digits, `#`, `*` (emoji only as keycaps) and the regional indicators (only as flag pairs).
 * Node's Unicode version, not the package's, decides for emoji newer than either.
 */
const isEmoji = (character: string) => /^\p{Emoji}$/u.test(character) && !/^[0-9#*\u{1F1E6}-\u{1F1FF}]$/u.test(character);

/** `len(sentence.translate(...).strip().split())`: a sentence's words once punctuation is removed. */
const wordsWithoutPunctuation = (sentence: string) => pythonSplit(pythonTrim(removePunctuation(sentence))).length;

export const IFBENCH_SENTENCE_CHECKERS: Readonly<Record<string, Checker>> = {
  /** StartWithVerbChecker: `nltk.pos_tag(nltk.word_tokenize(response))` tags the first token VB, VBD, VBG, VBN, VBP or VBZ. */
  "words:start_verb": (response) => {
    const tokens = wordTokenize(response);
    return tokens.length > 0 && partOfSpeechTags(tokens)[0]!.includes("VB");
  },
  /**
   * EmojiSentenceChecker: every sentence ends with an emoji (its last or second-to-last character
   * once ASCII punctuation is removed), or the next sentence starts with one.
   */
  "format:emoji": (response) => {
    const sentences = englishSentences(response);
    for (const [index, sentence] of sentences.entries()) {
      const stripped = [...pythonTrim(removePunctuation(sentence))];
      if (stripped.length === 0) return false;
      const last = stripped.at(-1)!;
      const secondLast = stripped.length > 1 ? stripped.at(-2)! : last;
      if (isEmoji(last) || isEmoji(secondLast)) continue;
      if (index === sentences.length - 1) return false;
      const next = [...pythonTrim(removePunctuation(sentences[index + 1]!))];
      if (next.length === 0 || !isEmoji(next[0]!)) return false;
    }
    return true;
  },
  /** SentTypeRatioChecker: twice as many sentences ending in "." as in "?". */
  "ratio:sentence_type": (response) => {
    const sentences = englishSentences(response);
    return (
      sentences.filter((sentence) => sentence.endsWith(".")).length === 2 * sentences.filter((sentence) => sentence.endsWith("?")).length
    );
  },
  /** SentBalanceChecker: as many sentences ending in "." as in "?" and in "!". */
  "ratio:sentence_balance": (response) => {
    const sentences = englishSentences(response);
    const [statements, questions, exclamations] = [".", "?", "!"].map(
      (end) => sentences.filter((sentence) => sentence.endsWith(end)).length,
    );
    return statements === questions && questions === exclamations;
  },
  /** CharacterCountUniqueWordsChecker: exactly three sentences of the same length in characters. */
  "ratio:sentence_words": (response) => {
    const sentences = englishSentences(response);
    if (sentences.length !== 3) return false;
    return sentences.every((sentence) => length(pythonTrim(sentence)) === length(pythonTrim(sentences[0]!)));
  },
  /** IncrementingAlliterationChecker: each sentence has more alliterating words than the one before. */
  "sentence:alliteration_increment": (response) => {
    let previous = -1;
    for (const sentence of englishSentences(response)) {
      const words = pythonSplit(sentence.toLowerCase())
        .map((word) => stripChars(word, PUNCTUATION_AND_SPACE, "start"))
        .filter((word) => word !== "");
      let alliteration = 0;
      let run = false;
      for (let index = 0; index < words.length - 1; index++) {
        if (firstCharacter(words[index]!) === firstCharacter(words[index + 1]!)) {
          alliteration += run ? 1 : 2;
          run = true;
        } else run = false;
      }
      if (alliteration <= previous) return false;
      previous = alliteration;
    }
    return true;
  },
  /** IncludeKeywordChecker: the Nth sentence contains the word, whole and case-insensitive. */
  "sentence:keyword": (response, kwargs) => {
    const position = numberArgument(kwargs.N);
    if (typeof kwargs.word !== "string" || kwargs.word === "" || position === undefined || position < 1) return undefined;
    const sentences = englishSentences(response);
    if (sentences.length < position) return false;
    const escaped = kwargs.word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return pythonPattern(`\\b${escaped}\\b`, { ignoreCase: true }).test(sentences[Math.trunc(position - 1)]!);
  },
  /** IncrementingWordCountChecker: each sentence has small_n more words than the one before. */
  "sentence:increment": (response, kwargs) => {
    const step = numberArgument(kwargs.small_n);
    if (step === undefined) return undefined;
    const sentences = englishSentences(response);
    if (sentences.length === 0) return false;
    let previous = wordsWithoutPunctuation(sentences[0]!);
    for (const sentence of sentences.slice(1)) {
      const words = wordsWithoutPunctuation(sentence);
      if (words !== previous + step) return false;
      previous = words;
    }
    return true;
  },
  /** LastWordFirstNextChecker: each sentence starts with the word the one before ended with. */
  "words:last_first": (response) => {
    const sentences = englishSentences(response);
    for (let index = 0; index < sentences.length - 1; index++) {
      const last = pythonSplit(stripChars(sentences[index]!, PUNCTUATION_AND_SPACE, "end"));
      const next = pythonSplit(stripChars(sentences[index + 1]!, PUNCTUATION_AND_SPACE, "start"));
      if (last.length === 0 || next.length === 0) return false;
      if (last.at(-1)!.toLowerCase() !== next[0]!.toLowerCase()) return false;
    }
    return true;
  },
  /** KeywordSpecificPositionChecker: the mth word (tokens with a letter or digit) of the nth sentence is the keyword. */
  "words:keywords_specific_position": (response, kwargs) => {
    const sentence = numberArgument(kwargs.n);
    const word = numberArgument(kwargs.m);
    if (typeof kwargs.keyword !== "string" || !kwargs.keyword || !sentence || !word) return undefined;
    const sentences = englishSentences(response);
    if (sentences.length < sentence) return false;
    const words = wordTokenize(sentences[sentence - 1]!).filter((token) => [...token].some(isAlphanumeric));
    if (words.length < word) return false;
    return words[word - 1]!.toLowerCase() === kwargs.keyword.trim().toLowerCase();
  },
  /**
   * SomeBulletPointsChecker: at least two sentences of prose, then at least two `*` bullets and
   * nothing else. As in the reference, a blank line in the prose ends it (its sentence list is
   * empty), so a later line that is not a bullet fails.
   */
  "format:no_bullets_bullets": (response) => {
    let prose: boolean | string[] = true;
    let sentences = 0;
    let bullets = 0;
    for (const line of response.split("\n")) {
      if (pythonTrim(line).startsWith("*")) {
        prose = false;
        if (sentences < 2) return false;
        bullets++;
      } else if (prose === true || (Array.isArray(prose) && prose.length > 0)) {
        prose = englishSentences(pythonTrim(line));
        sentences += prose.length;
      } else return false;
    }
    return bullets >= 2;
  },
  /** WordReverseOrderChecker: the words, reversed, mention "bald eagle" and make a single sentence. */
  "custom:word_reverse": (response) => {
    const value = pythonSplit(removePunctuation(pythonTrim(response.toLowerCase())))
      .reverse()
      .join(" ");
    if (!value.includes("bald eagle")) return false;
    return englishSentences(value).includes(value);
  },
  /** SentenceAlphabetChecker: 26 sentences starting with a, b, c, ... z in turn. */
  "custom:sentence_alphabet": (response) => {
    const sentences = englishSentences(response);
    if (sentences.length !== 26) return false;
    return sentences.every((sentence, index) => {
      const words = pythonSplit(sentence);
      return words.length > 0 && firstCharacter(words[0]!.toLowerCase()) === String.fromCharCode(97 + index);
    });
  },
  /** PronounCountChecker: `nltk.word_tokenize` tokens of the lower-cased reply ("/" read as a space) that are pronouns. */
  "count:pronouns": (response, kwargs) => {
    const wanted = numberArgument(kwargs.N);
    if (wanted === undefined) return undefined;
    return wordTokenize(response.replaceAll("/", " ").toLowerCase()).filter((word) => PRONOUNS.has(word)).length >= wanted;
  },
  /** WordsPositionChecker: the second token and the second-to-last word (before final punctuation) are the keyword. */
  "words:words_position": (response, kwargs) => {
    if (typeof kwargs.keyword !== "string") return undefined;
    const keyword = kwargs.keyword.trim().toLowerCase();
    const words = wordTokenize(response);
    if (words.length < 2) return false;
    if (PUNCTUATION.includes(words.at(-1)!)) {
      if (words.length < 3) return false;
      return words[1]!.toLowerCase() === words.at(-3)!.toLowerCase() && words.at(-3)!.toLowerCase() === keyword;
    }
    return words[1]!.toLowerCase() === words.at(-2)!.toLowerCase() && words.at(-2)!.toLowerCase() === keyword;
  },
  /** TitleCaseChecker: no `nltk.word_tokenize` word starting with a letter is lower-case-initial. */
  "format:title_case": (response) => {
    for (const word of wordTokenize(response)) {
      const characters = [...word];
      if (characters.length === 0 || !isAlpha(characters[0]!)) continue;
      if (characters.length === 1) {
        if (isLower(characters[0]!)) return false;
        continue;
      }
      const rest = characters.slice(1).join("");
      if (isUpper(characters[0]!) && isLower(rest)) continue;
      if (isLower(characters[0]!) && (isUpper(rest) || isLower(rest))) return false;
    }
    return true;
  },
};
