import { describe, expect, it } from "vitest";
import type { ChatAdapterV1, GenerateRequest, GenerateResult, ToolCall } from "../spec/adapter.js";
import type { AgenticTask, EnvironmentFactory } from "../spec/agentic.js";
import { ApiCallError } from "../spec/errors.js";
import { runAgentLoop } from "./agent-loop.js";
import { recordedEnvironment } from "./recorded-environment.js";
import { checkToolCall } from "./tool-arguments.js";

const tools = [
  {
    name: "deposit",
    parameters: {
      type: "object",
      properties: { amount: { type: "integer", minimum: 1 } },
      required: ["amount"],
      additionalProperties: false,
    },
  },
  { name: "balance", parameters: { type: "object", properties: {} } },
];

const task: AgenticTask = {
  id: "bank",
  messages: [{ role: "user", content: "10원 입금해줘" }],
  tools,
  state: { balance: 0 },
  expected: { decision: "call", state: { balance: 10 } },
};

/** A bank with one account: deposit adds, balance reads; a deposit over 100 is refused by the tool. */
const bank: EnvironmentFactory = (given) => {
  const state = structuredClone(given.state ?? {}) as { balance: number };
  return {
    call(name, args) {
      if (name === "balance") return { balance: state.balance };
      if ((args.amount as number) > 100) throw new Error("한도 초과");
      state.balance += args.amount as number;
      return { ok: true };
    },
    state: () => state,
  };
};

const reply = (text: string, toolCalls: ToolCall[] = []): GenerateResult => ({
  text,
  ...(toolCalls.length ? { toolCalls } : {}),
  usage: { inputTokens: 5, outputTokens: 2 },
  latencyMs: 3,
  attempts: 1,
  warnings: [],
});
const call = (name: string, args: string, id = name): ToolCall => ({ id, name, arguments: args });

/** Plays a script of replies and keeps every request it saw. */
function scripted(replies: GenerateResult[]): ChatAdapterV1 & { requests: GenerateRequest[] } {
  const requests: GenerateRequest[] = [];
  return {
    specificationVersion: "v1",
    adapterId: "script",
    modelId: "script",
    publicSettings: {},
    requests,
    async doGenerate(request) {
      requests.push(structuredClone(request));
      const next = replies.shift();
      if (!next) throw new Error("script ran out");
      return next;
    },
  };
}

const limits = { turns: 8, toolCalls: 8, seconds: 60 };
const run = (adapter: ChatAdapterV1, overrides: Partial<Parameters<typeof runAgentLoop>[0]> = {}) =>
  runAgentLoop({ adapter, task, messages: task.messages, tools, settings: {}, limits, environment: bank, itemId: "bank#1", ...overrides });

