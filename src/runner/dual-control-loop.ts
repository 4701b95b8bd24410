import type { ChatAdapterV1, ChatMessage, GenerateResult, GenerationSettings, TokenUsage, ToolDefinition } from "../spec/adapter.js";
import { KfmError } from "../spec/errors.js";
import type { AgentLimits, AgentOutcome, AgentStop, AgenticTask, DualControlEnvironment, EnvironmentFactory } from "../spec/agentic.js";
import type { ToolCall } from "../spec/adapter.js";
import { addUsage, type AgentLoopResult } from "./agent-loop.js";
import { generateBeforeDeadline, LATE } from "./deadline.js";
import { SimulatedUser } from "./simulated-user.js";
import { executeToolCall } from "./tool-arguments.js";

export interface DualControlLoopOptions {
  /** The agent under test. */
  adapter: ChatAdapterV1;
  /** The simulated user's endpoint and its generation settings. */
  user: { adapter: ChatAdapterV1; settings: GenerationSettings };
  task: AgenticTask;
  /** The agent's conversation so far: its system prompt and its greeting. */
  messages: ChatMessage[];
  tools: ToolDefinition[];
  settings: GenerationSettings;
  limits: AgentLimits;
  environment: EnvironmentFactory;
  itemId: string;
  signal?: AbortSignal;
  now?: () => number;
}

function isDualControl(environment: unknown): environment is DualControlEnvironment {
  const user = (environment as { user?: { call?: unknown; tools?: unknown; system?: unknown } }).user;
  return typeof user?.call === "function" && Array.isArray(user.tools) && typeof user.system === "string";
}

/**
 * The dual-control conversation of tau2-bench (its half-duplex orchestrator): the agent greets, then
 * the simulated user and the agent take turns. Each side's turn may be tool calls on its own part
 * of the world (the agent on the CRM, the user on the phone), their results going back to the same
 * side, until it writes a message for the other. The conversation ends when the user's message
 * carries a stop token (###STOP###, ###TRANSFER###, ###OUT-OF-SCOPE###) or a limit is hit: the
 * agent's model calls (`turns`, which also bounds the user's), the tool calls of both sides, the
 * wall time. An endpoint error on either side propagates: resume redoes the whole task.
 */
export async function runDualControlLoop(options: DualControlLoopOptions): Promise<AgentLoopResult> {
  const { adapter, task, tools, limits } = options;
  const now = options.now ?? Date.now;
  const deadline = now() + limits.seconds * 1000;
  const environment = options.environment(task);
  if (!isDualControl(environment))
    throw new KfmError(
      "suite",
      `the environment of task ${task.id} has no user side (user.tools, user.system, user.call): a dual-control suite needs one`,
    );
  const user = new SimulatedUser({
    adapter: options.user.adapter,
    settings: options.user.settings,
    environment,
    itemId: options.itemId,
    ...(options.signal ? { signal: options.signal } : {}),
    deadline: { at: deadline, now },
  });
  const conversation = [...options.messages];
  const trajectory: ChatMessage[] = [];
  const calls: ToolCall[] = [];
  const usage: TokenUsage = {};
  let malformedCalls = 0;
  let toolErrors = 0;
  let turns = 0;
  let userCalls = 0;
  let latencyMs = 0;
  let attempts = 0;
  let last: GenerateResult | undefined;
  let stop: AgentStop | undefined;
  const push = (message: ChatMessage) => {
    conversation.push(message);
    trajectory.push(message);
  };
  const greeting = options.messages.filter((message) => message.role === "assistant").at(-1);
  if (greeting) user.hear(greeting.content);
  let userTurns = 0;
  // tau2's orchestrator counters (orchestrator.py): a step is an agent message, a user message or a
  // batch of tool results; errors are failed tool calls of either side. Checked after a step, except
  // while tool results are due (_check_termination); errors win when both are reached, as there.
  let steps = 0;
  let failedCalls = 0;
  const step = (failed = 0): "steps" | "tool-errors" | undefined => {
    steps++;
    failedCalls += failed;
    let reached: "steps" | "tool-errors" | undefined;
    if (limits.steps !== undefined && steps >= limits.steps) reached = "steps";
    if (limits.toolErrors !== undefined && failedCalls >= limits.toolErrors) reached = "tool-errors";
    return reached;
  };
  const budget = {
    toolCall: () => calls.length + userCalls++ < limits.toolCalls,
    modelCall: () => userTurns++ < limits.turns && now() < deadline,
    step,
  };

  while (stop === undefined) {
    const said = await user.respond(budget);
    if (said.limit) {
      stop = said.limit === "tool-calls" ? "tool-calls" : said.limit === "late" || now() >= deadline ? "time" : "turns";
      break;
    }
    if (said.text !== undefined) push({ role: "user", content: said.text });
    if (said.ended) {
      stop = said.ended;
      break;
    }
    if (said.stop) {
      stop = said.stop;
      break;
    }
    // The agent's turn: tool calls until it writes to the user.
    for (;;) {
      if (turns >= limits.turns) stop = "turns";
      else if (now() >= deadline) stop = "time";
      if (stop) break;
      const request = { messages: conversation, tools, settings: options.settings, itemId: options.itemId };
      const answer = await generateBeforeDeadline(adapter, request, options.signal, deadline, now);
      if (answer === LATE) {
        stop = "time";
        break;
      }
      last = answer;
      turns++;
      addUsage(usage, last.usage);
      latencyMs += last.latencyMs;
      attempts += last.attempts;
      const made = last.toolCalls ?? [];
      const reply: ChatMessage = { role: "assistant", content: last.text };
      if (made.length > 0) reply.toolCalls = made;
      push(reply);
      if (made.length === 0) {
        user.hear(last.text);
        stop = step();
        break;
      }
      step(); // the agent's message; its tool results are due, so no check yet
      let failed = 0;
      for (const call of made) {
        if (calls.length + userCalls >= limits.toolCalls) {
          stop = "tool-calls";
          break;
        }
        calls.push(call);
        const { content, failure } = await executeToolCall(call, tools, (name, args) => environment.call(name, args), {
          at: deadline,
          now,
        });
        if (failure === "malformed") malformedCalls++;
        if (failure === "tool-error") toolErrors++;
        if (failure === "malformed" || failure === "tool-error") failed++;
        push({ role: "tool", content, toolCallId: call.id, name: call.name });
        if (failure === "late") {
          stop = "time";
          break;
        }
      }
      if (!stop) stop = step(failed); // the batch of tool results
      if (stop) break;
    }
  }
  const outcome: AgentOutcome = {
    trajectory,
    calls,
    malformedCalls,
    toolErrors,
    turns,
    stop,
    finalState: structuredClone(environment.state()),
    user: user.outcome(),
  };
  // The agent may never have been called (the user stopped at once): the result is then empty.
  const result = last ?? { text: "", usage: {}, latencyMs: 0, attempts: 0, warnings: [] };
  return { outcome, last: result, usage, latencyMs, attempts };
}
