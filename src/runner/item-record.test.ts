import { describe, expect, it } from "vitest";
import type { GenerateResult } from "../spec/adapter.js";
import type { SuiteItem } from "../spec/item.js";
import { STATE_NOT_STORED } from "../spec/record.js";
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

describe("storage caps on agent records", () => {
  const task: SuiteItem = { id: "t1#1", index: 0, subject: "retail", fields: {}, target: "", trial: 1 };
  const huge = "가".repeat(2_000_000);

  it("cut every string of the trajectory (replies, tool results, call arguments) to the cap and flag the record", () => {
    const agent = {
      trajectory: [
        { role: "assistant" as const, content: huge, toolCalls: [{ id: "c1", name: "echo", arguments: huge }] },
        { role: "tool" as const, content: huge, toolCallId: "c1", name: "echo" },
        { role: "assistant" as const, content: "끝" },
      ],
      calls: [{ id: "c1", name: "echo", arguments: huge }],
      malformedCalls: 0,
      toolErrors: 0,
      turns: 2,
      stop: "answer" as const,
    };
    const record = answeredRecord(task, "h", { ...result, text: "끝" }, { status: "correct", rule: "end-state", score: 1 }, 100_000, {
      agent,
    });
    const stored = JSON.stringify(record);
    expect(stored.length).toBeLessThan(400_000);
    expect(record.truncated).toBe(true);
    expect(record.agent!.trajectory.map((message) => message.content.length)).toEqual([100_000, 100_000, 1]);
    expect(record.agent!.trajectory[0]!.toolCalls![0]!.arguments).toHaveLength(100_000);
    // The loop's own outcome (what the scorer saw) is left whole.
    expect(agent.trajectory[0]!.content).toHaveLength(2_000_000);
  });

  it("store a marker in place of a final state over 1 MB of JSON, and keep a small one whole", () => {
    const base = { trajectory: [], calls: [], malformedCalls: 0, toolErrors: 0, turns: 1, stop: "answer" as const };
    const big = answeredRecord(task, "h", result, { status: "correct", rule: "end-state" }, 100_000, {
      agent: { ...base, finalState: { rows: Array.from({ length: 50_000 }, (_, index) => ({ index, note: "x".repeat(40) })) } },
    });
    expect(Object.keys(big.agent!.finalState!)).toEqual([STATE_NOT_STORED]);
    expect(String(big.agent!.finalState![STATE_NOT_STORED])).toMatch(/over the 1000000-character storage cap/);
    expect(big.truncated).toBe(true);
    expect(JSON.stringify(big).length).toBeLessThan(10_000);
    const small = answeredRecord(task, "h", result, { status: "correct", rule: "end-state" }, 100_000, {
      agent: { ...base, finalState: { balance: 10 } },
    });
    expect(small.agent!.finalState).toEqual({ balance: 10 });
    expect(small.truncated).toBeUndefined();
  });
});