describe("runAgentLoop", () => {
  it("runs calls against the environment, feeds results back, and stops on the final answer", async () => {
    const adapter = scripted([
      reply("", [call("deposit", '{"amount": 10}', "c1")]),
      reply("", [call("balance", "{}", "c2")]),
      reply("입금했습니다. 잔액은 10원입니다."),
    ]);
    const { outcome, last, usage, latencyMs, attempts } = await run(adapter);
    expect(outcome).toMatchObject({ stop: "answer", turns: 3, malformedCalls: 0, toolErrors: 0, finalState: { balance: 10 } });
    expect(outcome.calls.map((entry) => entry.name)).toEqual(["deposit", "balance"]);
    expect(outcome.trajectory.map((message) => message.role)).toEqual(["assistant", "tool", "assistant", "tool", "assistant"]);
    expect(outcome.trajectory[3]).toEqual({ role: "tool", content: '{"balance":10}', toolCallId: "c2", name: "balance" });
    expect(last.text).toBe("입금했습니다. 잔액은 10원입니다.");
    expect(usage).toEqual({ inputTokens: 15, outputTokens: 6 });
    expect([latencyMs, attempts]).toEqual([9, 3]);
    // Each request carries the tools and the whole conversation so far.
    expect(adapter.requests[2]!.tools).toEqual(tools);
    expect(adapter.requests[2]!.messages).toHaveLength(5);
  });

  it.each([
    ["invalid JSON", call("deposit", '{"amount": 10'), /not valid JSON/],
    ["an unknown tool", call("withdraw", '{"amount": 10}'), /unknown tool "withdraw"; available: deposit, balance/],
    ["arguments failing the schema", call("deposit", '{"amount": "ten"}'), /do not match its schema: amount must be integer/],
    ["an argument the schema forbids", call("deposit", '{"amount": 1, "note": "x"}'), /must NOT have additional properties/],
  ])("sends %s back to the model as a tool error and counts it", async (_label, bad, message) => {
    const adapter = scripted([reply("", [bad]), reply("", [call("deposit", '{"amount": 10}')]), reply("완료")]);
    const { outcome } = await run(adapter);
    expect(outcome.malformedCalls).toBe(1);
    expect(outcome.finalState).toEqual({ balance: 10 });
    const error = JSON.parse(outcome.trajectory[1]!.content) as { error: string };
    expect(error.error).toMatch(message);
  });

  it("returns an error a tool throws to the model and counts it apart from malformed calls", async () => {
    const adapter = scripted([reply("", [call("deposit", '{"amount": 500}')]), reply("한도를 넘어 입금하지 못했습니다.")]);
    const { outcome } = await run(adapter);
    expect(outcome).toMatchObject({ toolErrors: 1, malformedCalls: 0, finalState: { balance: 0 }, stop: "answer" });
    expect(outcome.trajectory[1]!.content).toBe('{"error":"한도 초과"}');
  });

  it("stops at the turn limit", async () => {
    const adapter = scripted(Array.from({ length: 10 }, (_, index) => reply("", [call("balance", "{}", `c${index}`)])));
    const { outcome } = await run(adapter, { limits: { ...limits, turns: 3 } });
    expect(outcome).toMatchObject({ stop: "turns", turns: 3 });
    expect(adapter.requests).toHaveLength(3);
  });

  it("stops at the tool-call limit, mid-reply when parallel calls cross it", async () => {
    const adapter = scripted([reply("", [call("balance", "{}", "a"), call("balance", "{}", "b"), call("balance", "{}", "c")])]);
    const { outcome } = await run(adapter, { limits: { ...limits, toolCalls: 2 } });
    expect(outcome).toMatchObject({ stop: "tool-calls", turns: 1 });
    expect(outcome.calls).toHaveLength(2);
  });

  it("stops at the time limit between turns", async () => {
    let clock = 0;
    const adapter = scripted([reply("", [call("balance", "{}")]), reply("", [call("balance", "{}")]), reply("끝")]);
    const { outcome } = await run(adapter, { limits: { ...limits, seconds: 1 }, now: () => (clock += 600) });
    expect(outcome.stop).toBe("time");
  });

  it("ends the task as a time limit when a model call runs past limits.seconds (the request is cancelled, no hang)", async () => {
    let cancelled = false;
    const adapter: ChatAdapterV1 = {
      ...scripted([]),
      doGenerate: (_request, callOptions) =>
        new Promise<GenerateResult>((_resolve, reject) => {
          callOptions?.signal?.addEventListener("abort", () => {
            cancelled = true;
            reject(new Error("cancelled"));
          });
        }),
    };
    const { outcome, last } = await run(adapter, { limits: { ...limits, seconds: 0.2 } });
    expect(outcome).toMatchObject({ stop: "time", turns: 0, trajectory: [] });
    expect(last.text).toBe("");
    expect(cancelled).toBe(true);
  });

  it("ends the task as a time limit when a model call ignores the cancel and never settles", async () => {
    const adapter: ChatAdapterV1 = { ...scripted([]), doGenerate: () => new Promise<GenerateResult>(() => undefined) };
    const { outcome } = await run(adapter, { limits: { ...limits, seconds: 0.2 } });
    expect(outcome.stop).toBe("time");
  });

  it("awaits an environment call that returns a Promise (its value is the tool result, a rejection a tool error)", async () => {
    const slowBank: EnvironmentFactory = (given) => {
      const inner = bank(given);
      return {
        call: async (name, args) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return inner.call(name, args);
        },
        state: () => inner.state(),
      };
    };
    const adapter = scripted([
      reply("", [call("deposit", '{"amount": 500}', "c0")]),
      reply("", [call("deposit", '{"amount": 10}', "c1")]),
      reply("", [call("balance", "{}", "c2")]),
      reply("끝"),
    ]);
    const { outcome } = await run(adapter, { environment: slowBank });
    expect(outcome.trajectory[1]!.content).toBe('{"error":"한도 초과"}');
    expect(outcome.trajectory[3]!.content).toBe('{"ok":true}');
    expect(outcome.trajectory[5]!.content).toBe('{"balance":10}');
    expect(outcome).toMatchObject({ stop: "answer", toolErrors: 1, finalState: { balance: 10 } });
  });

  it("ends the task as a time limit when an environment call's Promise never settles", async () => {
    const stuck: EnvironmentFactory = () => ({ call: () => new Promise(() => undefined), state: () => ({ balance: 0 }) });
    const adapter = scripted([reply("", [call("balance", "{}", "c1")]), reply("끝")]);
    const { outcome } = await run(adapter, { environment: stuck, limits: { ...limits, seconds: 0.2 } });
    expect(outcome).toMatchObject({ stop: "time", turns: 1 });
    expect(outcome.trajectory[1]!.content).toMatch(/did not answer within the task's time limit/);
  });

  it("sends the scripted follow-up user turns after each answer", async () => {
    const adapter = scripted([reply("얼마를 입금할까요?"), reply("", [call("deposit", '{"amount": 10}')]), reply("완료")]);
    const { outcome } = await run(adapter, { task: { ...task, followUps: ["10원이요"] } });
    expect(outcome.trajectory.map((message) => `${message.role}:${message.content}`).slice(0, 2)).toEqual([
      "assistant:얼마를 입금할까요?",
      "user:10원이요",
    ]);
    expect(outcome).toMatchObject({ stop: "answer", finalState: { balance: 10 } });
  });

  it("lets an endpoint error propagate, so the item is recorded as an error and redone on resume", async () => {
    const adapter: ChatAdapterV1 = {
      ...scripted([]),
      doGenerate: async () => Promise.reject(new ApiCallError("boom", { url: "http://x", status: 500 })),
    };
    await expect(run(adapter)).rejects.toThrow("boom");
  });
});

describe("recordedEnvironment", () => {
  it("answers a call from the task's recorded results, whatever the key order, and refuses others", () => {
    const environment = recordedEnvironment({
      ...task,
      recorded: [{ name: "balance", arguments: { a: 1, b: 2 }, result: { balance: 7 } }],
    });
    expect(environment.call("balance", { b: 2, a: 1 })).toEqual({ balance: 7 });
    expect(() => environment.call("balance", { a: 2 })).toThrow(/no result is recorded for balance/);
    expect(environment.state()).toEqual({ balance: 0 });
  });
});

describe("checkToolCall", () => {
  it("accepts empty argument text for a tool without parameters", () => {
    expect(checkToolCall(call("balance", ""), tools)).toEqual({ ok: true, args: {} });
  });
});
