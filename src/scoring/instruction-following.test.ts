import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SuiteItem } from "../spec/item.js";
import { CHECKERS } from "./instruction-checkers.js";
import { instructionFollowing } from "./instruction-following.js";

/** Labelled responses per instruction type: [id, kwargs, response, expected strict result]. */
const TABLE: Array<[string, Record<string, unknown>, string, boolean]> = [
  ["punctuation:no_comma", {}, "쉼표 없이 씁니다. 정말입니다.", true],
  ["punctuation:no_comma", {}, "하나, 둘", false],
  ["length_constraints:number_words", { relation: "최소", num_words: 5 }, "하나 둘 셋 넷 다섯", true],
  ["length_constraints:number_words", { relation: "less than", num_words: 3 }, "하나 둘 셋", false],
  ["length_constraints:number_sentences", { relation: "적어도", num_sentences: 2 }, "첫 문장입니다. 둘째 문장입니다.", true],
  ["length_constraints:number_sentences", { relation: "미만", num_sentences: 2 }, "첫 문장입니다. 둘째 문장입니다.", false],
  ["length_constraints:number_paragraphs", { num_paragraphs: 2 }, "첫 단락\n***\n둘째 단락", true],
  ["length_constraints:number_paragraphs", { num_paragraphs: 3 }, "첫 단락\n***\n둘째 단락", false],
  [
    "length_constraints:nth_paragraph_first_word",
    { num_paragraphs: 2, nth_paragraph: 2, first_word: "신문" },
    "처음 단락.\n\n신문 찾기는 즐겁다.",
    true,
  ],
  [
    "length_constraints:nth_paragraph_first_word",
    { num_paragraphs: 2, nth_paragraph: 2, first_word: "신문" },
    "처음 단락.\n\n책 읽기는 즐겁다.",
    false,
  ],
  ["detectable_format:title", {}, "<<가을의 노래>>\n본문", true],
  ["detectable_format:title", {}, "가을의 노래\n본문", false],
  ["detectable_format:number_bullet_lists", { num_bullets: 2 }, "* 하나\n* 둘", true],
  ["detectable_format:number_bullet_lists", { num_bullets: 2 }, "* 하나\n* 둘\n- 셋", false],
  ["detectable_format:number_highlighted_sections", { num_highlights: 2 }, "*강조 하나* 그리고 *강조 둘*", true],
  ["detectable_format:number_highlighted_sections", { num_highlights: 2 }, "*강조 하나* 뿐", false],
  ["detectable_format:json_format", {}, '```json\n{"이름": "가"}\n```', true],
  ["detectable_format:json_format", {}, "이름: 가", false],
  ["detectable_format:multiple_sections", { section_spliter: "단락", num_sections: 2 }, "단락 1\n내용\n단락 2\n내용", true],
  ["detectable_format:multiple_sections", { section_spliter: "단락", num_sections: 2 }, "단락 1\n내용", false],
  ["startend:end_checker", { end_phrase: "이행시 끝" }, "자: 자유롭게\n유: 유유히\n이행시 끝", true],
  ["startend:end_checker", { end_phrase: "이행시 끝" }, "이행시 끝. 그리고 더", false],
  ["startend:quotation", {}, '"전체를 따옴표로"', true],
  ["startend:quotation", {}, "따옴표 없음", false],
  ["keywords:frequency", { relation: "최소", keyword: "평화", frequency: 2 }, "평화와 평화", true],
  ["keywords:frequency", { relation: "최소", keyword: "평화", frequency: 2 }, "평화", false],
  ["keywords:forbidden_words", { forbidden_words: ["연인", "하트"] }, "친구와 산책", true],
  ["keywords:forbidden_words", { forbidden_words: ["연인", "하트"] }, "연인 산책", false],
  // IFEval's `\b연인\b`: a particle joined to the word hides it, as in the reference.
  ["keywords:forbidden_words", { forbidden_words: ["연인", "하트"] }, "연인과 산책", true],
  ["keywords:existence", { keywords: ["adoption", "carriage"] }, "The carriage of adoption papers", true],
  ["keywords:existence", { keywords: ["adoption", "carriage"] }, "adoption only", false],
  ["keywords:letter_frequency", { let_relation: "at least", letter: "c", let_frequency: 2 }, "cat and cow", true],
  ["keywords:letter_frequency", { let_relation: "less than", letter: "c", let_frequency: 2 }, "cat and cow", false],
  ["detectable_content:postscript", { postscript_marker: "P.S." }, "본문\nP.S. 추신", true],
  ["detectable_content:postscript", { postscript_marker: "P.S." }, "본문만", false],
  ["detectable_content:number_placeholders", { num_placeholders: 2 }, "[이름]님, [주소]로", true],
  ["detectable_content:number_placeholders", { num_placeholders: 2 }, "[이름]님", false],
  ["combination:repeat_prompt", { prompt_to_repeat: "가을로 이행시를 지으세요." }, "가을로 이행시를 지으세요. 가: 가을", true],
  ["combination:repeat_prompt", { prompt_to_repeat: "가을로 이행시를 지으세요." }, "가: 가을", false],
  ["combination:two_responses", {}, "첫 답\n******\n둘째 답", true],
  ["combination:two_responses", {}, "하나의 답", false],
  ["Korean:acrostic_poem", { target_word: "자유" }, "자유롭게 나는 새\n유유히 흐르는 강", true],
  ["Korean:acrostic_poem", { target_word: "자유" }, "자유롭게 나는 새\n강물이 흐른다", false],
  // As KITE checks it: exactly one line per syllable, a blank line is a line, a title line fails.
  ["Korean:acrostic_poem", { target_word: "자유" }, "  자유롭게 나는 새\n  유유히 흐르는 강  ", true],
  ["Korean:acrostic_poem", { target_word: "자유" }, "자유롭게 나는 새\n\n유유히 흐르는 강", false],
  ["Korean:acrostic_poem", { target_word: "자유" }, "삼행시: 자유\n자유롭게 나는 새\n유유히 흐르는 강", false],
  ["Korean:acrostic_poem", { target_word: "자유" }, "**자**유롭게 나는 새\n**유**유히 흐르는 강", false],
  ["detectable_format:constrained_response", {}, "고민해 보았지만 제 대답은 아니오입니다.", true],
  ["detectable_format:constrained_response", {}, "제 대답은 아니요입니다.", false],
  // IFEval's English options share the id.
  ["detectable_format:constrained_response", {}, "My answer is yes.", true],
];

