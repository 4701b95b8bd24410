import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractChoice, extractStatedAnswer } from "./extract-choice.js";

interface LabelledReply {
  reply: string;
  /** The label a careful reader would extract, or null for no answer. */
  expected: string | null;
  rule: string;
  choices?: string[];
  choiceTexts?: string[];
}

const table = readFileSync(new URL("./__fixtures__/multiple-choice-replies.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as LabelledReply);

const title = (row: LabelledReply) => JSON.stringify(row.reply).slice(0, 70);

describe("extractChoice on labelled replies", () => {
  it("has a varied table: enough rows, no-answer rows, and every rule family", () => {
    expect(table.length).toBeGreaterThanOrEqual(120);
    expect(table.filter((row) => row.expected === null).length).toBeGreaterThanOrEqual(30);
    const rules = new Set(table.map((row) => row.rule));
    for (const rule of [
      "json-answer",
      "boxed",
      "korean-final-answer",
      "english-final-answer",
      "korean-answer",
      "english-answer",
      "korean-answer-first",
      "english-answer-first",
      "bare-letter",
      "leading-choice",
      "bold-letter",
      "parenthesized-letter",
      "circled-number",
      "number-beon",
      "option-text",
      "lone-letter",
      "empty",
      "refusal",
      "ambiguous",
      "conflicting-answers",
      "none",
    ]) {
      expect(rules, rule).toContain(rule);
    }
  });

  it.each(table.map((row, index) => [`${index + 1} ${title(row)}`, row] as const))("%s", (_name, row) => {
    const result = extractChoice(row.reply, row.choices, row.choiceTexts);
    // The reply sits in both objects so a failure shows which reply went wrong.
    expect({ reply: row.reply, answer: result.answer ?? null, rule: result.rule }).toEqual({
      reply: row.reply,
      answer: row.expected,
      rule: row.rule,
    });
  });
});

describe("extractChoice ladder", () => {
  it("lets an explicit final answer win over letters mentioned in passing", () => {
    expect(extractChoice("A는 틀렸고 B도 아니다. D는 범위를 벗어난다.\n\n정답: C")).toEqual({ answer: "C", rule: "korean-answer" });
    expect(extractChoice("Option A fails on cost, (B) on timing, **D** on scope. Final answer: C")).toEqual({
      answer: "C",
      rule: "english-final-answer",
    });
  });

  it("ranks a final marker over a stated answer that comes later", () => {
    expect(extractChoice("최종 답: C\n\n(참고로 정답: A라고 쓰는 해설서도 있다)").answer).toBe("C");
  });

  it("takes the last of disagreeing statements only when it is clearly the conclusion", () => {
    // On a line of its own, after a correction.
    expect(extractChoice("정답: A\n\n다시 계산하니 감가상각을 빠뜨렸다.\n정답: C\n\n이유: 정액법.").answer).toBe("C");
    // After a conclusion word, even mid-paragraph.
    expect(
      extractChoice(
        "The answer is A at first sight, but adjusting for tax, therefore the answer is B as stated in the notes. More detail follows.",
      ).answer,
    ).toBe("B");
    // Buried mid-paragraph with more said after it: no answer, and the candidates are kept.
    expect(
      extractChoice("처음 계산으로는 정답이 A였고, 두 번째 방법으로는 정답이 B였습니다. 어느 쪽이 맞는지 확신이 서지 않습니다."),
    ).toEqual({
      rule: "conflicting-answers",
      candidates: ["A", "B"],
    });
  });

  it("gives no answer for several options without an explicit marker, and says which", () => {
    expect(extractChoice("A 또는 B")).toEqual({ rule: "ambiguous", candidates: ["A", "B"] });
    expect(extractChoice("A and C are both correct.")).toEqual({ rule: "ambiguous", candidates: ["A", "C"] });
    expect(extractChoice("정답: A, C")).toEqual({ rule: "ambiguous", candidates: ["A", "C"] });
  });

  it("lets a deliberate answer outrank a refusal phrase, and a refusal outrank a lone mention", () => {
    expect(extractChoice("잘 모르겠지만 정답은 B인 것 같습니다.")).toEqual({ answer: "B", rule: "korean-answer" });
    expect(extractChoice("I don't know. Maybe B.")).toEqual({ rule: "refusal" });
    expect(extractChoice("모르겠습니다")).toEqual({ rule: "refusal" });
  });

  it("removes reasoning blocks before searching", () => {
    expect(extractChoice("<think>정답: A일까? 아니, 정답: A.</think>\n정답: D")).toEqual({ answer: "D", rule: "korean-answer" });
    expect(extractChoice("<think>정답: A")).toEqual({ rule: "empty" });
  });

  it("reads denials and question forms as no statement", () => {
    expect(extractChoice("정답은 A가 아닙니다.").answer).toBeUndefined();
    expect(extractChoice("정답이 B인지 확인해 봅시다.").answer).toBeUndefined();
    expect(extractChoice("The answer is not A but C.").answer).toBe("C");
  });
});

describe("the English article is not option A", () => {
  it.each([
    "A good approach is to compute the ratio first.",
    "A reasonable reading of the statute favours the defendant.",
    "Answer: A good approach is to compute the ratio first.",
    "The answer is a matter of interpretation.",
    '{"answer": "A matter of judgement"}',
    "**A good start** would be the cash flow statement.",
  ])("%s", (reply) => {
    expect(extractChoice(reply).answer).toBeUndefined();
  });

  it("still reads A where it is an option", () => {
    expect(extractChoice("A").answer).toBe("A");
    expect(extractChoice("A is correct.").answer).toBe("A");
    expect(extractChoice("Answer: A").answer).toBe("A");
    expect(extractChoice("The answer is A if we use book value.").answer).toBe("A");
    expect(extractChoice("A good approach is to compare. The answer is A.").answer).toBe("A");
  });
});

describe("numbers and circled digits", () => {
  it("map to labels by position, only within the choices", () => {
    expect(extractChoice("정답은 3번입니다").answer).toBe("C");
    expect(extractChoice("정답: ④").answer).toBe("D");
    expect(extractChoice("\\boxed{2}").answer).toBe("B");
    expect(extractChoice("정답: ⓒ").answer).toBe("C");
    expect(extractChoice("정답: 5").answer).toBeUndefined();
    expect(extractChoice("정답: 5", ["A", "B", "C", "D", "E"]).answer).toBe("E");
    expect(extractChoice("정답: ⑤", ["A", "B", "C", "D", "E"]).answer).toBe("E");
  });

  it("are not read out of amounts, ordinals or list numbers", () => {
    expect(extractChoice("정답은 1,200원입니다.").answer).toBeUndefined();
    expect(extractChoice("답: 2.5").answer).toBeUndefined();
    expect(extractChoice("첫 번째로 1번째 조건을 본다.").answer).toBeUndefined();
    expect(extractChoice("1) A - 오답\n2) B - 오답\n3) C - 정답\n4) D - 오답").answer).toBe("C");
  });
});

describe("option text", () => {
  const cities = ["부산광역시", "서울특별시", "대구광역시", "인천광역시"];

  it("matches a reply that is exactly one option's text", () => {
    expect(extractChoice("서울특별시", undefined, cities)).toEqual({ answer: "B", rule: "option-text" });
    expect(extractChoice("서울특별시입니다.", undefined, cities)).toEqual({ answer: "B", rule: "option-text" });
    expect(extractChoice("정답: 인천광역시", undefined, cities)).toEqual({ answer: "D", rule: "korean-answer" });
  });

  it("does not match a partial text, or without the texts", () => {
    expect(extractChoice("서울", undefined, cities).answer).toBeUndefined();
    expect(extractChoice("서울특별시").answer).toBeUndefined();
  });

  it("prefers the value over the position when a bare number is an option's text", () => {
    expect(extractChoice("3", undefined, ["2", "3", "4", "5"]).answer).toBe("B");
    expect(extractChoice("3번", undefined, ["2", "3", "4", "5"]).answer).toBe("C");
    expect(extractChoice("3").answer).toBe("C");
  });

  it("needs the match to be unique", () => {
    expect(extractChoice("없음", undefined, ["없음", "1개", "없음", "2개"]).answer).toBeUndefined();
  });

  it("reads each item's own texts and labels, however many items were read before", () => {
    const reordered = ["서울특별시", "부산광역시", "대구광역시", "인천광역시"];
    expect(extractChoice("서울특별시", undefined, cities).answer).toBe("B");
    expect(extractChoice("서울특별시", undefined, reordered).answer).toBe("A");
    expect(extractChoice("서울특별시", ["W", "X", "Y", "Z"], cities).answer).toBe("X");
    expect(extractChoice("서울특별시", undefined, cities).answer).toBe("B");
  });
});

describe("extractStatedAnswer", () => {
  it("reads only an explicit statement on the last line", () => {
    expect(extractStatedAnswer("A를 보면... B도 가능하다.\n\n정답: B")).toEqual({ answer: "B", rule: "korean-answer" });
    expect(extractStatedAnswer("Let me think. Final answer: \\boxed{D}")).toEqual({ answer: "D", rule: "boxed" });
    expect(extractStatedAnswer("정답: B\n\n잠깐, C도 다시 확인해 보면")).toEqual({ rule: "none" });
    expect(extractStatedAnswer("B")).toEqual({ rule: "none" });
  });
});
