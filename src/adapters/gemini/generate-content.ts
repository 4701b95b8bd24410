import { z } from "zod";
import type { CallOptions, GenerateRequest, GenerateResult, TokenUsage } from "../../spec/adapter.js";
import { commonSettings } from "../common-settings.js";
import { defineAdapter, type AdapterContext } from "../define-adapter.js";
import { HttpChatAdapter, keyHint, type AdapterTestHooks } from "../http-chat-adapter.js";

export const geminiSettingsSchema = z
  .object({
    baseUrl: z.url({ protocol: /^https?$/ }).default("https://generativelanguage.googleapis.com"),
    ...commonSettings,
    apiKeyEnv: commonSettings.apiKeyEnv.default("GEMINI_API_KEY"),
    apiVersion: z.string().default("v1beta"),
    /** Thinking budget in tokens (0 turns thinking off on models that allow it); thoughts are kept apart. */
    thinkingBudget: z.int().min(0).optional(),
  })
  .strict();

export type GeminiSettings = z.infer<typeof geminiSettingsSchema>;

interface GenerateContentBody {
  candidates?: Array<{ content?: { parts?: Array<{ text?: string; thought?: boolean }> }; finishReason?: string }>;
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number };
  modelVersion?: string;
}

/** Google Gemini generateContent: roles user/model, system instruction apart, thought parts kept as reasoning. */
export class GeminiGenerateContent extends HttpChatAdapter<GeminiSettings> {
  readonly adapterId = "gemini";

  constructor(settings: GeminiSettings, context: AdapterContext, hooks: AdapterTestHooks = {}) {
    super(settings, context, { authHeaders: (apiKey): Record<string, string> => (apiKey ? { "x-goog-api-key": apiKey } : {}), authHint: keyHint(settings.apiKeyEnv, context.endpointName) }, hooks);
  }

  async doGenerate(request: GenerateRequest, options: CallOptions = {}): Promise<GenerateResult> {
    const settings = { ...request.settings, ...this.settings.parameters };
    const system = request.messages.filter((message) => message.role === "system").map((message) => message.content).join("\n\n");
    const generationConfig: Record<string, unknown> = {};
    if (settings.temperature !== undefined) generationConfig.temperature = settings.temperature;
    if (settings.maxTokens !== undefined) generationConfig.maxOutputTokens = settings.maxTokens;
    if (settings.topP !== undefined) generationConfig.topP = settings.topP;
    if (settings.seed !== undefined) generationConfig.seed = settings.seed;
    if (settings.stop?.length) generationConfig.stopSequences = settings.stop;
    if (this.settings.thinkingBudget !== undefined) generationConfig.thinkingConfig = { thinkingBudget: this.settings.thinkingBudget, includeThoughts: true };
    const body: Record<string, unknown> = {
      contents: request.messages.filter((message) => message.role !== "system").map((message) => ({ role: message.role === "assistant" ? "model" : "user", parts: [{ text: message.content }] })),
      generationConfig,
    };
    if (system) body.systemInstruction = { parts: [{ text: system }] };
    const path = `/${this.settings.apiVersion}/models/${encodeURIComponent(this.settings.model)}:generateContent`;
    const response = await this.endpoint.post(path, JSON.stringify(body), options.signal);
    const json = response.json as GenerateContentBody;
    const parts = json.candidates?.[0]?.content?.parts ?? [];
    const usage: TokenUsage = {};
    if (typeof json.usageMetadata?.promptTokenCount === "number") usage.inputTokens = json.usageMetadata.promptTokenCount;
    if (typeof json.usageMetadata?.candidatesTokenCount === "number") usage.outputTokens = json.usageMetadata.candidatesTokenCount;
    if (typeof json.usageMetadata?.thoughtsTokenCount === "number") usage.reasoningTokens = json.usageMetadata.thoughtsTokenCount;
    const result: GenerateResult = {
      text: parts.filter((part) => !part.thought).map((part) => part.text ?? "").join("").trim(),
      usage,
      latencyMs: response.latencyMs,
      attempts: response.attempts,
      warnings: [],
    };
    const thoughts = parts.filter((part) => part.thought).map((part) => part.text ?? "").join("\n\n");
    if (thoughts) result.reasoning = thoughts;
    const finish = json.candidates?.[0]?.finishReason;
    if (finish) result.finishReason = finish;
    if (json.modelVersion) result.responseModel = json.modelVersion;
    return result;
  }

}

export const geminiAdapter = defineAdapter({
  id: "gemini",
  description: "Google Gemini generateContent, thought parts kept apart.",
  settingsSchema: geminiSettingsSchema,
  capabilities: { chat: true, streaming: false, tools: false, logprobs: false },
  create: (settings, context) => new GeminiGenerateContent(settings, context),
});
