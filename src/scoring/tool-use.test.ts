import { describe, expect, it } from "vitest";
import type { AgentOutcome, AgenticTask } from "../spec/agentic.js";
import type { ToolCall, ToolDefinition } from "../spec/adapter.js";
import type { SuiteItem } from "../spec/item.js";
import { matchCall, matchCalls, parseArguments, valuesMatch } from "./call-match.js";
import { endState, sameState, stateDifferences } from "./end-state.js";
import { decisionOf, toolCall } from "./tool-call.js";

const weather: ToolDefinition = {
  name: "get_weather",
  parameters: {
    type: "object",
    properties: {
      city: { type: "string" },
      days: { type: "integer" },
      unit: { type: "string", default: "celsius" },
      hourly: { type: "boolean" },
    },
    required: ["city"],
  },
};
const time: ToolDefinition = {
  name: "get_time",
  parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
};
const tools = [weather, time];
const options = { strings: "normalized" as const, tools };
const made = (name: string, args: unknown, id = "c1"): ToolCall => ({
  id,
  name,
  arguments: typeof args === "string" ? args : JSON.stringify(args),
});

describe("valuesMatch: coercions a fair grader allows", () => {
  it.each([
    ["3", 3, true],
    [3.0, 3, true],
    ["1,200", 1200, true],
    ["3.5", 3, false],
    ["true", true, true],
    ["yes", true, false],
    ["Seoul ", "seoul", true],
    ["New-York", "new york", true],
    ["서울", "서울특별시", false],
    [[1, 2], [1, 2], true],
    [[2, 1], [1, 2], false],
    [{ a: "X" }, { a: "x" }, true],
    [{ a: 1, b: 2 }, { a: 1 }, false],
    [null, null, true],
  ])("%j against %j -> %s", (sent, reference, expected) => {
    expect(valuesMatch(sent, reference, "normalized")).toBe(expected);
  });

  it("compares exactly when asked", () => {
    expect(valuesMatch("Seoul", "seoul", "exact")).toBe(false);
    expect(valuesMatch("서울", "서울", "exact")).toBe(true);
  });
});

describe("matchCall (BFCL's AST rules)", () => {
  const expected = { name: "get_weather", arguments: { city: "서울", days: 3 } };
  it.each([
    ["the reference call", made("get_weather", { city: "서울", days: 3 }), true, []],
    ["a numeric string for an integer", made("get_weather", { city: "서울", days: "3" }), true, []],
    ["the optional argument at its default", made("get_weather", { city: "서울", days: 3, unit: "celsius" }), true, []],
    [
      "an extra argument the reference lacks",
      made("get_weather", { city: "서울", days: 3, hourly: true }),
      false,
      ["get_weather: unexpected argument hourly"],
    ],
    ["a missing argument", made("get_weather", { city: "서울" }), false, ["get_weather: missing argument days"]],
    ["a wrong value", made("get_weather", { city: "부산", days: 3 }), false, ['get_weather: city is "부산", expected "서울"']],
    ["another function", made("get_time", { location: "서울" }), false, ["called get_time, expected get_weather"]],
    [
      "arguments that are not JSON",
      made("get_weather", '{"city": "서울", "days": 3'),
      false,
      ["get_weather: arguments are not valid JSON"],
    ],
  ])("%s", (_label, call, ok, mismatches) => {
    const result = matchCall(call, expected, options);
    expect(result.ok).toBe(ok);
    expect(result.mismatches).toEqual(mismatches);
  });

  it("accepts a published alternative value (FunctionChat's acceptable arguments)", () => {
    const reference = {
      name: "get_time",
      arguments: { location: "자카르타" },
      acceptable: { location: ["Jakarta", "자카르타, 인도네시아"] },
    };
    expect(matchCall(made("get_time", { location: "Jakarta" }), reference, options).ok).toBe(true);
    expect(matchCall(made("get_time", { location: "자카르타, 인도네시아" }), reference, options).ok).toBe(true);
    expect(matchCall(made("get_time", { location: "Bangkok" }), reference, options).ok).toBe(false);
  });

  it("lets an optional argument be left out when the reference gives its default", () => {
    expect(
      matchCall(made("get_weather", { city: "서울" }), { name: "get_weather", arguments: { city: "서울", unit: "celsius" } }, options).ok,
    ).toBe(true);
  });

  it("reads empty argument text as no arguments", () => {
    expect(parseArguments("")).toEqual({ value: {} });
    expect(parseArguments("[1]").error).toBe("arguments are not a JSON object");
  });
});

