import type { AgenticTask, CallDecision } from "../spec/agentic.js";
import { KfmError } from "../spec/errors.js";
import { askJudge, fill } from "./ask-judge.js";
import { defineScorer } from "./define-scorer.js";
import { rubricJudgeDeclaration } from "./rubric-judge-declaration.js";
import { defuse, promptFor } from "./judge.js";
import { decisionOf } from "./tool-call.js";
import { ownValue } from "../spec/own-value.js";

/** The judge's verdict: its last line that says pass or fail (FunctionChat asks for the decision repeated on a line of its own). */
export function parseVerdict(reply: string): "pass" | "fail" | undefined {
  const lines = reply
    .trim()
    .split("\n")
    .map((line) =>
      line
        .trim()
        .toLowerCase()
        .replace(/[*"'`.:!\s]/g, ""),
    )
    .filter(Boolean);
  for (const line of lines.reverse()) {
    if (line === "pass" || line.endsWith("pass") || line.endsWith("통과")) return "pass";
    if (line === "fail" || line.endsWith("fail") || line.endsWith("실패")) return "fail";
  }
  return undefined;
}

/** A turn type from the expected decision when the data does not name one. */
const TYPE_OF: Record<CallDecision, string> = { call: "call", ask: "slot", answer: "relevance" };

function wireTools(task: AgenticTask): string {
  return JSON.stringify(
    task.tools.map((tool) => ({
      type: "function",
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    })),
    null,
    1,
  );
}

function wireMessages(task: AgenticTask): string {
  return JSON.stringify(
    task.messages.map((message) => ({
      role: message.role,
      content: message.content || null,
      ...(message.toolCalls
        ? {
            tool_calls: message.toolCalls.map((call) => ({
              id: call.id,
              type: "function",
              function: { name: call.name, arguments: call.arguments },
            })),
          }
        : {}),
      ...(message.toolCallId ? { tool_call_id: message.toolCallId } : {}),
    })),
    null,
    1,
  );
}

function groundTruth(task: AgenticTask): string {
  const expected = task.expected;
  if (expected.decision === "call") {
    return JSON.stringify({
      role: "assistant",
      content: null,
      tool_calls: (expected.calls ?? []).map((call) => ({
        type: "function",
        function: { name: call.name, arguments: JSON.stringify(call.arguments) },
      })),
    });
  }
  return JSON.stringify({ role: "assistant", content: expected.reply ?? null });
}

/**
 * FunctionChat-Bench's own grading: an LLM judge applies the published rubric of the turn's type
 * (call, completion, slot, relevance) to the model's reply and says pass or fail. The reply is
 * placed in the rubric's [Submission] slot with its markers defused; only the judge's last
 * pass/fail line is read, and a reply without one is an error on the item.
 */
export const rubricJudge = defineScorer({
  ...rubricJudgeDeclaration,
  create(args, context) {
    const cache = context.judgeCache ?? new Map<string, string[]>();
    return {
      async score({ item, text, toolCalls = [] }) {
        const task = item.task;
        if (!task)
          throw new KfmError(
            "suite",
            `item ${item.id} has no tool-use task: the tool-use-judge scorer needs a suite with an agentic section`,
          );
        const decision = decisionOf(text, toolCalls.length);
        if (toolCalls.length === 0 && text.trim() === "")
          return { status: "no-answer", rule: "empty-reply", details: { toolUse: { decision, expected: task.expected.decision } } };
        const type = ownValue(item.fields, args.type_field) || TYPE_OF[task.expected.decision];
        const rubric = args.rubrics[type];
        if (!rubric) throw new KfmError("suite", `item ${item.id}: no rubric for turn type "${type}" in scorer.args.rubrics`);
        const prompt = promptFor(context, rubric);
        const response = JSON.stringify({
          role: "assistant",
          content: text || null,
          ...(toolCalls.length
            ? { tool_calls: toolCalls.map((call) => ({ type: "function", function: { name: call.name, arguments: call.arguments } })) }
            : {}),
        });
        const acceptable = (task.expected.calls ?? []).find((call) => call.acceptable)?.acceptable;
        const values = {
          tools: wireTools(task),
          query: wireMessages(task),
          ground_truth: groundTruth(task),
          response: defuse(response, prompt.template),
          acceptable_arguments: acceptable ? JSON.stringify(acceptable) : "Only ground truth is allowed.",
        };
        const asked = await askJudge({
          model: context.judge,
          cache,
          request: { ...(prompt.system ? { system: prompt.system } : {}), prompt: fill(prompt.template, values) },
          repeats: args.repeats,
          parse: parseVerdict,
          what: `item ${item.id}`,
          expects: "pass or fail line",
        });
        const passes = asked.values.filter((verdict) => verdict === "pass").length;
        // With repeats, the majority decides; a tie fails.
        const passed = passes * 2 > asked.values.length;
        const judge = {
          model: context.judge?.id ?? "(cache)",
          scale: 1,
          turns: [{ prompt: rubric, promptHash: asked.hash, replies: asked.replies, rating: passes / asked.values.length }],
        };
        return {
          status: passed ? "correct" : "incorrect",
          rule: `judged:${type}`,
          extracted: toolCalls.length ? toolCalls.map((call) => `${call.name}(${call.arguments})`).join("; ") : decision,
          details: { toolUse: { decision, expected: task.expected.decision }, judge },
        };
      },
    };
  },
});
