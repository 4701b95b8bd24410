import { describe, expect, it } from "vitest";
import { CHECKERS, looseVariants, type Kwargs } from "./instruction-checkers.js";
import { countSentences, englishSentences } from "./english-sentences.js";
import { wordTokenize } from "./english-words.js";
import { detectLanguage } from "./language-detection.js";

/** Strict and loose results as evaluation_lib.py computes them with Google's checkers. */
function follow(id: string, kwargs: Kwargs, response: string): { strict: boolean; loose: boolean } {
  const checker = CHECKERS[id]!;
  const strict = response.trim() !== "" && checker(response, kwargs, "") === true;
  const loose = looseVariants(response).some((variant) => variant.trim() !== "" && checker(variant, kwargs, "") === true);
  return { strict, loose };
}

// [id, kwargs, response, strict, loose]: each expectation is what the reference check_following returns.
const TABLE: Array<[string, Kwargs, string, boolean, boolean]> = [
  // LetterFrequencyChecker counts the given character itself, '#' (key 1122) and '!' (key 1129) included.
  ["keywords:letter_frequency", { letter: "#", let_relation: "at least", let_frequency: 4 }, "# A\n## B\n### C", true, true],
  ["keywords:letter_frequency", { letter: "#", let_relation: "at least", let_frequency: 4 }, "# A\n## B", false, false],
  ["keywords:letter_frequency", { letter: "!", let_relation: "at least", let_frequency: 6 }, "Wow! Yes! Go! Now! Run! Jump!", true, true],
  ["keywords:letter_frequency", { letter: "!", let_relation: "at least", let_frequency: 6 }, "Wow! Yes!", false, false],
  ["keywords:letter_frequency", { letter: "L", let_relation: "less than", let_frequency: 3 }, "Hello", true, true],
  ["keywords:letter_frequency", { letter: "l", let_relation: "less than", let_frequency: 3 }, "HELLO LOL", false, false],
  // ParagraphChecker: *** dividers; an empty paragraph only at either end.
  ["length_constraints:number_paragraphs", { num_paragraphs: 3 }, "One\n***\nTwo\n***\nThree", true, true],
  ["length_constraints:number_paragraphs", { num_paragraphs: 2 }, "***\nOne\n***\nTwo\n***", true, true],
  ["length_constraints:number_paragraphs", { num_paragraphs: 2 }, "One\n***\n***\nTwo", false, false],
  // ParagraphFirstWordCheck: "\n\n" paragraphs, first word up to punctuation.
  [
    "length_constraints:nth_paragraph_first_word",
    { num_paragraphs: 2, nth_paragraph: 2, first_word: "summary" },
    'Intro.\n\n"Summary, all good.',
    true,
    true,
  ],
  // ':' is not among the reference's punctuation, so the first word is "summary:".
  [
    "length_constraints:nth_paragraph_first_word",
    { num_paragraphs: 2, nth_paragraph: 2, first_word: "summary" },
    "Intro.\n\nSummary: all good.",
    false,
    false,
  ],
  [
    "length_constraints:nth_paragraph_first_word",
    { num_paragraphs: 2, nth_paragraph: 2, first_word: "summary" },
    "Intro.\n\nSummaries: all good.",
    false,
    false,
  ],
  [
    "length_constraints:nth_paragraph_first_word",
    { num_paragraphs: 3, nth_paragraph: 2, first_word: "summary" },
    "Intro.\n\nSummary here.",
    false,
    false,
  ],
  // SectionChecker: "Section 1" markers split the text.
  ["detectable_format:multiple_sections", { section_spliter: "Section", num_sections: 2 }, "Section 1\nfoo\nSection 2\nbar", true, true],
  ["detectable_format:multiple_sections", { section_spliter: "SECTION", num_sections: 2 }, "SECTION 1\nfoo\nSECTION X\nbar", false, false],
  // PlaceholderChecker: [..] on one line.
  ["detectable_content:number_placeholders", { num_placeholders: 2 }, "Dear [name], at [address].", true, true],
  ["detectable_content:number_placeholders", { num_placeholders: 2 }, "Dear [name\n], at [address].", false, false],
  // PostscriptChecker: P.S. / P.P.S spelled loosely, found anywhere (the pattern has no anchor).
  ["detectable_content:postscript", { postscript_marker: "P.S." }, "Hi.\n  p. s. see you", true, true],
  ["detectable_content:postscript", { postscript_marker: "P.P.S" }, "Hi.\nP.P.S. more", true, true],
  ["detectable_content:postscript", { postscript_marker: "P.S." }, "Hi. PS see you", false, false],
  ["detectable_content:postscript", { postscript_marker: "P.S." }, "Hi, see the p.s. below", true, true],
  // JsonFormat: fences stripped, then json.loads.
  ["detectable_format:json_format", {}, '```json\n{"a": 1}\n```', true, true],
  ["detectable_format:json_format", {}, "```JSON\n[1, NaN]\n```", true, true],
  ["detectable_format:json_format", {}, 'Here it is:\n```json\n{"a": 1}\n```', false, true],
  // BulletListChecker: * (not **) or - lines.
  ["detectable_format:number_bullet_lists", { num_bullets: 2 }, "* one\n- two\n**bold** line", true, true],
  ["detectable_format:number_bullet_lists", { num_bullets: 2 }, "* one\n* two\n* three", false, true],
  // HighlightSectionChecker counts *x* and **x** (the latter twice, as its inner *x* also matches).
  ["detectable_format:number_highlighted_sections", { num_highlights: 2 }, "*one* and *two*", true, true],
  ["detectable_format:number_highlighted_sections", { num_highlights: 3 }, "**bold** only", false, false],
  ["detectable_format:number_highlighted_sections", { num_highlights: 1 }, "** ** and * *", false, false],
  ["detectable_format:title", {}, "<<A Title>>\nbody", true, true],
  ["detectable_format:title", {}, "<< >>\nbody", false, false],
  ["combination:two_responses", {}, "First.\n******\nSecond.", true, true],
  ["combination:two_responses", {}, "Same\n******\nSame", false, false],
  ["combination:repeat_prompt", { prompt_to_repeat: "Write a poem." }, "  write a POEM. Here it is", true, true],
  ["startend:end_checker", { end_phrase: "Any other questions?" }, 'Done. Any other questions?"', true, true],
  ["startend:end_checker", { end_phrase: "Any other questions?" }, "Any other questions?\nBye", false, true],
  ["startend:quotation", {}, ' "wrapped" ', true, true],
  ["startend:quotation", {}, "“curly”", false, false],
  ["punctuation:no_comma", {}, "No commas here。", true, true],
  ["punctuation:no_comma", {}, "One, two", false, false],
  ["detectable_format:constrained_response", {}, "I think so. My answer is maybe.", true, true],
  ["keywords:existence", { keywords: ["cat", "dog"] }, "A CAT met a doggo", true, true],
  ["keywords:frequency", { keyword: "data", relation: "less than", frequency: 2 }, "data and Data", false, false],
  ["keywords:forbidden_words", { forbidden_words: ["war"] }, "software and wars", true, true],
  ["keywords:forbidden_words", { forbidden_words: ["war"] }, "a War story", false, false],
  ["length_constraints:number_words", { relation: "at least", num_words: 4 }, "it's a well-known fact", true, true],
  ["length_constraints:number_words", { relation: "less than", num_words: 3 }, "one two three", false, false],
  ["change_case:capital_word_frequency", { capital_relation: "at least", capital_frequency: 3 }, "I DON'T know", true, true],
  ["change_case:capital_word_frequency", { capital_relation: "less than", capital_frequency: 2 }, "The NASA and ESA teams", false, false],
  ["change_case:english_lowercase", {}, "this is a reply written entirely in lowercase english letters.", true, true],
  ["change_case:english_lowercase", {}, "This is not all lowercase.", false, false],
  ["change_case:english_capital", {}, "THIS IS A REPLY WRITTEN ENTIRELY IN CAPITAL ENGLISH LETTERS.", true, true],
  ["language:response_language", { language: "ko" }, "한국은 아름다운 자연과 풍부한 문화유산을 가진 나라입니다.", true, true],
  ["language:response_language", { language: "sw" }, "Tanzania ni nchi nzuri yenye milima na mbuga nyingi za wanyama.", true, true],
  ["language:response_language", { language: "hi" }, "The quick brown fox jumps over the lazy dog.", false, false],
  // Devanagari languages apart, where other npm detectors fail: Nepali, Marathi, Hindi.
  ["language:response_language", { language: "ne" }, "नेपाल हिमालयको काखमा रहेको एउटा सुन्दर देश हो। यहाँका मानिसहरू धेरै मिलनसार छन्।", true, true],
  [
    "language:response_language",
    { language: "mr" },
    "महाराष्ट्र हे भारतातील एक महत्त्वाचे राज्य आहे. मला माझ्या मित्रांसोबत पुस्तके वाचायला आवडतात.",
    true,
    true,
  ],
  [
    "language:response_language",
    { language: "hi" },
    "भारत एक विशाल देश है जहाँ कई भाषाएँ बोली जाती हैं। मुझे अपने परिवार के साथ यात्रा करना बहुत पसंद है।",
    true,
    true,
  ],
  ["language:response_language", { language: "pa" }, "ਪੰਜਾਬ ਭਾਰਤ ਦਾ ਇੱਕ ਸੋਹਣਾ ਸੂਬਾ ਹੈ। ਮੈਨੂੰ ਆਪਣੇ ਪਰਿਵਾਰ ਨਾਲ ਸਮਾਂ ਬਿਤਾਉਣਾ ਪਸੰਦ ਹੈ।", true, true],
  [
    "language:response_language",
    { language: "fa" },
    "ایران کشوری با تاریخ طولانی و فرهنگ غنی است. من دوست دارم هر روز کتاب بخوانم.",
    true,
    true,
  ],
  [
    "language:response_language",
    { language: "ur" },
    "پاکستان ایک خوبصورت ملک ہے جس کی تاریخ بہت پرانی ہے۔ مجھے کتابیں پڑھنا بہت پسند ہے۔",
    true,
    true,
  ],
  ["language:response_language", { language: "hi" }, "12345 !!!", true, true],
  ["length_constraints:number_sentences", { relation: "less than", num_sentences: 3 }, "Dr. Smith arrived. He sat down.", true, true],
  ["length_constraints:number_sentences", { relation: "at least", num_sentences: 3 }, "One. Two? Three!", true, true],
];