describe("matchCalls: parallel calls in any order", () => {
  const expected = [
    { name: "get_weather", arguments: { city: "서울" } },
    { name: "get_weather", arguments: { city: "부산" } },
    { name: "get_time", arguments: { location: "서울" } },
  ];
  it("pairs calls one-to-one regardless of order", () => {
    const calls = [
      made("get_time", { location: "서울" }, "a"),
      made("get_weather", { city: "부산" }, "b"),
      made("get_weather", { city: "서울" }, "c"),
    ];
    expect(matchCalls(calls, expected, options)).toEqual({ ok: true, mismatches: [] });
  });
  it("fails a duplicate that leaves an expected call unmatched", () => {
    const calls = [made("get_time", { location: "서울" }), made("get_weather", { city: "서울" }), made("get_weather", { city: "서울" })];
    expect(matchCalls(calls, expected, options).ok).toBe(false);
  });
  it("fails on a different number of calls and says so", () => {
    const result = matchCalls([made("get_time", { location: "서울" })], expected, options);
    expect(result.ok).toBe(false);
    expect(result.mismatches[0]).toMatch(/made 1 call\(s\) \(get_time\), expected 3/);
  });
});

function taskItem(task: Partial<AgenticTask> & Pick<AgenticTask, "expected">): SuiteItem {
  return {
    id: "t1",
    index: 0,
    subject: "s",
    fields: {},
    target: "x",
    task: { id: "t1", messages: [{ role: "user", content: "q" }], tools, ...task },
  };
}

describe("tool-call scorer: labelled single-step turns", () => {
  const scorer = toolCall.create(toolCall.parseArgs({}));
  const callTurn = taskItem({ expected: { decision: "call", calls: [{ name: "get_time", arguments: { location: "서울" } }] } });
  const slotTurn = taskItem({ expected: { decision: "ask", reply: "어느 도시의 날씨를 알려드릴까요?" } });
  const relevanceTurn = taskItem({ expected: { decision: "answer" } });

  it.each([
    ["right call", callTurn, "", [made("get_time", { location: "서울" })], "correct", "call-match"],
    ["wrong argument", callTurn, "", [made("get_time", { location: "부산" })], "incorrect", "call-mismatch"],
    ["answered instead of calling", callTurn, "서울은 지금 오후 3시입니다.", [], "incorrect", "no-call"],
    ["empty reply", callTurn, "", [], "no-answer", "empty-reply"],
    ["asked for the missing slot", slotTurn, "어느 도시의 날씨가 궁금하신가요?", [], "correct", "no-call"],
    ["called with a made-up slot", slotTurn, "", [made("get_weather", { city: "서울" })], "incorrect", "called-when-not-expected"],
    ["declined an unrelated request", relevanceTurn, "죄송하지만 항공권 예약 기능은 없습니다.", [], "correct", "no-call"],
    [
      "called for an unrelated request",
      relevanceTurn,
      "",
      [made("get_time", { location: "서울" })],
      "incorrect",
      "called-when-not-expected",
    ],
  ])("%s", (_label, item, text, toolCalls, status, rule) => {
    const result = scorer.score({ item, text, toolCalls });
    expect(result.status).toBe(status);
    expect(result.rule).toBe(rule);
    expect(result.details?.toolUse?.expected).toBe(item.task!.expected.decision);
  });

  it("names the reply's decision: call, a question, or an answer", () => {
    expect(decisionOf("", 1)).toBe("call");
    expect(decisionOf("어느 날짜로 예약할까요?", 0)).toBe("ask");
    expect(decisionOf("성함과 이메일 주소를 알려주시겠어요", 0)).toBe("ask");
    expect(decisionOf("예약이 완료되었습니다.", 0)).toBe("answer");
  });

  it("rejects unknown arguments", () => {
    expect(() => toolCall.parseArgs({ strings: "fuzzy" })).toThrow(/scorer.args.strings/);
  });
});

