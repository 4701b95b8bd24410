import type { ChatAdapterV1, ChatMessage, GenerateResult, GenerationSettings } from "../spec/adapter.js";

export interface ConversationResult {
  /** The reply to each user turn, in order. */
  replies: string[];
  /** The last reply, with usage, latency and attempts summed over the turns. */
  result: GenerateResult;
}

/**
 * A multi-turn conversation (KoMT-Bench, MT-Bench): the first turn as rendered, then each further
 * user turn after the model's reply to the previous one, the model's own replies kept in the
 * history. An endpoint error on any turn propagates: the item is an error and resume redoes it whole.
 */
export async function runConversation(options: {
  adapter: ChatAdapterV1;
  messages: ChatMessage[];
  followUps: readonly string[];
  settings: GenerationSettings;
  itemId: string;
  signal?: AbortSignal;
}): Promise<ConversationResult> {
  const history = [...options.messages];
  const replies: string[] = [];
  let total: GenerateResult | undefined;
  for (let turn = 0; turn <= options.followUps.length; turn++) {
    if (turn > 0) history.push({ role: "user", content: options.followUps[turn - 1]! });
    const result = await options.adapter.doGenerate(
      { messages: [...history], settings: options.settings, itemId: options.itemId },
      options.signal ? { signal: options.signal } : {},
    );
    replies.push(result.text);
    history.push({ role: "assistant", content: result.text });
    if (!total) total = { ...result, usage: { ...result.usage }, warnings: [...result.warnings] };
    else {
      const usage = total.usage;
      if (result.usage.inputTokens !== undefined) usage.inputTokens = (usage.inputTokens ?? 0) + result.usage.inputTokens;
      if (result.usage.outputTokens !== undefined) usage.outputTokens = (usage.outputTokens ?? 0) + result.usage.outputTokens;
      if (result.usage.reasoningTokens !== undefined) usage.reasoningTokens = (usage.reasoningTokens ?? 0) + result.usage.reasoningTokens;
      total = {
        ...result,
        usage,
        latencyMs: total.latencyMs + result.latencyMs,
        attempts: total.attempts + result.attempts,
        warnings: [...total.warnings, ...result.warnings],
      };
    }
  }
  return { replies, result: total! };
}
