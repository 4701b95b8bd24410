import { describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import type { SuiteItem } from "../spec/item.js";
import { multipleChoice } from "./multiple-choice.js";

const item: SuiteItem = {
  id: "Accounting/test/0",
  index: 0,
  subject: "Accounting",
  fields: {},
  choices: ["6", "12", "18", "36"],
  target: "B",
};
const scorer = multipleChoice.create(multipleChoice.parseArgs({ choices: ["A", "B", "C", "D"] }));

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("multiple-choice scorer", () => {
  it("is correct, incorrect or no-answer, with the extracted label and the rule", () => {
    expect(scorer.score({ item, text: "정답: B" })).toEqual({ status: "correct", extracted: "B", rule: "korean-answer" });
    expect(scorer.score({ item, text: "The answer is (c)." })).toEqual({ status: "incorrect", extracted: "C", rule: "english-answer" });
    expect(scorer.score({ item, text: "모르겠습니다" })).toEqual({ status: "no-answer", rule: "refusal" });
    expect(scorer.score({ item, text: "A 또는 B" })).toEqual({ status: "no-answer", rule: "ambiguous" });
    expect(scorer.score({ item, text: "" })).toEqual({ status: "no-answer", rule: "empty" });
  });

  it("never scores an unextractable reply as incorrect", () => {
    for (const text of ["A good approach is to compute the ratio.", "정답은 1,200원입니다.", "<think>정답: C일까? 다시 보자"]) {
      expect(scorer.score({ item, text }).status).toBe("no-answer");
    }
  });

  it("matches a reply that repeats the item's option text", () => {
    expect(scorer.score({ item, text: "12" })).toEqual({ status: "correct", extracted: "B", rule: "option-text" });
  });

  it("does not search the reasoning when the reply has an answer", () => {
    expect(scorer.score({ item, text: "정답: C", reasoning: "정답: B" })).toMatchObject({ status: "incorrect", extracted: "C" });
    expect(scorer.score({ item, text: "잘 모르겠습니다", reasoning: "정답: B" })).toEqual({ status: "no-answer", rule: "refusal" });
  });

  it("reads an empty reply's reasoning only when its last line states the answer", () => {
    expect(scorer.score({ item, text: "", reasoning: "A는 아니고... 따라서\n정답: B" })).toEqual({
      status: "correct",
      extracted: "B",
      rule: "reasoning-korean-answer",
    });
    expect(scorer.score({ item, text: "<think>계산하면 12가 나온다.\n정답: B" })).toMatchObject({
      status: "correct",
      rule: "reasoning-korean-answer",
    });
    // Cut off mid-thought: the answer it was leaning to is not an answer.
    expect(scorer.score({ item, text: "", reasoning: "정답: B일까? C도 다시 보면" })).toEqual({ status: "no-answer", rule: "empty" });
    expect(scorer.score({ item, text: "", reasoning: "B가 맞는 것 같은데 한 번 더" })).toEqual({ status: "no-answer", rule: "empty" });
  });

  it("accepts a lower-case target and rejects a target outside the labels as a data error", () => {
    expect(scorer.score({ item: { ...item, target: "b" }, text: "B" }).status).toBe("correct");
    const error = thrown(() => scorer.score({ item: { ...item, target: "2" }, text: "B" }));
    expect(KfmError.isInstance(error) && error.code).toBe("data");
    expect((error as Error).message).toContain('target "2"');
  });

  it("uses its own labels for numbers and circled digits", () => {
    const five = multipleChoice.create(multipleChoice.parseArgs({ choices: ["A", "B", "C", "D", "E"] }));
    expect(five.score({ item: { ...item, choices: undefined, target: "E" }, text: "정답: ⑤" })).toEqual({
      status: "correct",
      extracted: "E",
      rule: "korean-answer",
    });
    const numbered = multipleChoice.create(multipleChoice.parseArgs({ choices: ["1", "2", "3", "4"] }));
    expect(numbered.score({ item: { ...item, choices: undefined, target: "3" }, text: "정답은 ③번" })).toMatchObject({
      status: "correct",
      extracted: "3",
    });
  });
});

describe("multiple-choice arguments", () => {
  it("default to A–D and are recorded on the scorer", () => {
    expect(multipleChoice.parseArgs(undefined)).toEqual({ choices: ["A", "B", "C", "D"] });
    expect(multipleChoice.parseArgs({})).toEqual({ choices: ["A", "B", "C", "D"] });
    expect(scorer.id).toBe("multiple-choice");
    expect(scorer.args).toEqual({ choices: ["A", "B", "C", "D"] });
  });

  it.each([
    [{ choices: "ABCD" }, /args\.choices: /],
    [{ choices: ["A"] }, /args\.choices: /],
    [{ choices: ["A", "B", "a"] }, /args\.choices: labels must be distinct/],
    [{ choices: ["A", "B", "C", "옵션 D"] }, /args\.choices\.3: /],
    [{ choices: ["A", "B"], letters: true }, /args(?:\.\(root\))?: .*letters/],
  ])("reject %j with a suite error naming the field", (args, message) => {
    const error = thrown(() => multipleChoice.parseArgs(args));
    expect(KfmError.isInstance(error) && error.code).toBe("suite");
    expect((error as Error).message).toMatch(message);
  });
});
