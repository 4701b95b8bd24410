import { describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import type { SuiteItem } from "../spec/item.js";
import { createScorer } from "./registry.js";

const item = (target: string): SuiteItem => ({ id: "test:0", index: 0, subject: "math", fields: {}, target });

// The ladder of MMLU-Pro's evaluate_from_api.py, as suites/supplied/mmlu-pro.yaml writes it.
const mmluPro = await createScorer("regex-choice", {
  remove: ["**"],
  patterns: [
    { name: "answer-is", regex: "answer is \\(?([A-J])\\)?" },
    { name: "answer-colon", regex: ".*[aA]nswer:\\s*([A-J])" },
    { name: "last-letter", regex: "\\b[A-J]\\b(?!.*\\b[A-J]\\b)", flags: "s" },
  ],
});
// simple-evals' ANSWER_PATTERN_MULTICHOICE, as suites/supplied/gpqa-diamond.yaml writes it.
const gpqa = await createScorer("regex-choice", {
  patterns: [{ name: "answer-line", regex: "Answer[ \\t]*:[ \\t]*\\$?([A-D])\\$?", flags: "i" }],
});

describe("regex-choice", () => {
  it("takes the first 'answer is' (Python's re.search), after removing ** as MMLU-Pro does", () => {
    expect(mmluPro.score({ item: item("C"), text: "The answer is (C). Earlier I thought the answer is (D)." })).toEqual({
      status: "correct",
      extracted: "C",
      rule: "answer-is",
    });
    expect(mmluPro.score({ item: item("C"), text: "So the answer is **(C)**." })).toMatchObject({ status: "correct", rule: "answer-is" });
  });

  it("falls back to 'Answer: X' (the last on the first line that has one) and then to the last standalone letter", () => {
    expect(mmluPro.score({ item: item("B"), text: "Answer: A, no wait, Answer: B\nAnswer: D" })).toMatchObject({
      extracted: "B",
      rule: "answer-colon",
    });
    expect(mmluPro.score({ item: item("J"), text: "Options E and F fail.\nSo J fits." })).toMatchObject({
      status: "correct",
      extracted: "J",
      rule: "last-letter",
    });
    expect(mmluPro.score({ item: item("A"), text: "cannot tell." })).toEqual({ status: "no-answer", rule: "none" });
    // The official fallback reads the pronoun "I" as option I; kfm keeps that, so its number is MMLU-Pro's.
    expect(mmluPro.score({ item: item("A"), text: "I cannot tell." })).toMatchObject({
      status: "incorrect",
      extracted: "I",
      rule: "last-letter",
    });
  });

  it("reads simple-evals' GPQA pattern case-insensitively but compares the letter as it is", () => {
    expect(gpqa.score({ item: item("D"), text: "Reasoning...\nAnswer: $D$" })).toMatchObject({ status: "correct", extracted: "D" });
    expect(gpqa.score({ item: item("D"), text: "answer: d" })).toMatchObject({ status: "incorrect", extracted: "d" });
    expect(gpqa.score({ item: item("D"), text: "<think>Answer: D</think>I think it is D." })).toEqual({
      status: "no-answer",
      rule: "none",
    });
  });

  it("refuses a pattern that is not a regular expression, naming it", async () => {
    await expect(createScorer("regex-choice", { patterns: [{ name: "bad", regex: "([A-J]" }] })).rejects.toThrow(KfmError);
    await expect(createScorer("regex-choice", { patterns: [{ name: "bad", regex: "([A-J]" }] })).rejects.toThrow(
      /args\.patterns\.0\.regex/,
    );
  });
});
