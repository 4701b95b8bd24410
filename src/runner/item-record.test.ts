import { describe, expect, it } from "vitest";
import type { GenerateResult } from "../spec/adapter.js";
import type { SuiteItem } from "../spec/item.js";
import { answeredRecord, errorRecord } from "./item-record.js";

const item: SuiteItem = {
  id: "Accounting-test:0",
  index: 0,
  subject: "Accounting",
  supercategory: "HUMSS",
  fields: {},
  choices: ["1", "2", "3", "4"],
  target: "B",
};
const result: GenerateResult = {
  text: "정답: D",
  reasoning: "선택지를 하나씩 확인한다.",
  usage: { inputTokens: 118, outputTokens: 49 },
  latencyMs: 36.6,
  attempts: 1,
  warnings: [],
};

// Records are appended as JSON lines; a resumed or re-scored run must write its fields in the same order.
describe("item records", () => {
  it("write an answered item's fields in the log's order", () => {
    const record = answeredRecord(item, "4117012574f2f6ea", result, { status: "incorrect", extracted: "D", rule: "korean-answer" });
    expect(Object.keys(record)).toEqual([
      "v",
      "id",
      "index",
      "subject",
      "target",
      "promptHash",
      "time",
      "supercategory",
      "status",
      "rule",
      "reply",
      "extracted",
      "reasoning",
      "usage",
      "latencyMs",
      "attempts",
    ]);
    expect(record).toMatchObject({ status: "incorrect", extracted: "D", reply: "정답: D", latencyMs: 37 });
    expect(Date.parse(record.time)).not.toBeNaN();
  });

  it("put a trial's task and number before the status, and a cut reply's flag after the reasoning", () => {
    const trial: SuiteItem = { id: "t1#2", index: 3, subject: "retail", fields: {}, target: "", trial: 2 };
    const record = answeredRecord(trial, "h", { ...result, text: "x".repeat(20) }, { status: "correct", rule: "end-state", score: 1 }, 10);
    expect(Object.keys(record)).toEqual([
      "v",
      "id",
      "index",
      "subject",
      "target",
      "promptHash",
      "time",
      "task",
      "trial",
      "status",
      "rule",
      "reply",
      "reasoning",
      "truncated",
      "score",
      "usage",
      "latencyMs",
      "attempts",
    ]);
    // A repeated sample's task is its item: the id without `#<trial>`.
    expect(record).toMatchObject({ task: "t1", trial: 2, reply: "x".repeat(10), truncated: true });
  });

  it("keep an error after the status", () => {
    const record = errorRecord(item, "h", new Error("boom"));
    expect(Object.keys(record)).toEqual([
      "v",
      "id",
      "index",
      "subject",
      "target",
      "promptHash",
      "time",
      "supercategory",
      "status",
      "error",
    ]);
    expect(record.error).toEqual({ code: "internal", message: "boom" });
  });
});
