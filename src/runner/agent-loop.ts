import type { ChatAdapterV1, ChatMessage, GenerateResult, GenerationSettings, TokenUsage, ToolDefinition } from "../spec/adapter.js";
import type { AgentLimits, AgentOutcome, AgentStop, AgenticTask, EnvironmentFactory, ToolCall } from "../spec/index.js";
import { generateBeforeDeadline, LATE } from "./deadline.js";
import { recordedEnvironment } from "./recorded-environment.js";
import { executeToolCall } from "./tool-arguments.js";

export interface AgentLoopOptions {
  adapter: ChatAdapterV1;
  task: AgenticTask;
  /** The rendered conversation the loop starts from (the task's messages, maybe behind a suite system prompt). */
  messages: ChatMessage[];
  tools: ToolDefinition[];
  settings: GenerationSettings;
  limits: AgentLimits;
  /** The suite's environment module; without one, tools answer from the task's recorded results. */
  environment?: EnvironmentFactory;
  itemId: string;
  signal?: AbortSignal;
  now?: () => number;
}

export interface AgentLoopResult {
  outcome: AgentOutcome;
  /** The last reply (its text is the final answer when the loop stopped on one). */
  last: GenerateResult;
  /** Summed over every model call of the loop. */
  usage: TokenUsage;
  latencyMs: number;
  attempts: number;
}

export function addUsage(total: TokenUsage, usage: TokenUsage): void {
  if (usage.inputTokens !== undefined) total.inputTokens = (total.inputTokens ?? 0) + usage.inputTokens;
  if (usage.outputTokens !== undefined) total.outputTokens = (total.outputTokens ?? 0) + usage.outputTokens;
  if (usage.reasoningTokens !== undefined) total.reasoningTokens = (total.reasoningTokens ?? 0) + usage.reasoningTokens;
}

/**
 * The agent loop: send the conversation with the tools, run each call against the task's
 * environment, feed the results back, until the model answers without a call (and no scripted user
 * turn is left) or a limit is hit. A malformed call (unknown tool, invalid JSON, arguments failing
 * the schema) goes back to the model as a tool error and is counted; so does an error a tool throws.
 * An endpoint error propagates: the item is recorded as an error and the whole task is redone on resume.
 */
export async function runAgentLoop(options: AgentLoopOptions): Promise<AgentLoopResult> {
  const { adapter, task, tools, limits } = options;
  const now = options.now ?? Date.now;
  const deadline = now() + limits.seconds * 1000;
  const environment = (options.environment ?? recordedEnvironment)(task);
  const conversation = [...options.messages];
  const trajectory: ChatMessage[] = [];
  const calls: ToolCall[] = [];
  const followUps = [...(task.followUps ?? [])];
  const usage: TokenUsage = {};
  let malformedCalls = 0;
  let toolErrors = 0;
  let turns = 0;
  let latencyMs = 0;
  let attempts = 0;
  let last: GenerateResult | undefined;
  let stop: AgentStop | undefined;
  const push = (message: ChatMessage) => {
    conversation.push(message);
    trajectory.push(message);
  };

  while (stop === undefined) {
    if (turns >= limits.turns) {
      stop = "turns";
      break;
    }
    if (now() >= deadline) {
      stop = "time";
      break;
    }
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
      const next = followUps.shift();
      if (next === undefined) stop = "answer";
      else push({ role: "user", content: next });
      continue;
    }
    for (const call of made) {
      if (calls.length >= limits.toolCalls) {
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
      push({ role: "tool", content, toolCallId: call.id, name: call.name });
      if (failure === "late") {
        stop = "time";
        break;
      }
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
  };
  // A loop whose first model call ran past the time limit has no reply: its answer is empty.
  return { outcome, last: last ?? { text: "", usage: {}, latencyMs: 0, attempts: 0, warnings: [] }, usage, latencyMs, attempts };
}
