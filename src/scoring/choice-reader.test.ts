import { describe, expect, it } from "vitest";
import { ChoiceReader, choiceForNumber, circledLetter, circledNumber } from "./choice-reader.js";

describe("circledNumber", () => {
  it("reads the circled digit sets Korean exams use", () => {
    expect(["①", "②", "③", "④", "⑩", "⑳"].map(circledNumber)).toEqual([1, 2, 3, 4, 10, 20]);
    expect(["❶", "❹", "➀", "➃", "➊", "➍"].map(circledNumber)).toEqual([1, 4, 1, 4, 1, 4]);
  });

  it("is undefined for anything else", () => {
    expect(circledNumber("1")).toBeUndefined();
    expect(circledNumber("Ⓐ")).toBeUndefined();
    expect(circledNumber("①②")).toBeUndefined();
  });
});

describe("circledLetter", () => {
  it("reads upper- and lower-case circled letters", () => {
    expect(["Ⓐ", "Ⓓ", "ⓐ", "ⓓ"].map(circledLetter)).toEqual(["A", "D", "A", "D"]);
    expect(circledLetter("①")).toBeUndefined();
  });
});

describe("choiceForNumber", () => {
  it("maps 1-based positions to labels and nothing outside them", () => {
    expect(choiceForNumber(["A", "B", "C", "D"], 1)).toBe("A");
    expect(choiceForNumber(["A", "B", "C", "D"], 4)).toBe("D");
    expect(choiceForNumber(["A", "B", "C", "D"], 5)).toBeUndefined();
    expect(choiceForNumber(["A", "B", "C", "D"], 0)).toBeUndefined();
    expect(choiceForNumber(["가", "나", "다"], 2)).toBe("나");
  });
});

describe("ChoiceReader.readAt", () => {
  const reader = new ChoiceReader();
  const read = (text: string, mode: "lenient" | "strict" = "lenient") => reader.readAt(text, 0, mode);

  it("skips lead words and brackets and reads Korean particles as the token's end", () => {
    expect(read(" 보기 (C)번이 옳다")).toMatchObject({ kind: "token", answer: "C" });
    expect(read("option **B**.")).toMatchObject({ kind: "token", answer: "B" });
    expect(read("\\boxed{\\text{D}}")).toMatchObject({ kind: "token", answer: "D" });
    expect(read("B입니다")).toMatchObject({ kind: "token", answer: "B", end: 1 });
  });

  it("accepts lower case and bare numbers only where an answer is expected", () => {
    expect(read("c")).toMatchObject({ kind: "token", answer: "C" });
    expect(read("c", "strict")).toBeUndefined();
    expect(read("2")).toMatchObject({ kind: "token", answer: "B", tokenKind: "number" });
    expect(read("2", "strict")).toBeUndefined();
    expect(read("2번", "strict")).toMatchObject({ kind: "token", answer: "B", tokenKind: "number" });
  });

  it("does not read letters inside words or names", () => {
    expect(read("Apple")).toBeUndefined();
    expect(read("B2B")).toBeUndefined();
    expect(read("C++")).toBeUndefined();
    expect(read("A형 간염")).toBeUndefined();
  });

  it("guards the article A with the word after it", () => {
    expect(read("A good approach")).toBeUndefined();
    expect(read("a bit tricky")).toBeUndefined();
    expect(read("A is right")).toMatchObject({ kind: "token", answer: "A" });
    expect(read("A because")).toMatchObject({ kind: "token", answer: "A" });
    expect(read("A.")).toMatchObject({ kind: "token", answer: "A" });
  });

  it("reports denials, hedges and joined alternatives", () => {
    expect(read("A가 아니라 C")).toMatchObject({ kind: "negated", answer: "A" });
    expect(read("B is wrong")).toMatchObject({ kind: "negated", answer: "B" });
    expect(read("A인지 B인지")).toMatchObject({ kind: "hedged", answer: "A" });
    expect(read("A 또는 B")).toMatchObject({ kind: "token", answer: "A", alternatives: ["B"] });
    expect(read("2번과 3번")).toMatchObject({ kind: "token", answer: "B", alternatives: ["C"] });
    expect(read("C, because")).toMatchObject({ kind: "token", answer: "C", alternatives: [] });
  });
});

describe("ChoiceReader.mentions", () => {
  const reader = new ChoiceReader();

  it("finds labels, circled digits and N번 in running text", () => {
    expect(reader.mentions("①은 틀렸고 ③이 맞다. 2번도 보자. D는 보류.").map((token) => token.answer)).toEqual(["A", "C", "B", "D"]);
  });

  it("leaves out names, articles and denied options", () => {
    expect(reader.mentions("Vitamin C and Plan B. A good idea.").length).toBe(0);
    expect(reader.mentions("A는 틀렸고 B도 아니다. D", { skipNegated: true }).map((token) => token.answer)).toEqual(["D"]);
  });
});
