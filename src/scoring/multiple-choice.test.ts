import { describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import type { SuiteItem } from "../spec/item.js";
import { createScorer } from "./registry.js";

const item: SuiteItem = { id: "x:0", index: 0, subject: "s", fields: {}, choices: ["6", "12", "18", "36"], target: "B" };

describe("multiple-choice scorer", () => {
  const scorer = createScorer("multiple-choice", { choices: ["A", "B", "C", "D"] });

  it("is correct, incorrect or no-answer, with the extracted letter and the rule", () => {
    expect(scorer.score({ item, text: "정답: B" })).toEqual({ status: "correct", extracted: "B", rule: "korean-final-answer" });
    expect(scorer.score({ item, text: "정답: C" })).toEqual({ status: "incorrect", extracted: "C", rule: "korean-final-answer" });
    expect(scorer.score({ item, text: "모르겠습니다" })).toEqual({ status: "no-answer", rule: "refusal" });
    expect(scorer.score({ item, text: "" })).toEqual({ status: "no-answer", rule: "empty" });
  });

  it("matches a reply that repeats the option text", () => {
    expect(scorer.score({ item, text: "12" })).toMatchObject({ status: "correct", rule: "option-text" });
  });

  it("does not search the reasoning for an answer", () => {
    expect(scorer.score({ item, text: "", reasoning: "정답: B" }).status).toBe("no-answer");
    expect(scorer.score({ item, text: "<think>정답: B</think>" }).status).toBe("no-answer");
  });

  it("records its id and arguments for re-scoring", () => {
    expect(scorer.id).toBe("multiple-choice");
    expect(scorer.args).toEqual({ choices: ["A", "B", "C", "D"] });
  });

  it("rejects bad arguments and unknown scorers with a suite error", () => {
    expect(() => createScorer("multiple-choice", { choices: "ABCD" })).toThrow(/scorer\.args\.choices/);
    let error: unknown;
    try {
      createScorer("nope", {});
    } catch (caught) {
      error = caught;
    }
    expect(KfmError.isInstance(error) && error.code).toBe("suite");
    expect((error as KfmError).hint).toContain("multiple-choice");
  });
});
