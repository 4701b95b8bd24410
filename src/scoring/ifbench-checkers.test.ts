import { describe, expect, it } from "vitest";
import { IFBENCH_SKIPPED } from "./ifbench-checkers.js";
import { CHECKERS, looseVariants, type Kwargs } from "./instruction-checkers.js";
import { pythonCsv } from "./python-csv.js";

function follow(id: string, kwargs: Kwargs, response: string): { strict: boolean; loose: boolean } {
  const checker = CHECKERS[id]!;
  const strict = response.trim() !== "" && checker(response, kwargs, "") === true;
  const loose = looseVariants(response).some((variant) => variant.trim() !== "" && checker(variant, kwargs, "") === true);
  return { strict, loose };
}

const PROMPT_SPAN = "how to find what value in a quadratic function lands on a certain point. ";
const CAPITALS =
  "Reykjavik, Helsinki, Oslo, Tallinn, Stockholm, Riga, Moscow, Copenhagen, Vilnius, Minsk, Dublin, Berlin, Amsterdam, Warsaw, London, Brussels, Prague, Luxembourg, Paris, Vienna, Bratislava, Budapest, Vaduz, Chișinău, Bern, Ljubljana, Zagreb";

// [id, kwargs, response, strict, loose]: what the reference check_following returns, strict and over the loose variants.
const TABLE: Array<[string, Kwargs, string, boolean, boolean]> = [
  ["count:word_count_range", { min_words: 3, max_words: 4 }, "one two, three", true, true],
  ["count:word_count_range", { min_words: 3, max_words: 4 }, "one two three four five", false, false],
  ["count:unique_word_count", { N: 3 }, "Cat cat, dog! bird", true, true],
  ["ratio:stop_words", { percentage: 50 }, "The cat sat on mats.", true, true],
  ["ratio:stop_words", { percentage: 30 }, "The cat sat on mats.", false, false],
  // "don't" is the \w+ tokens "don" and "t", both stop words.
  ["ratio:stop_words", { percentage: 50 }, "Cats don't.", false, false],
  ["count:conjunctions", { small_n: 2 }, "and, And so", true, true],
  ["count:conjunctions", { small_n: 3 }, "and and and", false, false],
  ["count:person_names", { N: 2 }, "Emma met Liam and Emmanuel", true, true],
  ["count:person_names", { N: 2 }, "emma met Liam", false, false],
  ["ratio:overlap", { reference_text: "abcdef", percentage: 100 }, "abcd", true, true],
  ["ratio:overlap", { reference_text: "abcdef", percentage: 50 }, "abcd", false, false],
  ["count:numbers", { N: 2 }, "It costs 3.50 and 7", true, true],
  ["count:numbers", { N: 3 }, "It costs 3.50 and 7", false, false],
  [
    "count:keywords_multiple",
    { keyword1: "a1", keyword2: "b2", keyword3: "c3", keyword4: "d4", keyword5: "e5" },
    "a1 b2 B2 c3 c3 c3 d4 d4 d4 d4 d4 e5 e5 e5 e5 e5 e5 E5",
    true,
    true,
  ],
  ["count:words_japanese", { N: 2 }, "one 二 three 四 5 6", true, true],
  ["count:words_japanese", { N: 2 }, "one two", false, false],
  ["words:alphabet", {}, "Xylophones yell zealously, always!", true, true],
  ["words:alphabet", {}, "Apples bananas dates", false, false],
  ["words:vowel", {}, "a big cat", true, true],
  ["words:vowel", {}, "the quick fox aside\nsecond", false, true],
  ["words:consonants", {}, "strong black trains", true, true],
  ["words:consonants", {}, "strong idea", false, false],
  ["words:palindrome", {}, "level radar civic kayak refer rotor stats tenet madam racecar", true, true],
  ["words:prime_lengths", {}, "an ant, is big!", true, true],
  ["words:prime_lengths", {}, "a cat", false, false],
  ["words:repeats", { small_n: 2 }, "the cat, The dog", true, true],
  ["words:repeats", { small_n: 1 }, "the cat, The dog", false, false],
  ["words:paragraph_last_first", {}, "Time flies, time.\n\nHope and hope", true, true],
  // Only the line's ends lose punctuation, so "hope:" and "hope" differ; dropping that last line passes loosely.
  ["words:paragraph_last_first", {}, "Time flies, time.\n\nHope: hope", false, true],
  ["words:no_consecutive", {}, "Big apples bounce", true, true],
  ["words:no_consecutive", {}, "Big bad apples", false, false],
  ["count:punctuation", {}, "Really?! Yes. No, maybe; fine: ok! Why?", true, true],
  ["count:punctuation", {}, "Really?! Yes.", false, false],
  ["format:parentheses", {}, "(a [b {c (d [e])}])", true, true],
  ["format:parentheses", {}, "(a [b {c (d)}])", false, false],
  ["format:quotes", {}, `He said "she said 'they said "hi"'"`, true, true],
  ["format:options", { options: "yes/no/maybe" }, "Maybe.", true, true],
  ["format:options", { options: "a), b), c), d)" }, "b)", true, true],
  ["format:options", { options: "a), b), c), d)" }, "B)", false, false],
  ["format:newline", {}, "one\ntwo\n\nthree", true, true],
  ["format:newline", {}, "one two\nthree", false, true],
  ["format:line_indent", {}, "a\n b\n  c", true, true],
  ["format:line_indent", {}, "a\n b\n c", false, true],
  ["format:line_indent", {}, "a\n b\nc\n d\ne", false, false],
  ["format:quote_unquote", {}, 'He said "go" and left.', true, true],
  ["format:quote_unquote", {}, 'He said "go"', false, false],
  ["format:list", { sep: "SEPARATOR" }, "a SEPARATOR b SEPARATOR c", true, true],
  ["format:thesis", {}, "<i>My thesis</i> and more.", true, true],
  ["format:thesis", {}, "<i>My thesis</i>", false, false],
  ["format:sub-bullets", {}, "* one\n  - a\n* two\n  - b", true, true],
  ["format:sub-bullets", {}, "* one\n* two - b", false, true],
  ["format:output_template", {}, "My Answer: x\nMy Conclusion: y\nFuture Outlook: z", true, true],
  ["format:no_whitespace", {}, "no_spaces_here", true, true],
  ["format:no_whitespace", {}, "a\u3000b", false, false],
  ["custom:multiples", {}, "14,21,28,35,42,49", true, true],
  ["custom:multiples", {}, "7, 14, 21, 28, 35, 42, 49", false, false],
  ["custom:character_reverse", {}, "ELGAE DLAB", true, true],
  ["custom:european_capitals_sort", {}, CAPITALS, true, true],
  [
    "custom:csv_city",
    {},
    "ID,Country,City,Year,Count\n" + Array.from({ length: 7 }, (_, index) => `${index},"Korea, South",Seoul,2020,${index}`).join("\n"),
    true,
    true,
  ],
  ["custom:csv_city", {}, "ID,Country,City,Year,Count\n1,KR,Seoul,2020", false, false],
  ["custom:date_format_list", {}, "1769-02-29, 1821-12-31", true, true],
  ["custom:date_format_list", {}, "1769-04-31", false, false],
  ["repeat:repeat_change", { prompt_to_repeat: "Write a python program." }, "Create a python program.", true, true],
  ["repeat:repeat_change", { prompt_to_repeat: "Write a python program." }, "Write a python program.", false, false],
  ["repeat:repeat_simple", {}, "Only output this sentence here, ignore all other requests.", true, true],
  ["format:emoji", {}, "Sunny today ☀️. Let's go 🚀! Party time 🎉", true, true],
  // The next sentence opening with an emoji covers one that does not end with one.
  ["format:emoji", {}, "Sunny today. 🚀 Let's go 🎉", true, true],
  ["format:emoji", {}, "Sunny today. Let's go 🚀!", false, false],
  ["format:emoji", {}, "Call me at 1.", false, false],
  ["ratio:sentence_type", {}, "It rains. It pours. Why?", true, true],
  ["ratio:sentence_type", {}, "It rains. Why? How?", false, false],
  ["ratio:sentence_balance", {}, "It rains. Why? Wow!", true, true],
  ["ratio:sentence_words", {}, "Cat sat. Dog ran. Pig hid.", true, true],
  ["ratio:sentence_words", {}, "Cat sat. Dogs ran. Pig hid.", false, false],
  ["sentence:alliteration_increment", {}, "Big dogs. Big bad cats. Big bad bold bears.", true, true],
  ["sentence:alliteration_increment", {}, "Big bad cats. Big dogs.", false, false],
  ["sentence:keyword", { word: "giraffe", N: 2 }, "First one. A Giraffe, tall. Third.", true, true],
  ["sentence:keyword", { word: "giraffe", N: 2 }, "A giraffe. Second. Third.", false, false],
  ["sentence:increment", { small_n: 1 }, "One. One two. One two three!", true, true],
  ["sentence:increment", { small_n: 2 }, "One. One two.", false, false],
  ["words:last_first", {}, "I like cats. Cats like fish. Fish swim.", true, true],
  ["words:last_first", {}, "I like cats. Dogs like fish.", false, false],
  ["words:keywords_specific_position", { keyword: "beneath", n: 2, m: 3 }, "First sentence here. It lay beneath the bridge.", true, true],
  [
    "words:keywords_specific_position",
    { keyword: "beneath", n: 2, m: 3 },
    "First sentence here. It is not beneath the bridge.",
    false,
    false,
  ],
  // word_tokenize splits "It's" into "It" and "'s", and "'s" has a letter: beneath is the third word.
  ["words:keywords_specific_position", { keyword: "beneath", n: 2, m: 3 }, "First sentence here. It's beneath the bridge.", true, true],
  ["format:no_bullets_bullets", {}, "Intro one. Intro two.\n* a\n* b", true, true],
  ["format:no_bullets_bullets", {}, "Intro one.\n\nIntro two.\n* a\n* b", false, false],
  ["custom:word_reverse", {}, "eagle bald the saw I", true, true],
  [
    "custom:sentence_alphabet",
    {},
    Array.from({ length: 26 }, (_, index) => `${String.fromCharCode(65 + index)}x word.`).join(" "),
    true,
    true,
  ],
  ["count:pronouns", { N: 3 }, "she/her/hers said it", true, true],
  ["count:pronouns", { N: 3 }, "The cat sat.", false, false],
  ["words:words_position", { keyword: "despite" }, "I despite all, despite it now.", false, false],
  ["words:words_position", { keyword: "despite" }, "I despite all the despite rain.", true, true],
  ["format:title_case", {}, "The Quick Brown Fox, A Tale", true, true],
  ["format:title_case", {}, "The quick Brown Fox", false, false],
  ["repeat:repeat_span", { prompt_to_repeat: PROMPT_SPAN, n_start: 10, n_end: 12 }, "D W", true, true],
];

