import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { wordTokenize } from "./english-words.js";
import { CHECKERS } from "./instruction-checkers.js";
import { partOfSpeechTags } from "./part-of-speech.js";

/**
 * NLTK's own answers (scripts/record-nltk-pos-tags.py): word_tokenize, PerceptronTagger.tag and
 * IFBench's StartWithVerbChecker run by NLTK on the model and Punkt parameters kfm ships, for 50
 * texts written to reach the tagger's rules (imperatives, questions, hyphens, years, digits,
 * superscripts, abbreviations, quotes, Markdown, Korean, empty replies) and IFBench's 300 prompts.
 */
interface RecordedCase {
  text: string;
  tokens: string[];
  tags: string[];
  startsWithVerb: boolean;
}

const recorded = (
  JSON.parse(await readFile(new URL("./__fixtures__/nltk-pos-tags.json", import.meta.url), "utf8")) as { cases: RecordedCase[] }
).cases;
const rows = recorded.map((example, index) => [index, example.text.slice(0, 40), example] as const);

describe("partOfSpeechTags (nltk.pos_tag)", () => {
  it("gives NLTK's documented tags for its docstring examples", () => {
    expect(partOfSpeechTags("The quick brown fox jumps over the lazy dog".split(" "))).toEqual([
      "DT",
      "JJ",
      "NN",
      "NN",
      "VBZ",
      "IN",
      "DT",
      "JJ",
      "NN",
    ]);
    expect(partOfSpeechTags(["The", "red", "cat"])).toEqual(["DT", "JJ", "NN"]);
    expect(partOfSpeechTags([])).toEqual([]);
  });

  it.each(rows)("tags every token as NLTK does: #%i %s", (_index, _text, example) => {
    expect(partOfSpeechTags(example.tokens)).toEqual(example.tags);
  });
});

describe("words:start_verb (StartWithVerbChecker)", () => {
  const check = (response: string) => CHECKERS["words:start_verb"]!(response, {}, "");

  it.each(rows)("tokenizes and decides as NLTK does: #%i %s", (_index, _text, example) => {
    expect(wordTokenize(example.text)).toEqual(example.tokens);
    expect(check(example.text)).toBe(example.startsWithVerb);
  });

  it("follows the tagger, not English grammar", () => {
    // The perceptron reads a capitalized sentence-initial "Embark" or "Be" as a proper noun (NNP).
    expect(check("Write a poem about the sea.")).toBe(true);
    expect(check("Embark on a journey.")).toBe(false);
    expect(check("Be kind.")).toBe(false);
    // Any tag containing VB counts: VBG for a gerund subject, VBZ for "Does".
    expect(check("Running is fun.")).toBe(true);
    expect(check("Does this sentence start with a verb?")).toBe(true);
    expect(check("")).toBe(false);
  });
});
