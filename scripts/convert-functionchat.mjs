#!/usr/bin/env node
// Converts FunctionChat-Bench (kakao/FunctionChat-Bench v2.0.0, Apache-2.0) into kfm's task format:
// one JSON object per line with messages, tools and the expected outcome. Run once when the data
// changes: node scripts/convert-functionchat.mjs <folder with the FunctionChat files> suites/functionchat/data
// Every evaluated turn becomes one task; nothing is dropped or rewritten beyond the change of shape.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [source = "../shared/data/functionchat", target = "suites/functionchat/data"] = process.argv.slice(2);
const lines = (file) =>
  readFileSync(join(source, file), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));

/** `{"a": "x"}`, `{"a": ["x", "y"]}`, a JSON string of either, or prose meaning "none": per argument, the extra values that count. */
function acceptable(raw) {
  if (raw === null || raw === undefined) return undefined;
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined; // "Only ground truth is allowed."
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const result = {};
  for (const [name, alternatives] of Object.entries(value)) result[name] = Array.isArray(alternatives) ? alternatives : [alternatives];
  return Object.keys(result).length ? result : undefined;
}

function call(name, argumentText, extra) {
  const args = typeof argumentText === "string" ? (argumentText.trim() ? JSON.parse(argumentText) : {}) : (argumentText ?? {});
  const expected = { name, arguments: args };
  if (extra) expected.acceptable = extra;
  return expected;
}

const DECISION = { call: "call", slot: "ask", relevance: "answer", completion: "answer" };

function expectedOf(kind, groundTruth, extra) {
  const decision = DECISION[kind];
  if (!decision) throw new Error(`unknown type_of_output ${kind}`);
  if (decision === "call")
    return { decision, calls: groundTruth.tool_calls.map((entry) => call(entry.function.name, entry.function.arguments, extra)) };
  return groundTruth.content ? { decision, reply: groundTruth.content } : { decision };
}

const target_ = (expected) =>
  expected.decision === "call" ? `call:${expected.calls.map((entry) => entry.name).join("+")}` : expected.decision;
const write = (file, tasks) => writeFileSync(join(target, file), tasks.map((task) => JSON.stringify(task)).join("\n") + "\n");

// Singlecall: each of the 4 queries of each function, with each of the 5 tool sets (exact, 4/8 random, 4/8 close).
const singlecall = [];
for (const record of lines("functionchat_singlecall.jsonl")) {
  for (const query of record.query) {
    const truth = JSON.parse(record.ground_truth.find((entry) => entry.serial_num === query.serial_num).content);
    const extra = acceptable(record.acceptable_arguments.find((entry) => entry.serial_num === query.serial_num)?.content);
    for (const toolSet of record.tools) {
      const expected = { decision: "call", calls: [call(truth.name, truth.arguments, extra)] };
      singlecall.push({
        id: `singlecall-${record.function_num}-${query.serial_num}-${toolSet.type}`,
        tool_set: toolSet.type,
        type_of_output: "call",
        target: target_(expected),
        messages: [{ role: "user", content: query.content }],
        tools: toolSet.content,
        expected,
      });
    }
  }
}
write("singlecall.jsonl", singlecall);

// Dialog: every evaluated turn, with the conversation up to it.
const dialog = [];
for (const record of lines("functionchat_dialog.jsonl")) {
  for (const turn of record.turns) {
    const expected = expectedOf(turn.type_of_output, turn.ground_truth, acceptable(turn.acceptable_arguments));
    dialog.push({
      id: `dialog-${record.dialog_num}-${turn.turn_num}`,
      type_of_output: turn.type_of_output,
      target: target_(expected),
      messages: turn.query,
      tools: record.tools,
      expected,
    });
  }
}
write("dialog.jsonl", dialog);

// Call decision (the stratified sample): call, ask for all or some missing slots, or decline.
const decision = [];
for (const record of lines("functionchat_calldecision_sample.jsonl")) {
  const expected = expectedOf(record.type_of_output, record.ground_truth, acceptable(record.acceptable_arguments));
  decision.push({
    id: `calldecision-${record.serial_num}`,
    category: record.category,
    type_of_output: record.type_of_output,
    target: target_(expected),
    messages: record.input_messages,
    tools: record.input_tools,
    expected,
  });
}
write("calldecision.jsonl", decision);
console.log(`singlecall ${singlecall.length}, dialog ${dialog.length}, calldecision ${decision.length} tasks -> ${target}`);
