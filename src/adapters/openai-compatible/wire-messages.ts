import type { ChatMessage, ToolDefinition } from "../../spec/adapter.js";

/** A chat message as the OpenAI chat-completions API spells it. */
export interface WireMessage {
  role: string;
  content: string | null;
  tool_calls?: Array<{ id: string; type: "function"; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
  name?: string;
}

/** kfm's messages in OpenAI's shape: tool calls as `tool_calls`, results as `tool` messages. */
export function toWireMessages(messages: readonly ChatMessage[]): WireMessage[] {
  return messages.map((message) => {
    if (message.role === "assistant" && message.toolCalls?.length) {
      return {
        role: "assistant",
        content: message.content === "" ? null : message.content,
        tool_calls: message.toolCalls.map((call) => ({
          id: call.id,
          type: "function" as const,
          function: { name: call.name, arguments: call.arguments },
        })),
      };
    }
    if (message.role === "tool") {
      const wire: WireMessage = { role: "tool", content: message.content, tool_call_id: message.toolCallId ?? "" };
      if (message.name !== undefined) wire.name = message.name;
      return wire;
    }
    return { role: message.role, content: message.content };
  });
}

export function toWireTools(tools: readonly ToolDefinition[]): unknown[] {
  return tools.map((tool) => ({
    type: "function",
    function: {
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      parameters: tool.parameters,
    },
  }));
}
