import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toWireMessages, toWireTools } from "../src/adapters/openai-compatible/wire-messages.js";
import { runDualControlLoop } from "../src/runner/dual-control-loop.js";
import type { ChatAdapterV1, GenerateRequest, ToolCall } from "../src/spec/adapter.js";
import { loadSuite } from "../src/suite/index.js";

// What tau2-bench's own orchestrator sent to the two models in one Telecom conversation whose replies were
// scripted (scripts/record-tau2-conversation.py, tau2 a2c0247): kfm's dual-control loop, given the same
// replies, must send the same requests, message for message.
interface Recorded {
  task: string;
  script: Record<"agent" | "user", Array<{ content?: string; tool_calls?: Array<{ id: string; name: string; arguments: object }> }>>;
  system: Record<"agent" | "user", string>;
  tools: Record<"agent" | "user", unknown[]>;
  requests: Array<{ side: "agent" | "user"; messages: Array<Record<string, unknown>> }>;
}
const recorded = JSON.parse(readFileSync(new URL("./fixtures/tau2-telecom/conversation.json", import.meta.url), "utf8")) as Recorded;

/** json.dumps of a call's arguments, as tau2 sends them back (kfm sends back the text the model wrote). */
const pythonDumps = (value: object) => JSON.stringify(value).replaceAll('":', '": ').replaceAll(',"', ', "');

/** A request as it goes on the wire, without what kfm's adapter adds and tau2 leaves out: a tool message's name. */
function wire(request: GenerateRequest) {
  return toWireMessages(request.messages).map((message) => {
    const entries = Object.entries(message).filter(([key, value]) => value !== null && !(message.role === "tool" && key === "name"));
    return Object.fromEntries(entries);
  });
}

describe("a tau2-bench Telecom conversation, request for request as tau2's orchestrator sends it", () => {
  it("replays tau2's recorded requests: system prompts, greeting, flipped roles, tool calls and results, the stop", async () => {
    const suite = await loadSuite("tau2-telecom");
    const item = suite.items.find((candidate) => candidate.task?.id === recorded.task)!;
    const sent: Array<{ side: "agent" | "user"; request: GenerateRequest }> = [];
    const scripted = (side: "agent" | "user"): ChatAdapterV1 => {
      let next = 0;
      return {
        specificationVersion: "v1",
        adapterId: "scripted",
        modelId: side,
        publicSettings: {},
        async doGenerate(request) {
          sent.push({ side, request: structuredClone(request) });
          const reply = recorded.script[side][next++]!;
          const toolCalls: ToolCall[] = (reply.tool_calls ?? []).map((call) => ({
            id: call.id,
            name: call.name,
            arguments: pythonDumps(call.arguments),
          }));
          return {
            text: reply.content ?? "",
            ...(toolCalls.length ? { toolCalls } : {}),
            usage: {},
            latencyMs: 1,
            attempts: 1,
            warnings: [],
          };
        },
      };
    };
    const rendered = suite.render(item);
    const result = await runDualControlLoop({
      adapter: scripted("agent"),
      user: { adapter: scripted("user"), settings: { temperature: 0 } },
      task: item.task!,
      messages: rendered.messages,
      tools: rendered.tools!,
      settings: { temperature: 0 },
      limits: { turns: 100, toolCalls: 200, seconds: 1800 },
      environment: suite.agentic!.environment!,
      itemId: item.id,
    });
    expect(result.outcome.stop).toBe("user-stop");
    expect(sent.map(({ side }) => side)).toEqual(recorded.requests.map(({ side }) => side));
    sent.forEach(({ side, request }, index) => {
      const [system, ...messages] = wire(request);
      expect(system, `request ${index + 1} (${side}): system prompt`).toEqual({ role: "system", content: recorded.system[side] });
      expect(messages, `request ${index + 1} (${side}): messages`).toEqual(recorded.requests[index]!.messages);
      expect(toWireTools(request.tools ?? []), `request ${index + 1} (${side}): tools`).toEqual(recorded.tools[side]);
    });
  });
});
