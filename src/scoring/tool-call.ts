import type { CallDecision } from "../spec/agentic.js";
import { KfmError } from "../spec/errors.js";
import { matchCalls } from "./call-match.js";
import { defineScorer } from "./define-scorer.js";
import { toolCallDeclaration } from "./tool-call-declaration.js";

/** A reply without a call that ends in a question asks for something (a missing slot); otherwise it answers. */
export function decisionOf(text: string, calls: number): CallDecision {
  if (calls > 0) return "call";
  return /[?？]\s*["'」』)]*\s*$/.test(text.trim()) || /(?:알려\s*주시겠어요|말씀해\s*주세요|알려\s*주세요|주시겠습니까)/.test(text)
    ? "ask"
    : "answer";
}

/**
 * One tool-use turn (FunctionChat-Bench, BFCL-style): when a call is expected, the calls must
 * match the expected ones (name, arguments with coercion, any order); when the task expects the
 * model to ask for a missing slot or to answer without a tool, any call is wrong. Whether the
 * question or answer text is good is a judge's matter: without one, a no-call reply to such a turn
 * counts as right, and the record says which decision the reply looked like.
 */
export const toolCall = defineScorer({
  ...toolCallDeclaration,
  create(args) {
    return {
      score({ item, text, toolCalls = [] }) {
        const task = item.task;
        if (!task)
          throw new KfmError("suite", `item ${item.id} has no tool-use task: the tool-call scorer needs a suite with an agentic section`);
        const expected = task.expected.decision;
        const decision = decisionOf(text, toolCalls.length);
        const extracted = toolCalls.length > 0 ? toolCalls.map((call) => `${call.name}(${call.arguments})`).join("; ") : decision;
        if (toolCalls.length === 0 && text.trim() === "")
          return { status: "no-answer", rule: "empty-reply", details: { toolUse: { decision, expected } } };
        if (expected !== "call") {
          const ok = decision !== "call";
          return {
            status: ok ? "correct" : "incorrect",
            extracted,
            rule: ok ? "no-call" : "called-when-not-expected",
            details: { toolUse: { decision, expected } },
          };
        }
        if (decision !== "call")
          return {
            status: "incorrect",
            extracted,
            rule: "no-call",
            details: { toolUse: { decision, expected, mismatches: ["no tool call"] } },
          };
        const match = matchCalls(toolCalls, task.expected.calls ?? [], { strings: args.strings, tools: task.tools });
        const toolUse = match.ok ? { decision, expected } : { decision, expected, mismatches: match.mismatches };
        return {
          status: match.ok ? "correct" : "incorrect",
          extracted,
          rule: match.ok ? "call-match" : "call-mismatch",
          details: { toolUse },
        };
      },
    };
  },
});
