import type { ChatMessage, TokenUsage, ToolCall, ToolDefinition } from "./adapter.js";

/** What the model should do at the evaluated turn: call tools, ask for a missing slot, or answer without a tool. */
export type CallDecision = "call" | "ask" | "answer";

/**
 * One expected call. `arguments` holds the reference value of each argument; `acceptable` lists
 * further values that count as right for an argument (`Jakarta` beside `자카르타`). An argument the
 * reference leaves out is optional: the model may send it or not.
 */
export interface ExpectedCall {
  name: string;
  arguments: Record<string, unknown>;
  acceptable?: Record<string, unknown[]>;
}

/** The outcome a task is graded against. */
export interface ExpectedOutcome {
  decision: CallDecision;
  /** For `call`: the calls, in any order (parallel calls match as a set). */
  calls?: ExpectedCall[];
  /** For a stateful task: the parts of the environment's final state that must hold (deep equal, other keys ignored). */
  state?: Record<string, unknown>;
  /** The reference reply for `ask` and `answer` turns, for a judge or a reader. */
  reply?: string;
}

/** A tool-use task after loading: the conversation so far, the tools, and what should happen. */
export interface AgenticTask {
  /** The task's own id in its data (item ids add trial numbers). */
  id: string;
  messages: ChatMessage[];
  tools: ToolDefinition[];
  expected: ExpectedOutcome;
  /** Initial state of the environment, for stateful tasks. */
  state?: Record<string, unknown>;
  /** Further user turns, sent one by one each time the model answers without a tool call. */
  followUps?: string[];
  /** Reference calls in order (the simulated endpoint plays them; readers see how the task is solved). */
  solution?: ExpectedCall[];
  /** Recorded tool results for tasks without an environment module: a call with this name and arguments gets this result. */
  recorded?: Array<{ name: string; arguments: Record<string, unknown>; result: unknown }>;
  /** Dual-control tasks (tau2-bench): what the simulated user is told, its scenario. */
  user?: { scenario: string };
}

/** Limits on one agent loop; hitting one ends the task with that stop reason. */
export interface AgentLimits {
  /** Model calls per task. */
  turns: number;
  /** Tool calls per task (well-formed or not). */
  toolCalls: number;
  /** Wall time per task. */
  seconds: number;
  /**
   * Dual control only, tau2's orchestrator limits: `steps` counts each agent message, each user
   * message and each batch of tool results (checked only when no tool reply is due: max_steps);
   * `toolErrors` counts tool calls of either side that ended in an error (max_errors).
   */
  steps?: number;
  toolErrors?: number;
}

/** Executes tool calls against a task's state. Deterministic: the same calls on the same state give the same results. */
export interface ToolEnvironment {
  /**
   * Runs one validated call; a thrown Error (or a rejected Promise) goes back to the model as a tool
   * error: `{"error": message}`, or the Error's own `toolResult` string when it has one (a port of a
   * benchmark that words its errors its own way). A Promise is awaited, within the task's `limits.seconds`.
   */
  call(name: string, args: Record<string, unknown>): unknown;
  /** The state now, as plain JSON. */
  state(): Record<string, unknown>;
}

/**
 * A dual-control environment (tau2-bench): besides the agent's tools, the user's own tools act on
 * the same world (the customer's phone), and the environment words the simulated user's system prompt.
 */
export interface DualControlEnvironment extends ToolEnvironment {
  user: {
    tools: ToolDefinition[];
    /** The simulated user's system prompt: the simulation guidelines and the task's scenario. */
    system: string;
    call(name: string, args: Record<string, unknown>): unknown;
  };
}

/** A suite's environment module: makes a fresh environment for each trial of a task. */
export type EnvironmentFactory = (task: AgenticTask) => ToolEnvironment;

/** How a loop ended: the agent's final answer, a limit, or (dual control) the simulated user's stop token. */
export type AgentStop =
  "answer" | "turns" | "tool-calls" | "time" | "steps" | "tool-errors" | "user-stop" | "user-transfer" | "user-out-of-scope";

/** The simulated user's side of a dual-control conversation, kept apart from the agent's (its tokens are not the model's cost). */
export interface SimulatedUserOutcome {
  /** The user's own view: its messages, tool calls and their results (the agent's messages as `user` turns). */
  trajectory: ChatMessage[];
  calls: ToolCall[];
  turns: number;
  usage: TokenUsage;
}

/** What happened in one agent loop, kept whole in the item record so the run can be re-scored and read. */
export interface AgentOutcome {
  /** Every message after the task's own: assistant turns with their calls, tool results, follow-up user turns. */
  trajectory: ChatMessage[];
  /** Every call the model made, in order (malformed ones included). */
  calls: ToolCall[];
  /** Calls that went back as errors before reaching a tool: invalid JSON, unknown tool, arguments failing the schema. */
  malformedCalls: number;
  /** Calls the tool itself rejected (its Error went back to the model). */
  toolErrors: number;
  turns: number;
  stop: AgentStop;
  /** The environment's state at the end, for stateful tasks. */
  finalState?: Record<string, unknown>;
  /** Dual-control tasks: what the simulated user did and spent. */
  user?: SimulatedUserOutcome;
}
