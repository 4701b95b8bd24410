import { describe, expect, it } from "vitest";
import type { SuiteItem } from "../spec/item.js";
import { boxedInteger, lastBoxed, parseBoxedInteger } from "./boxed-integer.js";
import { createScorer } from "./registry.js";

const item = (target: string): SuiteItem => ({ id: "aime2025:0", index: 0, subject: "AIME 2025", fields: {}, target });
const score = (text: string, target = "70") => boxedInteger.create(boxedInteger.parseArgs({})).score({ item: item(target), text });

describe("boxed-integer (MathArena's AIME check)", () => {
  it("reads the last box, nested braces and an inner box included", () => {
    expect(lastBoxed("First \\boxed{12}, then \\boxed{70}.")).toBe("70");
    expect(lastBoxed("$\\boxed{\\text{70}}$")).toBe("\\text{70}");
    expect(lastBoxed("\\fbox{\\boxed{588}}")).toBe("588");
    expect(lastBoxed("no box here, 70")).toBeUndefined();
    expect(lastBoxed("\\boxed{70")).toBeUndefined();
  });

  it("parses as Python's int() does, plus the LaTeX wrappers a sympy parse drops", () => {
    expect(parseBoxedInteger(" 070 ")).toBe(70);
    expect(parseBoxedInteger("+7_0")).toBe(70);
    expect(parseBoxedInteger("\\text{70}")).toBe(70);
    expect(parseBoxedInteger("70^\\circ")).toBe(70);
    expect(parseBoxedInteger("70.0")).toBe(70);
    expect(parseBoxedInteger("\\frac{140}{2}")).toBeUndefined();
    expect(parseBoxedInteger("x = 70")).toBeUndefined();
  });

  it("marks exact matches, says no-answer without a box and incorrect for a box that is not an integer in range", () => {
    expect(score("So the answer is $\\boxed{70}$.")).toEqual({ status: "correct", extracted: "70", rule: "last-boxed" });
    expect(score("<think>maybe \\boxed{70}</think>The answer is 70.")).toEqual({ status: "no-answer", rule: "no-boxed" });
    expect(score("\\boxed{71}")).toMatchObject({ status: "incorrect", extracted: "71" });
    expect(score("\\boxed{\\frac{140}{2}}")).toMatchObject({ status: "incorrect", rule: "boxed-not-integer" });
    expect(score("\\boxed{1070}")).toMatchObject({ status: "incorrect", rule: "boxed-out-of-range" });
    expect(score("\\boxed{0}", "0")).toMatchObject({ status: "correct" });
  });

  it("is registered under its id", async () => {
    expect((await createScorer("boxed-integer", { min: 0, max: 999 })).id).toBe("boxed-integer");
  });
});
