import { isObject, kindOf } from "../reply-shape.js";
import * as z from "zod";
import type { AdapterWarning, CallOptions, GenerateRequest, GenerateResult, TokenUsage } from "../../spec/adapter.js";
import { commonSettings } from "../common-settings.js";
import { defineAdapter, type AdapterContext } from "../define-adapter.js";
import { HttpChatAdapter, keyHint, type AdapterTestHooks } from "../http-chat-adapter.js";
import { withRequestFields } from "../request-fields.js";
import { toAnthropicMessages, toAnthropicTools } from "./wire-messages.js";

export const anthropicSettingsSchema = z
  .object({
    baseUrl: z.url({ protocol: /^https?$/ }).default("https://api.anthropic.com"),
    ...commonSettings,
    apiKeyEnv: commonSettings.apiKeyEnv.default("ANTHROPIC_API_KEY"),
    anthropicVersion: z.string().default("2023-06-01"),
    /** Extended thinking: the budget in tokens, or off. Thinking blocks are kept apart from the answer. */
    thinkingBudget: z.int().min(1024).optional(),
    /** The Messages API requires max_tokens; used when neither the suite nor parameters set one. */
    defaultMaxTokens: z.int().min(1).default(4096),
  })
  .strict();

export type AnthropicSettings = z.infer<typeof anthropicSettingsSchema>;

interface MessagesBody {
  model?: string;
  content?: Array<{ type: string; text?: string; thinking?: string; id?: string; name?: string; input?: unknown }>;
  stop_reason?: string | null;
  usage?: { input_tokens?: number; output_tokens?: number };
}

/** Anthropic Messages API: system prompt apart, thinking blocks kept as reasoning, `seed` unsupported (a warning). */
export class AnthropicMessages extends HttpChatAdapter<AnthropicSettings> {
  readonly adapterId = "anthropic";

  constructor(settings: AnthropicSettings, context: AdapterContext, hooks: AdapterTestHooks = {}) {
    super(
      settings,
      context,
      {
        authHeaders: (apiKey) => ({ "anthropic-version": settings.anthropicVersion, ...(apiKey ? { "x-api-key": apiKey } : {}) }),
        authHint: keyHint(settings.apiKeyEnv, context.endpointName),
      },
      hooks,
    );
  }

  async doGenerate(request: GenerateRequest, options: CallOptions = {}): Promise<GenerateResult> {
    const settings = { ...request.settings, ...this.settings.parameters };
    const warnings: AdapterWarning[] = [];
    const system = request.messages
      .filter((message) => message.role === "system")
      .map((message) => message.content)
      .join("\n\n");
    const body: Record<string, unknown> = {
      model: this.settings.model,
      max_tokens: settings.maxTokens ?? this.settings.defaultMaxTokens,
      messages: toAnthropicMessages(request.messages),
    };
    if (request.tools?.length) body.tools = toAnthropicTools(request.tools);
    if (system) body.system = system;
    if (this.settings.thinkingBudget) {
      body.thinking = { type: "enabled", budget_tokens: this.settings.thinkingBudget };
      if (settings.temperature !== undefined && settings.temperature !== 1)
        warnings.push({
          type: "unsupported-setting",
          setting: "temperature",
          message: "extended thinking requires temperature 1; not sent",
        });
    } else if (settings.temperature !== undefined) body.temperature = settings.temperature;
    if (settings.topP !== undefined) body.top_p = settings.topP;
    if (settings.stop?.length) body.stop_sequences = settings.stop;
    if (settings.seed !== undefined)
      warnings.push({
        type: "unsupported-setting",
        setting: "seed",
        message: "the Anthropic Messages API has no seed; runs are not bit-reproducible",
      });
    const response = await this.endpoint.post(
      "/v1/messages",
      JSON.stringify(withRequestFields(body, request.settings.request, this.settings.request)),
      options.signal,
      undefined,
      messagesReplyProblem,
    );
    const json = response.json as MessagesBody;
    const text = (json.content ?? [])
      .filter((block) => block.type === "text")
      .map((block) => block.text ?? "")
      .join("");
    const thinking = (json.content ?? [])
      .filter((block) => block.type === "thinking")
      .map((block) => block.thinking ?? "")
      .join("\n\n");
    const usage: TokenUsage = {};
    if (typeof json.usage?.input_tokens === "number") usage.inputTokens = json.usage.input_tokens;
    if (typeof json.usage?.output_tokens === "number") usage.outputTokens = json.usage.output_tokens;
    const result: GenerateResult = { text: text.trim(), usage, latencyMs: response.latencyMs, attempts: response.attempts, warnings };
    if (thinking) result.reasoning = thinking;
    const calls = (json.content ?? []).filter((block) => block.type === "tool_use");
    if (calls.length > 0)
      result.toolCalls = calls.map((block, index) => ({
        id: block.id ?? `call_${index}`,
        name: block.name ?? "",
        arguments: JSON.stringify(block.input ?? {}),
      }));
    if (json.stop_reason) result.finishReason = json.stop_reason;
    if (json.model) result.responseModel = json.model;
    return result;
  }
}

export const anthropicAdapter = defineAdapter({
  id: "anthropic",
  description: "Anthropic Messages API (/v1/messages), thinking blocks kept apart, tools as tool_use / tool_result blocks.",
  settingsSchema: anthropicSettingsSchema,
  capabilities: { chat: true, streaming: false, tools: true, logprobs: false },
  create: (settings, context) => new AnthropicMessages(settings, context),
});

/** A Messages reply kfm cannot read an answer from: no content blocks, a text that is not text, or only blocks kfm does not read. */
export function messagesReplyProblem(json: unknown): string | undefined {
  if (!isObject(json)) return `the body is ${kindOf(json)}, not a Messages object`;
  const content = json.content;
  if (!Array.isArray(content) || content.length === 0) return `content is ${kindOf(content)}: the reply holds no answer`;
  const types = content.map((block) => (isObject(block) ? block.type : undefined));
  for (const [index, block] of content.entries()) {
    if (isObject(block) && block.type === "text" && typeof block.text !== "string")
      return `content[${index}].text is ${kindOf(block.text)}, not text`;
  }
  if (!types.some((type) => type === "text" || type === "thinking" || type === "tool_use"))
    return `content holds no text, thinking or tool_use block (types: ${types.map(String).join(", ")})`;
  return undefined;
}