describe("instruction checkers on labelled responses", () => {
  it.each(TABLE)("%s %j", (id, kwargs, response, expected) => {
    expect(CHECKERS[id]!(response, kwargs, "")).toBe(expected);
  });

  it("an unknown relation is skipped, not failed", () => {
    expect(CHECKERS["keywords:frequency"]!("평화", { relation: "정확히", keyword: "평화", frequency: 1 }, "")).toBeUndefined();
  });
});

/** Labelled replies to KITE's honorifics, numbers and postposition-drop prompts, with KITE's strict and loose results. */
interface KoreanReply {
  id: string;
  kwargs: Record<string, unknown>;
  reply: string;
  strict: boolean;
  loose: boolean;
  label: string;
}
const KOREAN_REPLIES = readFileSync(new URL("./__fixtures__/kite-korean-replies.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as KoreanReply);

describe("KITE's Korean checkers on labelled replies", () => {
  const scorer = instructionFollowing.create(instructionFollowing.parseArgs({}));

  it.each(KOREAN_REPLIES.map((row) => [row.id, JSON.stringify(row.kwargs), row.label, row] as const))(
    "%s %s: %s",
    (id, _kwargs, _label, row) => {
      const item: SuiteItem = {
        id: "k:0",
        index: 0,
        subject: "KITE-Korean",
        fields: { prompt: "p", ids: JSON.stringify([id]), kwargs: JSON.stringify([row.kwargs]) },
        target: "",
      };
      expect(CHECKERS[id]!(row.reply, row.kwargs, "")).toBe(row.strict);
      expect(scorer.score({ item, text: row.reply }).details?.instructions).toEqual([{ id, strict: row.strict, loose: row.loose }]);
    },
  );

  it("covers a passing and a failing reply for every kwarg variant in the KITE sample", () => {
    const variants = [
      "Korean:honorifics honorific",
      "Korean:honorifics non-honorific",
      "Korean:numbers chinese",
      "Korean:numbers korean",
      "Korean:postposition_drop -",
    ];
    for (const variant of variants) {
      const rows = KOREAN_REPLIES.filter((row) => `${row.id} ${String(row.kwargs.direction_to ?? "-")}` === variant);
      expect(new Set(rows.map((row) => row.strict)), variant).toEqual(new Set([true, false]));
    }
  });

  it("skips a direction KITE does not define, rather than failing it", () => {
    for (const kwargs of [{}, { direction_to: "formal" }, { direction_to: "toString" }]) {
      expect(CHECKERS["Korean:honorifics"]!("안녕하세요.", kwargs, "")).toBeUndefined();
      expect(CHECKERS["Korean:numbers"]!("세 송이", kwargs, "")).toBeUndefined();
    }
  });
});

describe("instruction-following scorer", () => {
  const scorer = instructionFollowing.create(instructionFollowing.parseArgs({}));
  const item = (ids: string[], kwargs: unknown[]): SuiteItem => ({
    id: "k:0",
    index: 0,
    subject: "KITE-Korean",
    fields: { prompt: "p", ids: JSON.stringify(ids), kwargs: JSON.stringify(kwargs) },
    target: "",
  });

  it("is correct only when every checked instruction passes strictly, and keeps each result", () => {
    const both = item(
      ["Korean:acrostic_poem", "keywords:frequency"],
      [{ target_word: "자유" }, { relation: "최소", keyword: "평화", frequency: 1 }],
    );
    const good = scorer.score({ item: both, text: "자유로운 평화\n유유히" });
    expect(good).toMatchObject({ status: "correct", rule: "strict 2/2" });
    expect(good.details?.instructions).toEqual([
      { id: "Korean:acrostic_poem", strict: true, loose: true },
      { id: "keywords:frequency", strict: true, loose: true },
    ]);
    expect(scorer.score({ item: both, text: "자유로운 바람\n유유히" })).toMatchObject({ status: "incorrect", rule: "strict 1/2" });
  });

  it("loose accepts a response whose first line is a preamble", () => {
    const quoted = item(["startend:quotation"], [{}]);
    const result = scorer.score({ item: quoted, text: '알겠습니다.\n"따옴표 안의 답"' });
    expect(result.details?.instructions?.[0]).toEqual({ id: "startend:quotation", strict: false, loose: true });
  });

  it("skips instruction types without a checker, never passing or failing them", () => {
    const unknown = item(["detectable_format:no_such_type"], [{}]);
    expect(scorer.score({ item: unknown, text: "제 대답은 예입니다." })).toMatchObject({
      status: "no-answer",
      rule: "all-instructions-unsupported",
      details: { instructions: [{ id: "detectable_format:no_such_type", skipped: true }] },
    });
  });

  it("gives an acrostic with a title line or bold initials its loose chance, as IFEval's loose variants do", () => {
    const titled = item(["Korean:acrostic_poem"], [{ target_word: "자유" }]);
    expect(scorer.score({ item: titled, text: "삼행시: 자유\n자유롭게 나는 새\n유유히 흐르는 강" }).details?.instructions?.[0]).toEqual({
      id: "Korean:acrostic_poem",
      strict: false,
      loose: true,
    });
    expect(scorer.score({ item: titled, text: "**자**유롭게 나는 새\n**유**유히 흐르는 강" }).details?.instructions?.[0]).toEqual({
      id: "Korean:acrostic_poem",
      strict: false,
      loose: true,
    });
  });
});
