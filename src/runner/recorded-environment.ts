import type { AgenticTask, ToolEnvironment } from "../spec/agentic.js";

/** JSON with sorted keys: two argument objects are the same call when their canonical texts are equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The environment of a task without an environment module: each call is answered from the task's
 * recorded results (same tool, same arguments); any other call is a tool error. The state is the
 * task's initial state, unchanged.
 */
export function recordedEnvironment(task: AgenticTask): ToolEnvironment {
  const results = new Map((task.recorded ?? []).map((entry) => [`${entry.name}\u0000${canonical(entry.arguments)}`, entry.result]));
  const state = structuredClone(task.state ?? {});
  return {
    call(name, args) {
      const key = `${name}\u0000${canonical(args)}`;
      if (!results.has(key)) throw new Error(`no result is recorded for ${name}(${JSON.stringify(args)})`);
      return results.get(key);
    },
    state: () => state,
  };
}