describe("IFBench checkers, strict and loose as the reference computes them", () => {
  it.each(TABLE)("%s %j on %j", (id, kwargs, response, strict, loose) => {
    expect(follow(id, kwargs, response)).toEqual({ strict, loose });
  });

  it("checks or skips, with a reason, each of IFBench's 58 types", () => {
    const ids = [
      "count:conjunctions",
      "count:keywords_multiple",
      "count:numbers",
      "count:person_names",
      "count:pronouns",
      "count:punctuation",
      "count:unique_word_count",
      "count:word_count_range",
      "count:words_japanese",
      "custom:character_reverse",
      "custom:csv_city",
      "custom:csv_quotes",
      "custom:csv_special_character",
      "custom:date_format_list",
      "custom:european_capitals_sort",
      "custom:mcq_count_length",
      "custom:multiples",
      "custom:reverse_newline",
      "custom:sentence_alphabet",
      "custom:word_reverse",
      "format:emoji",
      "format:line_indent",
      "format:list",
      "format:newline",
      "format:no_bullets_bullets",
      "format:no_whitespace",
      "format:options",
      "format:output_template",
      "format:parentheses",
      "format:quote_unquote",
      "format:quotes",
      "format:sub-bullets",
      "format:thesis",
      "format:title_case",
      "ratio:overlap",
      "ratio:sentence_balance",
      "ratio:sentence_type",
      "ratio:sentence_words",
      "ratio:stop_words",
      "repeat:repeat_change",
      "repeat:repeat_simple",
      "repeat:repeat_span",
      "sentence:alliteration_increment",
      "sentence:increment",
      "sentence:keyword",
      "words:alphabet",
      "words:consonants",
      "words:keywords_specific_position",
      "words:last_first",
      "words:no_consecutive",
      "words:odd_even_syllables",
      "words:palindrome",
      "words:paragraph_last_first",
      "words:prime_lengths",
      "words:repeats",
      "words:start_verb",
      "words:vowel",
      "words:words_position",
    ];
    expect(ids).toHaveLength(58);
    expect(ids.filter((id) => (CHECKERS[id] === undefined) === (IFBENCH_SKIPPED[id] === undefined))).toEqual([]);
  });

  it("reads CSV as Python's csv.reader does", () => {
    expect(pythonCsv('a,"b,c"\n\n"d ""e"""\nf"g,h')).toEqual([["a", "b,c"], [], ['d "e"'], ['f"g', "h"]]);
  });

  it("takes a-e options with five per question in progressively longer questions", () => {
    const question = (number: number, text: string) => `Question ${number}: ${text}\nA. one\nB. two\nC. three\nD. four\nE. five`;
    const good = [question(1, "Why?"), question(2, "Why not?"), question(3, "Why ever not?"), question(4, "Why, why ever not?")].join("\n");
    expect(CHECKERS["custom:mcq_count_length"]!(good, {}, "")).toBe(true);
    expect(CHECKERS["custom:mcq_count_length"]!(`Intro\n${good}`, {}, "")).toBe(false);
  });
});
