import { describe, expect, it } from "vitest";
import type { ChatAdapterV1, GenerateRequest, GenerateResult, ToolCall } from "../spec/adapter.js";
import type { AgenticTask, DualControlEnvironment, EnvironmentFactory } from "../spec/agentic.js";
import { runDualControlLoop } from "./dual-control-loop.js";
import { userStop } from "./simulated-user.js";

const agentTools = [{ name: "enable_roaming", parameters: { type: "object", properties: {} } }];
const userTools = [
  { name: "toggle_roaming", parameters: { type: "object", properties: {} } },
  { name: "check_status_bar", parameters: { type: "object", properties: {} } },
];

const task: AgenticTask = {
  id: "roaming",
  messages: [{ role: "assistant", content: "Hi! How can I help you today?" }],
  tools: agentTools,
  user: { scenario: "You are abroad and your data does not work." },
  expected: { decision: "call", state: { works: true } },
};

/** Roaming works when the line allows it (the agent's side) and the phone has it on (the user's side). */
const world: EnvironmentFactory = (given): DualControlEnvironment => {
  const state = { lineRoaming: false, phoneRoaming: false };
  return {
    call(name) {
      if (name !== "enable_roaming") throw new Error(`Tool '${name}' not found.`);
      state.lineRoaming = true;
      return "Roaming enabled successfully";
    },
    state: () => ({ ...state, works: state.lineRoaming && state.phoneRoaming }),
    user: {
      tools: userTools,
      system: `guidelines\n<scenario>\n${given.user!.scenario}\n</scenario>`,
      call(name) {
        if (name === "check_status_bar") return state.phoneRoaming ? "Roaming" : "No data";
        state.phoneRoaming = !state.phoneRoaming;
        return `Data Roaming is now ${state.phoneRoaming ? "ON" : "OFF"}.`;
      },
    },
  };
};

const reply = (text: string, toolCalls: ToolCall[] = [], tokens = 5): GenerateResult => ({
  text,
  ...(toolCalls.length ? { toolCalls } : {}),
  usage: { inputTokens: tokens, outputTokens: 1 },
  latencyMs: 2,
  attempts: 1,
  warnings: [],
});
const call = (name: string, id = name): ToolCall => ({ id, name, arguments: "{}" });

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

const limits = { turns: 10, toolCalls: 10, seconds: 60 };
const run = (agent: ChatAdapterV1, user: ChatAdapterV1, overrides: Partial<Parameters<typeof runDualControlLoop>[0]> = {}) =>
  runDualControlLoop({
    adapter: agent,
    user: { adapter: user, settings: { temperature: 0 } },
    task,
    messages: [{ role: "system", content: "policy" }, ...task.messages],
    tools: agentTools,
    settings: {},
    limits,
    environment: world,
    itemId: "roaming#1",
    ...overrides,
  });

