import { describe, expect, it } from "vitest";
import { AnswerKey } from "./answer-key.js";
import type { AnswerKeyEntry } from "./options.js";

const mc = (question: string, choices: string[], answer = "A"): AnswerKeyEntry => ({ question, choices, answer, subject: "mc" });
const open = (question: string, answer = "42"): AnswerKeyEntry => ({ question, choices: [], answer, subject: "math" });
const asked = (entry: AnswerKeyEntry) =>
  `다음 문제를 읽고 정답을 고르세요.\n\n${entry.question}\n${entry.choices.map((choice, index) => `${"ABCD"[index]}. ${choice}`).join("\n")}\n정답：`;

describe("AnswerKey", () => {
  const photosynthesis = mc("식물이 빛으로 양분을 만드는 과정은?", ["광합성", "호흡", "증산", "발효"]);
  const sameOptions = mc("세포가 포도당을 분해해 에너지를 얻는 과정은?", ["광합성", "호흡", "증산", "발효"], "B");
  const sum = open("철수는 사과 3개와 배 4개를 샀습니다. 모두 몇 개입니까?", "7");

  it("finds a multiple-choice item by its options, and the question among items that share them", () => {
    const key = new AnswerKey([photosynthesis, sameOptions, sum]);
    expect(key.lookup(asked(photosynthesis)).entry).toBe(photosynthesis);
    expect(key.lookup(asked(sameOptions)).entry).toBe(sameOptions);
    // Spacing in the prompt differs from the data's: questions compare squashed.
    expect(key.lookup(asked(sameOptions).replace("포도당을 분해해", "포도당을  분해해\n")).entry).toBe(sameOptions);
  });

  it("finds an open item by its question, with or without an option block elsewhere in the prompt", () => {
    const key = new AnswerKey([photosynthesis, sum]);
    expect(key.lookup(`문제를 풀고 답만 쓰세요.\n\n${sum.question}\n답:`).entry).toBe(sum);
    // An option block that names no multiple-choice item leaves the open lookup to decide.
    const prompt = `${sum.question}\nA. 5\nB. 6\nC. 7\nD. 8\n정답：`;
    expect(key.lookup(prompt)).toEqual({ entry: sum });
    expect(key.lookup("아무 문제도 아닌 글").entry).toBeUndefined();
  });

  it("keeps an open question that quotes options its own, even when a multiple-choice item has the same options", () => {
    const quoting = open(`다음 중 옳은 것은 몇 개입니까?\nA. 광합성\nB. 호흡\nC. 증산\nD. 발효`, "2");
    const key = new AnswerKey([photosynthesis, quoting]);
    expect(key.lookup(`${quoting.question}\n답:`).entry).toBe(quoting);
    expect(key.lookup(asked(photosynthesis)).entry).toBe(photosynthesis);
  });

  it("gives the options it read when no item has them", () => {
    const key = new AnswerKey([photosynthesis]);
    const stranger = mc("처음 보는 문제", ["가", "나", "다", "라"]);
    expect(key.lookup(asked(stranger))).toEqual({ choices: ["가", "나", "다", "라"] });
  });
});
