import * as z from "zod";
import type { AgenticTask } from "../spec/agentic.js";
import type { ChatMessage, ToolDefinition } from "../spec/adapter.js";
import { SuiteError } from "../spec/errors.js";
import { ownValue } from "../spec/own-value.js";

/** The task keys an agentic suite maps under `data.fields` (JSON values in the data file). */
export const TASK_FIELDS = ["messages", "tools", "expected", "state", "follow_ups", "solution", "recorded", "user"] as const;

/** The task fields' schemas, built on first use: a suite without tasks never builds them. */
function buildParts() {
  const jsonObject = z.record(z.string(), z.unknown());

  /** Messages as the OpenAI chat API writes them (FunctionChat-Bench, most tool-use sets). */
  const wireMessage = z
    .object({
      role: z.enum(["system", "user", "assistant", "tool"]),
      content: z.string().nullable().optional(),
      tool_calls: z
        .array(
          z.object({
            id: z.string().optional(),
            type: z.literal("function").optional(),
            function: z.object({ name: z.string().min(1), arguments: z.union([z.string(), jsonObject]) }),
          }),
        )
        .optional(),
      tool_call_id: z.string().optional(),
      name: z.string().optional(),
    })
    .loose();

  const tool = z.union([
    z.object({
      type: z.literal("function"),
      function: z
        .object({
          name: z.string().min(1),
          description: z.string().optional(),
          parameters: jsonObject.default({ type: "object", properties: {} }),
        })
        .loose(),
    }),
    z
      .object({
        name: z.string().min(1),
        description: z.string().optional(),
        parameters: jsonObject.default({ type: "object", properties: {} }),
      })
      .loose(),
  ]);

  const call = z
    .object({
      name: z.string().min(1),
      arguments: jsonObject.default({}),
      acceptable: z.record(z.string(), z.array(z.unknown())).optional(),
    })
    .strict();

  const expected = z
    .object({
      decision: z.enum(["call", "ask", "answer"]),
      calls: z.array(call).optional(),
      state: jsonObject.optional(),
      reply: z.string().optional(),
    })
    .strict()
    .refine(
      (value) => value.decision !== "call" || (value.calls?.length ?? 0) > 0 || value.state !== undefined,
      "a `call` decision needs the expected calls or an expected state",
    );

  return {
    messages: z.array(wireMessage).min(1),
    tools: z.array(tool),
    expected,
    state: jsonObject,
    follow_ups: z.array(z.string().min(1)),
    solution: z.array(call),
    recorded: z.array(z.object({ name: z.string().min(1), arguments: jsonObject.default({}), result: z.unknown() }).strict()),
    user: z.object({ scenario: z.string().min(1) }).strict(),
  };
}

type Parts = ReturnType<typeof buildParts>;
let built: Parts | undefined;
const schemas = (): Parts => (built ??= buildParts());

function toMessage(message: z.infer<Parts["messages"]>[number]): ChatMessage {
  const converted: ChatMessage = { role: message.role, content: message.content ?? "" };
  if (message.tool_calls?.length) {
    converted.toolCalls = message.tool_calls.map((entry, index) => ({
      id: entry.id ?? `call_${index}`,
      name: entry.function.name,
      arguments: typeof entry.function.arguments === "string" ? entry.function.arguments : JSON.stringify(entry.function.arguments),
    }));
  }
  if (message.tool_call_id !== undefined) converted.toolCallId = message.tool_call_id;
  if (message.name !== undefined) converted.name = message.name;
  return converted;
}

function toTool(entry: z.infer<Parts["tools"]>[number]): ToolDefinition {
  const definition =
    "function" in entry && typeof entry.function === "object"
      ? (entry.function as { name: string; description?: string; parameters: Record<string, unknown> })
      : (entry as { name: string; description?: string; parameters: Record<string, unknown> });
  const converted: ToolDefinition = { name: definition.name, parameters: definition.parameters };
  if (definition.description !== undefined) converted.description = definition.description;
  return converted;
}

/**
 * Reads one row's task fields (JSON text in the data) into a task; every problem is a data error
 * naming the file, line, item and field.
 */
export function parseTask(fields: Record<string, string>, where: { file: string; line?: number; itemId: string }): AgenticTask {
  const read = <K extends keyof Parts>(key: K): z.infer<Parts[K]> | undefined => {
    const text = ownValue(fields, key);
    if (text === undefined || text === "") return undefined;
    const fail = (message: string): never => {
      throw new SuiteError(
        { file: where.file, ...(where.line ? { line: where.line } : {}), path: key },
        `item ${where.itemId}: ${key} ${message}`,
        {
          code: "data",
          hint: 'Agentic data follows kfm\'s task format (README, "Agentic suites").',
        },
      );
    };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return fail("is not JSON");
    }
    const parsed = schemas()[key].safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return fail(`${issue.path.length ? "[" + issue.path.join("][") + "] " : ""}${issue.message}`);
    }
    return parsed.data as z.infer<Parts[K]>;
  };
  const messages = read("messages");
  const expectedOutcome = read("expected");
  if (!messages || !expectedOutcome) {
    throw new SuiteError(
      { file: where.file, ...(where.line ? { line: where.line } : {}), path: messages ? "expected" : "messages" },
      `item ${where.itemId}: ${messages ? "expected" : "messages"} is missing`,
      { code: "data" },
    );
  }
  const task: AgenticTask = {
    id: fields.id || where.itemId,
    messages: messages.map(toMessage),
    tools: (read("tools") ?? []).map(toTool),
    expected: expectedOutcome as AgenticTask["expected"],
  };
  const state = read("state");
  if (state) task.state = state;
  const followUps = read("follow_ups");
  if (followUps) task.followUps = followUps;
  const solution = read("solution");
  if (solution) task.solution = solution as AgenticTask["solution"] & object;
  const user = read("user");
  if (user) task.user = user;
  const recorded = read("recorded");
  if (recorded) task.recorded = recorded as AgenticTask["recorded"] & object;
  return task;
}