describe("runDualControlLoop", () => {
  it("takes turns: the user opens, each side's calls act on its own side, and the user's ###STOP### ends it", async () => {
    const agent = scripted([
      reply("", [call("enable_roaming", "a1")]),
      reply("Roaming is on for your line. Please turn data roaming on in your phone's settings."),
      reply("Glad to help."),
    ]);
    const user = scripted([
      reply("My data does not work abroad.", [], 50),
      reply("", [call("toggle_roaming", "u1")], 50),
      reply("Done, roaming is on.", [], 50),
      reply("Thanks! ###STOP###", [], 50),
    ]);
    const { outcome, usage } = await run(agent, user);
    expect(outcome.stop).toBe("user-stop");
    expect(outcome.finalState).toEqual({ lineRoaming: true, phoneRoaming: true, works: true });
    // The agent's view: user turns, its own call and result; the user's call is not in it.
    expect(outcome.trajectory.map((message) => `${message.role}:${message.toolCalls?.[0]?.name ?? message.content}`)).toEqual([
      "user:My data does not work abroad.",
      "assistant:enable_roaming",
      "tool:Roaming enabled successfully",
      "assistant:Roaming is on for your line. Please turn data roaming on in your phone's settings.",
      "user:Done, roaming is on.",
      "assistant:Glad to help.",
      "user:Thanks! ###STOP###",
    ]);
    expect(outcome.calls.map((made) => made.name)).toEqual(["enable_roaming"]);
    expect(outcome.user!.calls.map((made) => made.name)).toEqual(["toggle_roaming"]);
    // The user sees the conversation with roles flipped, behind its own system prompt, with its own tools.
    const first = user.requests[0]!;
    expect(first.messages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(first.messages[0]!.content).toContain("<scenario>\nYou are abroad");
    expect(first.messages[1]!.content).toBe("Hi! How can I help you today?");
    expect(first.tools?.map((tool) => tool.name)).toEqual(["toggle_roaming", "check_status_bar"]);
    expect(user.requests[2]!.messages.at(-1)).toMatchObject({ role: "tool", content: "Data Roaming is now ON." });
    // Both sides send the item id; tokens are counted apart.
    expect(new Set([...agent.requests, ...user.requests].map((request) => request.itemId))).toEqual(new Set(["roaming#1"]));
    expect(usage).toEqual({ inputTokens: 15, outputTokens: 3 });
    expect(outcome.user!.usage).toEqual({ inputTokens: 200, outputTokens: 4 });
    expect(outcome.user!.turns).toBe(4);
  });

  it("ends on ###TRANSFER### and ###OUT-OF-SCOPE### too, and only on the official tokens", async () => {
    expect([userStop("ok ###TRANSFER###"), userStop("###OUT-OF-SCOPE###"), userStop("STOP"), userStop("# STOP #")]).toEqual([
      "user-transfer",
      "user-out-of-scope",
      undefined,
      undefined,
    ]);
    const { outcome } = await run(scripted([reply("I will transfer you.")]), scripted([reply("Help!"), reply("###TRANSFER###")]));
    expect(outcome.stop).toBe("user-transfer");
    expect(outcome.turns).toBe(1);
  });

  it("counts steps and tool errors as tau2's orchestrator does (max_steps, max_errors)", async () => {
    const chatty = () => scripted(Array.from({ length: 20 }, () => reply("Tell me more.")));
    // user, agent, user, agent, user: the fifth message is the fifth step.
    const bySteps = await run(chatty(), chatty(), { limits: { ...limits, turns: 50, steps: 5 } });
    expect(bySteps.outcome.stop).toBe("steps");
    expect(bySteps.outcome.trajectory.map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    // A step limit reached on a message with tool calls waits for the results (no check while they are due):
    // user (1), agent call (2), its result (3) ends it at 3, after the tool ran.
    const caller = scripted([reply("", [call("enable_roaming", "a1")]), reply("Done.")]);
    const pending = await run(caller, chatty(), { limits: { ...limits, steps: 2 } });
    expect(pending.outcome.stop).toBe("steps");
    expect(pending.outcome.trajectory.at(-1)!.role).toBe("tool");
    // Failed calls of both sides count: two unknown tools from the agent, one from the user.
    const failing = scripted([reply("", [call("no_such_tool", "a1"), call("no_such_tool", "a2")]), reply("Sorry.")]);
    const user = scripted([reply("Help!"), reply("", [call("no_such_user_tool", "u1")]), reply("Still broken.")]);
    const byErrors = await run(failing, user, { limits: { ...limits, toolErrors: 3 } });
    expect(byErrors.outcome.stop).toBe("tool-errors");
    expect(byErrors.outcome.malformedCalls).toBe(2);
    expect(byErrors.outcome.user!.calls).toHaveLength(1);
    // Without the limits, the same conversation goes on to the user's next message.
    const unlimited = await run(
      scripted([reply("", [call("no_such_tool", "a1"), call("no_such_tool", "a2")]), reply("Sorry."), reply("Bye.")]),
      scripted([reply("Help!"), reply("", [call("no_such_user_tool", "u1")]), reply("Thanks ###STOP###")]),
    );
    expect(unlimited.outcome.stop).toBe("user-stop");
  });

  it("stops at the limits: the agent's turns, and tool calls counted over both sides", async () => {
    const chatty = () => scripted(Array.from({ length: 20 }, () => reply("Tell me more.")));
    const byTurns = await run(chatty(), chatty(), { limits: { turns: 3, toolCalls: 10, seconds: 60 } });
    expect(byTurns.outcome.stop).toBe("turns");
    expect(byTurns.outcome.turns).toBe(3);
    const userCalls = scripted(Array.from({ length: 20 }, (_, index) => reply("", [call("check_status_bar", `u${index}`)])));
    const byCalls = await run(chatty(), userCalls, { limits: { turns: 10, toolCalls: 4, seconds: 60 } });
    expect(byCalls.outcome.stop).toBe("tool-calls");
    expect(byCalls.outcome.user!.calls).toHaveLength(4);
  });

  it("refuses an environment without a user side", async () => {
    const agentOnly: EnvironmentFactory = () => ({ call: () => "ok", state: () => ({}) });
    await expect(run(scripted([]), scripted([]), { environment: agentOnly })).rejects.toThrow(/has no user side/);
  });

  it("ends the task as a time limit when the agent's model call runs past limits.seconds, even when it ignores the cancel", async () => {
    let cancelled = false;
    const hung: ChatAdapterV1 = {
      ...scripted([]),
      doGenerate: (_request, options) => {
        options?.signal?.addEventListener("abort", () => (cancelled = true));
        return new Promise<GenerateResult>(() => undefined);
      },
    };
    const user = scripted([reply("My data does not work abroad.", [], 50)]);
    const { outcome } = await run(hung, user, { limits: { ...limits, seconds: 0.2 } });
    expect(outcome.stop).toBe("time");
    expect(cancelled).toBe(true);
    expect(outcome.turns).toBe(0);
  });

  it("ends the task as a time limit when an environment call's Promise never settles, and awaits one that does", async () => {
    const agent = () => scripted([reply("", [call("enable_roaming", "a1")]), reply("Done.")]);
    const user = () => scripted([reply("My data does not work abroad.", [], 50), reply("Thanks! ###STOP###", [], 50)]);
    const hanging: EnvironmentFactory = (given) => ({
      ...(world(given) as DualControlEnvironment),
      call: () => new Promise(() => undefined),
    });
    const hung = await run(agent(), user(), { environment: hanging, limits: { ...limits, seconds: 0.2 } });
    expect(hung.outcome.stop).toBe("time");
    expect(hung.outcome.trajectory.at(-1)!.content).toMatch(/did not answer within the task's time limit/);
    const slow: EnvironmentFactory = (given) => {
      const inner = world(given) as DualControlEnvironment;
      return { ...inner, call: async (name: string, args: Record<string, unknown>) => inner.call(name, args) };
    };
    const answered = await run(agent(), user(), { environment: slow });
    expect(answered.outcome.trajectory.find((message) => message.role === "tool")!.content).toBe("Roaming enabled successfully");
  });
  it("holds the simulated user to the task's deadline: a user model call that never answers, or a phone tool that never does, ends the task as a time limit", async () => {
    const agent = () => scripted([reply("", [call("enable_roaming", "a1")]), reply("Done.")]);
    const silent: ChatAdapterV1 = {
      specificationVersion: "v1",
      adapterId: "silent",
      modelId: "silent",
      publicSettings: {},
      doGenerate: () => new Promise(() => undefined), // ignores the cancel, as a hung plugin does
    };
    const mute = await run(agent(), silent, { limits: { ...limits, seconds: 0.2 } });
    expect(mute.outcome.stop).toBe("time");
    const stuckPhone: EnvironmentFactory = (given) => {
      const inner = world(given) as DualControlEnvironment;
      return { ...inner, user: { ...inner.user, call: () => new Promise(() => undefined) } };
    };
    const user = scripted([reply("", [call("toggle_roaming", "u1")]), reply("Thanks! ###STOP###")]);
    const stuck = await run(agent(), user, { environment: stuckPhone, limits: { ...limits, seconds: 0.2 } });
    expect(stuck.outcome.stop).toBe("time");
    expect(stuck.outcome.user!.trajectory.at(-1)!.content).toMatch(/did not answer within the task's time limit/);
  });
});