describe("IFEval checkers, strict and loose as the reference computes them", () => {
  it.each(TABLE)("%s %j on %j", (id, kwargs, response, strict, loose) => {
    expect(follow(id, kwargs, response)).toEqual({ strict, loose });
  });

  it("has a checker for each of IFEval's 25 instruction types", () => {
    const ids = [
      "keywords:existence",
      "keywords:frequency",
      "keywords:forbidden_words",
      "keywords:letter_frequency",
      "language:response_language",
      "length_constraints:number_sentences",
      "length_constraints:number_paragraphs",
      "length_constraints:number_words",
      "length_constraints:nth_paragraph_first_word",
      "detectable_content:number_placeholders",
      "detectable_content:postscript",
      "detectable_format:number_bullet_lists",
      "detectable_format:constrained_response",
      "detectable_format:number_highlighted_sections",
      "detectable_format:multiple_sections",
      "detectable_format:json_format",
      "detectable_format:title",
      "combination:two_responses",
      "combination:repeat_prompt",
      "startend:end_checker",
      "change_case:capital_word_frequency",
      "change_case:english_capital",
      "change_case:english_lowercase",
      "punctuation:no_comma",
      "startend:quotation",
    ];
    expect(ids.filter((id) => !CHECKERS[id])).toEqual([]);
  });

  it("builds the eight loose variants of test_instruction_following_loose", () => {
    expect(looseVariants("**Title**\nbody *x*\nend")).toEqual([
      "**Title**\nbody *x*\nend",
      "body *x*\nend",
      "**Title**\nbody *x*",
      "body *x*",
      "Title\nbody x\nend",
      "body x\nend",
      "Title\nbody x",
      "body x",
    ]);
  });

  it("splits sentences as NLTK's Punkt does with its English model (the examples of NLTK's punkt.py)", () => {
    const knows =
      "Punkt knows that the periods in Mr. Smith and Johann S. Bach\ndo not mark sentence boundaries.  And sometimes sentences\ncan start with non-capitalized words.  i is a good variable\nname.";
    expect(englishSentences(knows)).toEqual([
      "Punkt knows that the periods in Mr. Smith and Johann S. Bach\ndo not mark sentence boundaries.",
      "And sometimes sentences\ncan start with non-capitalized words.",
      "i is a good variable\nname.",
    ]);
    const brackets = `(How does it deal with this parenthesis?)  "It should be part of the\nprevious sentence." "(And the same with this one.)" ('And this one!')\n"('(And (this)) '?)" [(and this. )]`;
    expect(englishSentences(brackets)).toEqual([
      "(How does it deal with this parenthesis?)",
      '"It should be part of the\nprevious sentence."',
      '"(And the same with this one.)"',
      "('And this one!')",
      `"('(And (this)) '?)"`,
      "[(and this. )]",
    ]);
    expect(englishSentences("Very bad acting!!! I promise.")).toEqual(["Very bad acting!!!", "I promise."]);
    // A numbered list: "1." before a capitalized word ends a sentence, as Punkt decides.
    expect(englishSentences("1. First item\n2. Second item")).toEqual(["1.", "First item\n2.", "Second item"]);
    expect(countSentences("See chapter 1. it is short.")).toBe(1);
    expect(countSentences("Title line\nno full stop here")).toBe(1);
  });

  it("tokenizes words as nltk.word_tokenize does", () => {
    expect(wordTokenize("I DON'T know, (really)!")).toEqual(["I", "DO", "N'T", "know", ",", "(", "really", ")", "!"]);
    expect(wordTokenize("They'll cannot go.")).toEqual(["They", "'ll", "can", "not", "go", "."]);
    // NLTK's own example for word_tokenize.
    expect(wordTokenize("Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\n\nThanks.")).toEqual([
      "Good",
      "muffins",
      "cost",
      "$",
      "3.88",
      "in",
      "New",
      "York",
      ".",
      "Please",
      "buy",
      "me",
      "two",
      "of",
      "them",
      ".",
      "Thanks",
      ".",
    ]);
  });

  it("detects a language deterministically", () => {
    const text = "Hôm nay trời đẹp, chúng tôi đi dạo trong công viên.";
    expect(detectLanguage(text)).toBe("vi");
    expect(new Set(Array.from({ length: 5 }, () => detectLanguage(text))).size).toBe(1);
  });
});
