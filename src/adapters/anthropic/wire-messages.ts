import type { ChatMessage, ToolCall, ToolDefinition } from "../../spec/adapter.js";

type Block =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; tool_use_id: string; content: string };

export interface AnthropicMessage {
  role: "user" | "assistant";
  content: string | Block[];
}

/** The arguments object of a call; text that is not a JSON object travels as `{}` (the model sees its own error in the result). */
function inputOf(call: ToolCall): unknown {
  try {
    const value = JSON.parse(call.arguments || "{}") as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

/**
 * kfm's messages in the Messages API's shape: calls as `tool_use` blocks on the assistant turn,
 * results as `tool_result` blocks on a user turn (consecutive results share one, as the API asks).
 * System messages go apart (the caller sends them as `system`).
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): AnthropicMessage[] {
  const out: AnthropicMessage[] = [];
  for (const message of messages) {
    if (message.role === "system") continue;
    if (message.role === "tool") {
      const block: Block = { type: "tool_result", tool_use_id: message.toolCallId ?? "", content: message.content };
      const last = out.at(-1);
      if (last?.role === "user" && Array.isArray(last.content) && last.content.every((entry) => entry.type === "tool_result"))
        last.content.push(block);
      else out.push({ role: "user", content: [block] });
      continue;
    }
    if (message.role === "assistant" && message.toolCalls?.length) {
      const blocks: Block[] = message.content ? [{ type: "text", text: message.content }] : [];
      for (const call of message.toolCalls) blocks.push({ type: "tool_use", id: call.id, name: call.name, input: inputOf(call) });
      out.push({ role: "assistant", content: blocks });
      continue;
    }
    out.push({ role: message.role, content: message.content });
  }
  return out;
}

export function toAnthropicTools(tools: readonly ToolDefinition[]): unknown[] {
  return tools.map((tool) => ({
    name: tool.name,
    ...(tool.description !== undefined ? { description: tool.description } : {}),
    input_schema: tool.parameters,
  }));
}
