import { createRequire } from "node:module";
import type { Ajv as AjvClass, ValidateFunction } from "ajv";
import type { ToolCall, ToolDefinition } from "../spec/adapter.js";
import { beforeDeadline, LATE } from "./deadline.js";

// Tool schemas in the wild use keywords ajv's strict mode rejects (`example`, custom `format`s);
// they describe arguments, so validation is lenient about the schema and strict about the value.
// Made on the first tool call checked: a suite without tools never loads ajv (~45 ms of a run's start-up).
let ajv: AjvClass | undefined;
function validator(): AjvClass {
  if (!ajv) {
    const { Ajv } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
    ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
  }
  return ajv;
}
const compiled = new WeakMap<ToolDefinition, ValidateFunction>();

export type CheckedCall = { ok: true; args: Record<string, unknown> } | { ok: false; error: string };

/**
 * A call as the model wrote it, checked before any tool runs: the tool exists, the arguments are
 * a JSON object, and they satisfy the tool's JSON Schema. The error goes back to the model.
 */
export function checkToolCall(call: ToolCall, tools: readonly ToolDefinition[]): CheckedCall {
  const tool = tools.find((candidate) => candidate.name === call.name);
  if (!tool) return { ok: false, error: `unknown tool "${call.name}"; available: ${tools.map((candidate) => candidate.name).join(", ")}` };
  let args: unknown;
  try {
    args = call.arguments.trim() === "" ? {} : JSON.parse(call.arguments);
  } catch {
    return { ok: false, error: `arguments of ${call.name} are not valid JSON: ${call.arguments.slice(0, 200)}` };
  }
  if (typeof args !== "object" || args === null || Array.isArray(args))
    return { ok: false, error: `arguments of ${call.name} must be a JSON object` };
  let validate = compiled.get(tool);
  if (!validate) {
    try {
      validate = validator().compile(tool.parameters);
    } catch {
      // A schema ajv cannot compile is the suite's problem, not the model's: accept any object.
      validate = (() => true) as unknown as ValidateFunction;
    }
    compiled.set(tool, validate);
  }
  if (!validate(args)) {
    const issue = validate.errors?.[0];
    const where = issue?.instancePath ? issue.instancePath.slice(1).replaceAll("/", ".") : "arguments";
    return { ok: false, error: `arguments of ${call.name} do not match its schema: ${where} ${issue?.message ?? "is invalid"}` };
  }
  return { ok: true, args: args as Record<string, unknown> };
}

/**
 * One call run as the loops run it: checked first, then the tool; either failure goes back to the caller as a JSON
 * error, or, for a tool's Error that carries a string `toolResult`, as that text. A tool may answer with a Promise:
 * its value is the result, awaited until `deadline` when one is given (past it, the call is `late`).
 */
export async function executeToolCall(
  call: ToolCall,
  tools: readonly ToolDefinition[],
  run: (name: string, args: Record<string, unknown>) => unknown,
  deadline?: { at: number; now: () => number },
): Promise<{ content: string; failure?: "malformed" | "tool-error" | "late" }> {
  const checked = checkToolCall(call, tools);
  if (!checked.ok) return { content: JSON.stringify({ error: checked.error }), failure: "malformed" };
  try {
    const answer = Promise.resolve(run(call.name, checked.args));
    const value = deadline ? await beforeDeadline(answer, deadline.at, deadline.now) : await answer;
    if (value === LATE)
      return { content: JSON.stringify({ error: "the tool did not answer within the task's time limit" }), failure: "late" };
    return { content: typeof value === "string" ? value : JSON.stringify(value ?? null) };
  } catch (error) {
    return { content: toolErrorText(error), failure: "tool-error" };
  }
}

/** What the model reads when a tool throws: the Error's own `toolResult` text if it words it (tau2-bench's "Error: <message>"), else `{"error": message}`. */
export function toolErrorText(error: unknown): string {
  const worded = (error as { toolResult?: unknown } | null)?.toolResult;
  if (typeof worded === "string") return worded;
  return JSON.stringify({ error: error instanceof Error ? error.message : String(error) });
}
