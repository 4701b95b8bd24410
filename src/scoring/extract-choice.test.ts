import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractChoice } from "./extract-choice.js";
import { stripReasoning } from "./reasoning.js";

interface LabelledReply {
  reply: string;
  expected: string | null;
  rule?: string;
  choiceTexts?: string[];
}

const table = readFileSync(new URL("./__fixtures__/multiple-choice-replies.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as LabelledReply);

describe("extractChoice on labelled replies", () => {
  it("has a table of at least 100 varied replies", () => {
    expect(table.length).toBeGreaterThanOrEqual(100);
    expect(table.filter((row) => row.expected === null).length).toBeGreaterThanOrEqual(15);
  });

  it.each(table.map((row, index) => [index, row] as const))("reply %i", (_index, row) => {
    const { answer } = stripReasoning(row.reply);
    const result = extractChoice(answer, row.choiceTexts ? { choiceTexts: row.choiceTexts } : {});
    expect({ reply: row.reply, answer: result.answer ?? null }).toEqual({ reply: row.reply, answer: row.expected });
    if (row.rule) expect({ reply: row.reply, rule: result.rule }).toEqual({ reply: row.reply, rule: row.rule });
  });
});

describe("extractChoice rules", () => {
  it("maps numbers and circled digits to letters by position", () => {
    expect(extractChoice("정답: 1").answer).toBe("A");
    expect(extractChoice("정답: ④").answer).toBe("D");
    expect(extractChoice("정답: 5").answer).toBeUndefined();
    expect(extractChoice("정답: 5", { choices: ["A", "B", "C", "D", "E"] }).answer).toBe("E");
  });

  it("never reads the English article as option A", () => {
    expect(extractChoice("A reasonable reading of the statute favours the defendant.").answer).toBeUndefined();
    expect(extractChoice("The answer is a matter of interpretation.").answer).toBeUndefined();
  });

  it("lets the last explicit answer win over letters mentioned in passing", () => {
    expect(extractChoice("A도 B도 아닌 것 같고 D는 범위 밖이다. 정답: C").answer).toBe("C");
  });

  it("keeps the rule that decided", () => {
    expect(extractChoice("\\boxed{B}").rule).toBe("boxed");
    expect(extractChoice("").rule).toBe("empty");
    expect(extractChoice("정답: A 또는 B")).toEqual({ rule: "ambiguous" });
  });
});

describe("stripReasoning", () => {
  it("moves closed think blocks to the reasoning", () => {
    expect(stripReasoning("<think>A? B?</think>정답: C")).toEqual({ answer: "정답: C", reasoning: "A? B?" });
  });
  it("treats an unclosed block as reasoning with no answer", () => {
    expect(stripReasoning("<think>still thinking... 정답: B")).toEqual({ answer: "", reasoning: "still thinking... 정답: B" });
  });
  it("handles a reply whose opening tag the server dropped", () => {
    expect(stripReasoning("reasoning here</think>\nB")).toEqual({ answer: "B", reasoning: "reasoning here" });
  });
});
