import { kindOf } from "../reply-shape.js";
import type { GenerateResult, TokenUsage, ToolCall } from "../../spec/adapter.js";

interface WireToolCall {
  index?: number;
  id?: string | null;
  type?: string;
  function?: { name?: string | null; arguments?: string | null };
}

/** The parts of an OpenAI chat completion kfm reads; every field is optional because servers differ. */
export interface ChatCompletionBody {
  model?: string;
  system_fingerprint?: string | null;
  choices?: Array<{
    message?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null; tool_calls?: WireToolCall[] | null };
    finish_reason?: string | null;
  }>;
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    completion_tokens_details?: { reasoning_tokens?: number } | null;
  } | null;
}

const THINK_BLOCK = /<think>([\s\S]*?)<\/think>/gi;

/** Splits `<think>` blocks (and a dangling `</think>` some servers leave) out of the content. */
export function splitThinking(content: string): { text: string; reasoning: string[] } {
  const reasoning: string[] = [];
  let text = content.replace(THINK_BLOCK, (_block, inner: string) => {
    reasoning.push(inner.trim());
    return "";
  });
  const dangling = text.indexOf("</think>");
  if (dangling >= 0) {
    reasoning.push(text.slice(0, dangling).trim());
    text = text.slice(dangling + "</think>".length);
  }
  return { text: text.trim(), reasoning: reasoning.filter(Boolean) };
}

export type ParsedCompletion = Omit<GenerateResult, "latencyMs" | "attempts" | "warnings">;

export function parseChatCompletion(body: ChatCompletionBody): ParsedCompletion {
  const choice = body.choices?.[0];
  const message = choice?.message;
  const { text, reasoning } = splitThinking(typeof message?.content === "string" ? message.content : "");
  const apart = message?.reasoning_content ?? message?.reasoning;
  if (apart) reasoning.unshift(apart.trim());
  const usage: TokenUsage = {};
  if (typeof body.usage?.prompt_tokens === "number") usage.inputTokens = body.usage.prompt_tokens;
  if (typeof body.usage?.completion_tokens === "number") usage.outputTokens = body.usage.completion_tokens;
  const reasoningTokens = body.usage?.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoningTokens === "number") usage.reasoningTokens = reasoningTokens;
  const result: ParsedCompletion = { text, usage };
  const toolCalls = (message?.tool_calls ?? []).map(readToolCall);
  if (toolCalls.length > 0) result.toolCalls = toolCalls;
  if (reasoning.length > 0) result.reasoning = reasoning.join("\n\n");
  if (choice?.finish_reason) result.finishReason = choice.finish_reason;
  if (body.model) result.responseModel = body.model;
  if (body.system_fingerprint) result.fingerprint = body.system_fingerprint;
  return result;
}

/** A call as kfm keeps it; a server that sends no id gets a positional one so results can refer to it. */
function readToolCall(call: WireToolCall, position: number): ToolCall {
  return { id: call.id || `call_${position}`, name: call.function?.name ?? "", arguments: call.function?.arguments ?? "" };
}

interface ChunkBody {
  model?: string;
  system_fingerprint?: string | null;
  choices?: Array<{
    delta?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null; tool_calls?: WireToolCall[] | null };
    finish_reason?: string | null;
  }>;
  usage?: ChatCompletionBody["usage"];
}

/** Whether a streamed chunk carries generated text (answer or reasoning). */
export function chunkHasToken(event: unknown): boolean {
  const delta = (event as ChunkBody).choices?.[0]?.delta;
  return Boolean(delta?.content || delta?.reasoning_content || delta?.reasoning || delta?.tool_calls?.length);
}

/** Folds `chat.completion.chunk` events into one completion, then parses it like a whole reply. */
export function parseChatStream(events: readonly unknown[]): ParsedCompletion {
  let content = "";
  let reasoning = "";
  const merged: ChatCompletionBody = {};
  let finish: string | null | undefined;
  // Streamed calls arrive in fragments keyed by `index`: the first carries id and name, the rest argument text.
  const calls: WireToolCall[] = [];
  for (const raw of events) {
    const event = raw as ChunkBody;
    const delta = event.choices?.[0]?.delta;
    for (const fragment of delta?.tool_calls ?? []) {
      // Without an index (some servers omit it), a fragment with an id starts a call and one without continues the last.
      const index = fragment.index ?? (fragment.id || calls.length === 0 ? calls.length : calls.length - 1);
      const call = (calls[index] ??= { function: { name: "", arguments: "" } });
      if (fragment.id) call.id = fragment.id;
      if (fragment.function?.name) call.function!.name += fragment.function.name;
      if (fragment.function?.arguments) call.function!.arguments += fragment.function.arguments;
    }
    content += delta?.content ?? "";
    reasoning += delta?.reasoning_content ?? delta?.reasoning ?? "";
    finish = event.choices?.[0]?.finish_reason ?? finish;
    if (event.model) merged.model = event.model;
    if (event.system_fingerprint) merged.system_fingerprint = event.system_fingerprint;
    if (event.usage) merged.usage = event.usage;
  }
  const toolCalls = calls.filter((call) => call !== undefined);
  merged.choices = [
    {
      message: { content, ...(reasoning ? { reasoning_content: reasoning } : {}), ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
      finish_reason: finish ?? null,
    },
  ];
  return parseChatCompletion(merged);
}

/** A chat completion kfm cannot read an answer from: no choice, or content that is not text. */
export function chatReplyProblem(json: unknown): string | undefined {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return `the body is ${kindOf(json)}, not a chat completion object`;
  const choices = (json as { choices?: unknown }).choices;
  if (!Array.isArray(choices) || choices.length === 0) return `choices is ${kindOf(choices)}: the reply holds no answer`;
  const message = (choices[0] as { message?: unknown } | null)?.message;
  if (message === undefined || message === null) return undefined;
  const content = (message as { content?: unknown }).content;
  if (content !== undefined && content !== null && typeof content !== "string")
    return `choices[0].message.content is ${kindOf(content)}, not text`;
  return undefined;
}

/** A streamed chat completion kfm cannot read an answer from: no event with a choice, or a delta whose content is not text. */
export function chatStreamProblem(events: unknown): string | undefined {
  let choices = 0;
  for (const event of Array.isArray(events) ? events : []) {
    const choice = (event as { choices?: unknown } | null)?.choices;
    if (!Array.isArray(choice) || choice.length === 0) continue;
    choices++;
    const content = (choice[0] as { delta?: { content?: unknown } } | null)?.delta?.content;
    if (content !== undefined && content !== null && typeof content !== "string")
      return `choices[0].delta.content is ${kindOf(content)}, not text`;
  }
  return choices === 0 ? "no event carried a choice: the reply holds no answer" : undefined;
}
