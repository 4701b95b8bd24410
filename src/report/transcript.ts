import type { ItemRecord } from "../spec/record.js";

const callText = (calls: ReadonlyArray<{ name: string; arguments: string }>) =>
  calls.map((call) => `${call.name}(${call.arguments})`).join("\n");

/** A record's turns after the prompt, as text: a conversation's replies, the calls of a tool-use turn, an agent's trajectory. */
export function transcriptOf(record: ItemRecord): string | undefined {
  if (record.agent) {
    return record.agent.trajectory
      .map((message) =>
        message.role === "tool"
          ? `[tool ${message.name ?? ""}] ${message.content}`
          : `[${message.role}] ${message.content}${message.toolCalls?.length ? `${message.content ? "\n" : ""}calls: ${callText(message.toolCalls)}` : ""}`,
      )
      .concat(
        `(${record.agent.turns} turns, ${record.agent.toolCalls} calls, ${record.agent.malformedCalls} malformed, ${record.agent.toolErrors} tool errors; stopped by ${record.agent.stop})`,
      )
      .join("\n\n");
  }
  if (record.toolCalls?.length) return `calls: ${callText(record.toolCalls)}`;
  if (record.turns && record.turns.length > 1)
    return record.turns.map((turn, index) => `[assistant, turn ${index + 1}]\n${turn}`).join("\n\n");
  return undefined;
}