describe("end-state scorer: labelled trajectories", () => {
  const scorer = endState.create(endState.parseArgs({}));
  const strict = endState.create(endState.parseArgs({ require_solution_calls: true }));
  const item = taskItem({
    expected: { decision: "call", state: { accounts: { a: { balance: 50 } }, log: [{ to: "b" }, { to: "c" }] } },
    solution: [
      { name: "transfer", arguments: { to: "b" } },
      { name: "transfer", arguments: { to: "c" } },
    ],
  });
  const outcome = (finalState: Record<string, unknown>, calls: ToolCall[] = [], stop: AgentOutcome["stop"] = "answer"): AgentOutcome => ({
    trajectory: [],
    calls,
    malformedCalls: 0,
    toolErrors: 0,
    turns: 2,
    stop,
    finalState,
  });

  it("passes a final state that holds what the task expects, lists in any order, other keys ignored", () => {
    const result = scorer.score({
      item,
      text: "done",
      agent: outcome({ accounts: { a: { balance: 50, owner: "me" } }, log: [{ to: "c" }, { to: "b" }], other: 1 }),
    });
    expect(result).toMatchObject({ status: "correct", rule: "end-state" });
  });

  it("fails a wrong balance and names the path", () => {
    const result = scorer.score({
      item,
      text: "done",
      agent: outcome({ accounts: { a: { balance: 40 } }, log: [{ to: "b" }, { to: "c" }] }),
    });
    expect(result.status).toBe("incorrect");
    expect(result.rule).toBe("state-mismatch");
    expect(result.details?.toolUse?.mismatches).toEqual(["state.accounts.a.balance is 40, expected 50"]);
  });

  it("says when a limit ended the loop", () => {
    expect(scorer.score({ item, text: "", agent: outcome({}, [], "turns") }).rule).toBe("limit:turns");
  });

  it("with limit_stop_fails, a conversation a limit cut off scores 0 even with the right state (tau2's evaluator); the agent's or the user's end is graded", () => {
    const state = { accounts: { a: { balance: 50 } }, log: [{ to: "b" }, { to: "c" }] };
    const tau2 = endState.create(endState.parseArgs({ limit_stop_fails: true }));
    for (const stop of ["turns", "tool-calls", "time"] as const) {
      const result = tau2.score({ item, text: "", agent: outcome(state, [], stop) });
      expect(result).toMatchObject({ status: "incorrect", rule: `limit:${stop}` });
      expect(result.details?.toolUse?.mismatches?.[0]).toMatch(/cut off by the .* limit/);
    }
    for (const stop of ["answer", "user-stop", "user-transfer"] as const)
      expect(tau2.score({ item, text: "", agent: outcome(state, [], stop) }).status).toBe("correct");
    // Without it, the state decides whatever stopped the loop.
    expect(scorer.score({ item, text: "", agent: outcome(state, [], "turns") }).status).toBe("correct");
  });

  it("can also require the solution's calls", () => {
    const state = { accounts: { a: { balance: 50 } }, log: [{ to: "b" }, { to: "c" }] };
    expect(strict.score({ item, text: "", agent: outcome(state, [made("transfer", { to: "b" })]) }).status).toBe("incorrect");
    expect(
      strict.score({ item, text: "", agent: outcome(state, [made("transfer", { to: "c" }), made("transfer", { to: "b" })]) }).status,
    ).toBe("correct");
  });

  it("compares nested lists as multisets and distinguishes 1 from '1'", () => {
    expect(sameState([{ items: [1, 2] }], [{ items: [2, 1] }])).toBe(true);
    expect(sameState([1, 1, 2], [1, 2, 2])).toBe(false);
    expect(sameState({ n: "1" }, { n: 1 })).toBe(false);
    expect(stateDifferences({ a: 1 }, { b: 2 })).toEqual(["state.b is missing, expected 2"]);
  });
});
