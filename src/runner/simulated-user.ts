import type { ChatAdapterV1, ChatMessage, GenerationSettings, TokenUsage } from "../spec/adapter.js";
import type { AgentStop, DualControlEnvironment, SimulatedUserOutcome } from "../spec/agentic.js";
import type { ToolCall } from "../spec/adapter.js";
import { addUsage } from "./agent-loop.js";
import { generateBeforeDeadline, LATE } from "./deadline.js";
import { executeToolCall } from "./tool-arguments.js";

/** tau2's stop tokens (user_simulator_base.py STOP, TRANSFER, OUT_OF_SCOPE) and the stop each one records. */
export const USER_STOP_TOKENS: ReadonlyArray<readonly [string, AgentStop]> = [
  ["###STOP###", "user-stop"],
  ["###TRANSFER###", "user-transfer"],
  ["###OUT-OF-SCOPE###", "user-out-of-scope"],
];

/** The stop a user message ends the conversation with, if it carries a token (UserSimulator.is_stop). */
export function userStop(text: string): AgentStop | undefined {
  return USER_STOP_TOKENS.find(([token]) => text.includes(token))?.[1];
}

/** What one user turn produced: a message for the agent (maybe ending the conversation), or nothing when its budget ran out. */
export interface UserTurn {
  text?: string;
  stop?: AgentStop;
  /**
   * A limit hit inside the user's turn: the shared tool-call budget, the shared model-call budget
   * (turns or time, as the loop decides), or `late`: the user's own model or tool call was still
   * running when the task's deadline passed.
   */
  limit?: "tool-calls" | "time" | "late";
  /** tau2's step or error limit was reached after this turn's last step (the text, if any, was still said). */
  ended?: "steps" | "tool-errors";
}

/**
 * The simulated user of a dual-control task (tau2's UserSimulator): an LLM endpoint of its own,
 * given the simulation guidelines and the task's scenario as its system prompt and the phone's
 * tools. It sees the conversation with the roles flipped (the agent's messages are its `user`
 * turns, UserState.flip_roles); a turn is tool calls on the device, each result going back to it,
 * until it writes a message without a call, which goes to the agent.
 */
export class SimulatedUser {
  private readonly history: ChatMessage[];
  private readonly trajectory: ChatMessage[] = [];
  private readonly calls: ToolCall[] = [];
  private readonly usage: TokenUsage = {};
  private turns = 0;

  constructor(
    private readonly options: {
      adapter: ChatAdapterV1;
      settings: GenerationSettings;
      environment: DualControlEnvironment;
      itemId: string;
      signal?: AbortSignal;
      /** The task's deadline (`limits.seconds`): the user's calls are held to it as the agent's are. */
      deadline: { at: number; now: () => number };
    },
  ) {
    this.history = [{ role: "system", content: options.environment.user.system }];
  }

  private push(message: ChatMessage): void {
    this.history.push(message);
    this.trajectory.push(message);
  }

  /** The agent said something to the user. */
  hear(text: string): void {
    this.push({ role: "user", content: text });
  }

  /**
   * The user's next message. `budget` says whether another tool call and another model call may
   * still be made, and counts tau2's steps (`step` after each message and each batch of tool
   * results, with the batch's failed calls); the loop's limits are shared with the agent's.
   */
  async respond(budget: {
    toolCall(): boolean;
    modelCall(): boolean;
    step(failed?: number): "steps" | "tool-errors" | undefined;
  }): Promise<UserTurn> {
    const { adapter, environment, settings, itemId, signal, deadline } = this.options;
    const tools = environment.user.tools;
    for (;;) {
      if (!budget.modelCall()) return { limit: "time" };
      const request = { messages: [...this.history], tools, settings, itemId };
      const reply = await generateBeforeDeadline(adapter, request, signal, deadline.at, deadline.now);
      if (reply === LATE) return { limit: "late" };
      this.turns++;
      addUsage(this.usage, reply.usage);
      const made = reply.toolCalls ?? [];
      const message: ChatMessage = { role: "assistant", content: reply.text };
      if (made.length > 0) message.toolCalls = made;
      this.push(message);
      if (made.length === 0) {
        const stop = userStop(reply.text);
        const ended = budget.step();
        return { text: reply.text, ...(stop ? { stop } : {}), ...(ended ? { ended } : {}) };
      }
      budget.step(); // tool results are due: no check yet
      let failed = 0;
      for (const call of made) {
        if (!budget.toolCall()) return { limit: "tool-calls" };
        this.calls.push(call);
        const { content, failure } = await executeToolCall(call, tools, (name, args) => environment.user.call(name, args), deadline);
        this.push({ role: "tool", content, toolCallId: call.id, name: call.name });
        if (failure === "malformed" || failure === "tool-error") failed++;
        if (failure === "late") return { limit: "late" };
      }
      const ended = budget.step(failed);
      if (ended) return { ended };
    }
  }

  outcome(): SimulatedUserOutcome {
    return { trajectory: this.trajectory, calls: this.calls, turns: this.turns, usage: this.usage };
  }
}
