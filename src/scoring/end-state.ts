import type { AgentStop } from "../spec/agentic.js";
import { KfmError } from "../spec/errors.js";
import { valuesMatch } from "./call-match.js";
import { defineScorer } from "./define-scorer.js";
import { endStateDeclaration } from "./end-state-declaration.js";

/** Stops a limit caused, not the agent or the user. */
const LIMIT_STOPS: ReadonlySet<AgentStop> = new Set<AgentStop>(["turns", "tool-calls", "time", "steps", "tool-errors"]);

/** Deep equality in which lists compare as multisets: the order calls happened in does not decide. */
export function sameState(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    const unused = [...actual];
    return expected.every((value) => {
      const at = unused.findIndex((candidate) => sameState(candidate, value));
      if (at < 0) return false;
      unused.splice(at, 1);
      return true;
    });
  }
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null || Array.isArray(actual)) return false;
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].every((key) => sameState((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key]));
  }
  return valuesMatch(actual, expected, "exact") && typeof actual === typeof expected;
}

/**
 * Every key the expected state names, compared deeply (keys it does not name are ignored at the
 * top and in nested objects it names partly); lists must hold the same elements in any order.
 * Returns the paths that differ.
 */
export function stateDifferences(actual: unknown, expected: unknown, path = "state"): string[] {
  if (typeof expected === "object" && expected !== null && !Array.isArray(expected)) {
    if (typeof actual !== "object" || actual === null || Array.isArray(actual))
      return [`${path} is ${JSON.stringify(actual) ?? "missing"}, expected an object`];
    return Object.entries(expected).flatMap(([key, value]) =>
      stateDifferences((actual as Record<string, unknown>)[key], value, `${path}.${key}`),
    );
  }
  return sameState(actual, expected) ? [] : [`${path} is ${JSON.stringify(actual) ?? "missing"}, expected ${JSON.stringify(expected)}`];
}

/**
 * A multi-step task (tau-bench style): after the loop, the environment's state must hold what the
 * task expects, whatever path the model took; optionally the solution's calls must all appear.
 * A loop that hit a limit is graded the same way (the state decides, and the record says why it
 * stopped), unless `limit_stop_fails`: then only a conversation the agent or the user ended is graded
 * (tau2-bench's evaluator.py `evaluate_simulation` gives any other termination reward 0).
 */
export const endState = defineScorer({
  ...endStateDeclaration,
  create(args) {
    return {
      score({ item, agent }) {
        const task = item.task;
        if (!task || !agent)
          throw new KfmError("suite", `item ${item.id} has no agent loop: the end-state scorer needs a suite with agentic.mode loop`);
        const mismatches = stateDifferences(agent.finalState ?? {}, task.expected.state ?? {});
        if (args.require_solution_calls) {
          for (const reference of task.solution ?? []) {
            const made = agent.calls.some((call) => {
              if (call.name !== reference.name) return false;
              try {
                return valuesMatch(JSON.parse(call.arguments), reference.arguments, "normalized");
              } catch {
                return false;
              }
            });
            if (!made) mismatches.push(`no call ${reference.name}(${JSON.stringify(reference.arguments)})`);
          }
        }
        if (args.limit_stop_fails && LIMIT_STOPS.has(agent.stop))
          mismatches.unshift(`the conversation was cut off by the ${agent.stop} limit (a premature end scores 0)`);
        const decision = agent.calls.length > 0 ? "call" : "answer";
        const toolUse = { decision, expected: task.expected.decision, ...(mismatches.length ? { mismatches } : {}) } as const;
        const extracted = `${agent.calls.length} call(s), stopped by ${agent.stop}`;
        return {
          status: mismatches.length === 0 ? "correct" : "incorrect",
          extracted,
          rule: mismatches.length === 0 ? "end-state" : agent.stop === "answer" ? "state-mismatch" : `limit:${agent.stop}`,
          details: { toolUse },
        };
      },
    };
  },
});
