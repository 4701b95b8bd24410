import type { SimSettings } from "./options.js";
import { uniform } from "./random.js";
import type { ToolKeyMatch } from "./tool-key.js";

export interface SimToolReply {
  content: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  /** What the policy chose, for the stats. */
  outcome: "call" | "wrong-argument" | "malformed" | "no-call" | "wrong-call" | "reply" | "final";
}

/** One argument changed so it no longer matches: a number off by one, a string with a different ending. */
export function wrongArguments(args: Record<string, unknown>, draw: number): Record<string, unknown> {
  const keys = Object.keys(args);
  if (keys.length === 0) return { unexpected: "값" };
  const key = keys[Math.min(keys.length - 1, Math.floor(draw * keys.length))]!;
  const value = args[key];
  const changed =
    typeof value === "number" ? value + 1 : typeof value === "boolean" ? !value : typeof value === "string" ? `${value}2` : "잘못된 값";
  return { ...args, [key]: changed };
}

/**
 * The simulated model's move in a known tool-use task, seeded by (task, step, attempt, request
 * seed) so trials with different seeds differ and every run replays exactly: make the next
 * reference call, or (at the set rates) get an argument wrong, write arguments that are not JSON,
 * or take the wrong decision; when the reference calls are done, give the final answer.
 */
export function toolReply(
  settings: SimSettings,
  match: ToolKeyMatch,
  request: { seed: number; number: number; toolNames: readonly string[] },
): SimToolReply {
  const { entry, step, attempt } = match;
  const rates = settings.tools;
  const requestNumber = request.number;
  // The tools offered are part of the key: the same question with another tool set is another turn.
  const key = `${entry.cue}\u0000${entry.offset}\u0000${step}\u0000${attempt}\u0000${request.seed}\u0000${request.toolNames.join(",")}`;
  const draw = uniform(settings.seed, `tool\u0000${key}`);
  const id = `call_sim_${requestNumber}`;
  if (entry.decision !== "call") {
    // The wrong decision here is a call: to the first tool offered, with no arguments.
    const first = request.toolNames[0];
    if (draw < rates.wrongDecisionRate && first)
      return { content: "", toolCalls: [{ id, name: first, arguments: "{}" }], outcome: "wrong-call" };
    return {
      content:
        entry.reply ?? (entry.decision === "ask" ? "필요한 정보를 알려주시겠어요?" : "죄송하지만 제가 도와드릴 수 있는 도구가 없습니다."),
      toolCalls: [],
      outcome: "reply",
    };
  }
  // A single-step turn makes all its calls at once (parallel calls); a loop makes the next one.
  const due = entry.loop ? entry.calls.slice(step, step + 1) : entry.calls;
  const next = due[0];
  if (!next) return { content: entry.reply ?? "요청하신 작업을 모두 완료했습니다.", toolCalls: [], outcome: "final" };
  const rest = due
    .slice(1)
    .map((call, index) => ({ id: `${id}_${index + 1}`, name: call.name, arguments: JSON.stringify(call.arguments) }));
  if (draw < rates.wrongDecisionRate) return { content: "요청을 처리할 수 없습니다.", toolCalls: [], outcome: "no-call" };
  if (draw < rates.wrongDecisionRate + rates.malformedRate) {
    const text = JSON.stringify(next.arguments);
    return {
      content: "",
      toolCalls: [{ id, name: next.name, arguments: text.slice(0, Math.max(1, text.length - 1)) }, ...rest],
      outcome: "malformed",
    };
  }
  if (draw < rates.wrongDecisionRate + rates.malformedRate + rates.wrongArgumentRate) {
    const drawKey = uniform(settings.seed, `argument\u0000${key}`);
    return {
      content: "",
      toolCalls: [{ id, name: next.name, arguments: JSON.stringify(wrongArguments(next.arguments, drawKey)) }, ...rest],
      outcome: "wrong-argument",
    };
  }
  return { content: "", toolCalls: [{ id, name: next.name, arguments: JSON.stringify(next.arguments) }, ...rest], outcome: "call" };
}
