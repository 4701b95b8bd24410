import { describe, expect, it } from "vitest";
import { stripReasoning } from "./reasoning.js";

describe("stripReasoning", () => {
  it("moves closed think blocks to the reasoning", () => {
    expect(stripReasoning("<think>A? B?</think>정답: C")).toEqual({ answer: "정답: C", reasoning: "A? B?" });
    expect(stripReasoning("<thinking>\nLet me check.\n</thinking>\n\nThe answer is B.")).toEqual({
      answer: "The answer is B.",
      reasoning: "Let me check.",
    });
  });

  it("removes every block, wherever it is, and keeps their order", () => {
    expect(stripReasoning("서론.<think>one</think> 본론 <THINK>two</THINK>\n결론: B")).toEqual({
      answer: "서론.\n 본론 \n\n결론: B",
      reasoning: "one\n\ntwo",
    });
  });

  it("treats an unclosed leading block as all reasoning and no answer", () => {
    expect(stripReasoning("<think>still thinking... 정답: B")).toEqual({ answer: "", reasoning: "still thinking... 정답: B" });
  });

  it("keeps the text before an unclosed block that starts later", () => {
    expect(stripReasoning("정답: B\n<think>let me double-check")).toEqual({ answer: "정답: B", reasoning: "let me double-check" });
  });

  it("handles a reply whose opening tag was in the prompt", () => {
    expect(stripReasoning("reasoning here</think>\nB")).toEqual({ answer: "B", reasoning: "reasoning here" });
  });

  it("leaves a reply without tags alone", () => {
    expect(stripReasoning("  정답: A  ")).toEqual({ answer: "정답: A", reasoning: "" });
  });
});
