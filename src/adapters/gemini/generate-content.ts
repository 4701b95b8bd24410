import { isObject, kindOf } from "../reply-shape.js";
import * as z from "zod";
import type { CallOptions, ChatMessage, GenerateRequest, GenerateResult, TokenUsage } from "../../spec/adapter.js";
import { commonSettings } from "../common-settings.js";
import { defineAdapter, type AdapterContext } from "../define-adapter.js";
import { HttpChatAdapter, keyHint, type AdapterTestHooks } from "../http-chat-adapter.js";
import { withRequestFields } from "../request-fields.js";

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
  candidates?: Array<{
    content?: { parts?: Array<{ text?: string; thought?: boolean; functionCall?: { id?: string; name?: string; args?: unknown } }> };
    finishReason?: string;
  }>;
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number };
  modelVersion?: string;
}

/** Google Gemini generateContent: roles user/model, system instruction apart, thought parts kept as reasoning. */
export class GeminiGenerateContent extends HttpChatAdapter<GeminiSettings> {
  readonly adapterId = "gemini";

  constructor(settings: GeminiSettings, context: AdapterContext, hooks: AdapterTestHooks = {}) {
    super(
      settings,
      context,
      {
        authHeaders: (apiKey): Record<string, string> => (apiKey ? { "x-goog-api-key": apiKey } : {}),
        authHint: keyHint(settings.apiKeyEnv, context.endpointName),
      },
      hooks,
    );
  }

  async doGenerate(request: GenerateRequest, options: CallOptions = {}): Promise<GenerateResult> {
    const settings = { ...request.settings, ...this.settings.parameters };
    const system = request.messages
      .filter((message) => message.role === "system")
      .map((message) => message.content)
      .join("\n\n");
    const generationConfig: Record<string, unknown> = {};
    if (settings.temperature !== undefined) generationConfig.temperature = settings.temperature;
    if (settings.maxTokens !== undefined) generationConfig.maxOutputTokens = settings.maxTokens;
    if (settings.topP !== undefined) generationConfig.topP = settings.topP;
    if (settings.seed !== undefined) generationConfig.seed = settings.seed;
    if (settings.stop?.length) generationConfig.stopSequences = settings.stop;
    if (this.settings.thinkingBudget !== undefined)
      generationConfig.thinkingConfig = { thinkingBudget: this.settings.thinkingBudget, includeThoughts: true };
    const body: Record<string, unknown> = {
      contents: toGeminiContents(request.messages),
      generationConfig,
    };
    if (request.tools?.length)
      body.tools = [
        {
          functionDeclarations: request.tools.map((tool) => ({
            name: tool.name,
            ...(tool.description !== undefined ? { description: tool.description } : {}),
            parameters: tool.parameters,
          })),
        },
      ];
    if (system) body.systemInstruction = { parts: [{ text: system }] };
    const path = `/${this.settings.apiVersion}/models/${encodeURIComponent(this.settings.model)}:generateContent`;
    const response = await this.endpoint.post(
      path,
      JSON.stringify(withRequestFields(body, request.settings.request, this.settings.request)),
      options.signal,
      undefined,
      generateContentProblem,
    );
    const json = response.json as GenerateContentBody;
    const parts = json.candidates?.[0]?.content?.parts ?? [];
    const usage: TokenUsage = {};
    if (typeof json.usageMetadata?.promptTokenCount === "number") usage.inputTokens = json.usageMetadata.promptTokenCount;
    if (typeof json.usageMetadata?.candidatesTokenCount === "number") usage.outputTokens = json.usageMetadata.candidatesTokenCount;
    if (typeof json.usageMetadata?.thoughtsTokenCount === "number") usage.reasoningTokens = json.usageMetadata.thoughtsTokenCount;
    const result: GenerateResult = {
      text: parts
        .filter((part) => !part.thought)
        .map((part) => part.text ?? "")
        .join("")
        .trim(),
      usage,
      latencyMs: response.latencyMs,
      attempts: response.attempts,
      warnings: [],
    };
    const thoughts = parts
      .filter((part) => part.thought)
      .map((part) => part.text ?? "")
      .join("\n\n");
    if (thoughts) result.reasoning = thoughts;
    // Gemini's calls carry no id (newer models may): kfm gives them positional ones for the results to name.
    const calls = parts.filter((part) => part.functionCall);
    if (calls.length > 0)
      result.toolCalls = calls.map((part, index) => ({
        id: part.functionCall!.id ?? `call_${index}`,
        name: part.functionCall!.name ?? "",
        arguments: JSON.stringify(part.functionCall!.args ?? {}),
      }));
    const finish = json.candidates?.[0]?.finishReason;
    if (finish) result.finishReason = finish;
    if (json.modelVersion) result.responseModel = json.modelVersion;
    return result;
  }
}

export const geminiAdapter = defineAdapter({
  id: "gemini",
  description: "Google Gemini generateContent, thought parts kept apart, tools as functionCall / functionResponse parts.",
  settingsSchema: geminiSettingsSchema,
  capabilities: { chat: true, streaming: false, tools: true, logprobs: false },
  create: (settings, context) => new GeminiGenerateContent(settings, context),
});

/**
 * kfm's messages as Gemini contents: roles user and model; calls as `functionCall` parts; results as
 * `functionResponse` parts on a user turn (consecutive results share one), the response an object
 * (JSON results as they are, other text under `content`).
 */
export function toGeminiContents(messages: readonly ChatMessage[]): unknown[] {
  const contents: Array<{ role: string; parts: unknown[] }> = [];
  for (const message of messages) {
    if (message.role === "system") continue;
    if (message.role === "tool") {
      let response: unknown;
      try {
        response = JSON.parse(message.content);
      } catch {
        response = undefined;
      }
      const part = {
        functionResponse: {
          name: message.name ?? "",
          response: response && typeof response === "object" && !Array.isArray(response) ? response : { content: message.content },
        },
      };
      const last = contents.at(-1);
      if (last?.role === "user" && last.parts.every((entry) => typeof entry === "object" && entry !== null && "functionResponse" in entry))
        last.parts.push(part);
      else contents.push({ role: "user", parts: [part] });
      continue;
    }
    if (message.role === "assistant" && message.toolCalls?.length) {
      const parts: unknown[] = message.content ? [{ text: message.content }] : [];
      for (const call of message.toolCalls) {
        let args: unknown = {};
        try {
          args = JSON.parse(call.arguments || "{}");
        } catch {
          args = {};
        }
        parts.push({ functionCall: { name: call.name, args } });
      }
      contents.push({ role: "model", parts });
      continue;
    }
    contents.push({ role: message.role === "assistant" ? "model" : "user", parts: [{ text: message.content }] });
  }
  return contents;
}

/** A generateContent reply kfm cannot read an answer from: no candidate (a blocked prompt says why), or a part whose text is not text. */
export function generateContentProblem(json: unknown): string | undefined {
  if (!isObject(json)) return `the body is ${kindOf(json)}, not a generateContent object`;
  const candidates = json.candidates;
  if (!Array.isArray(candidates) || candidates.length === 0) {
    const blocked = isObject(json.promptFeedback) ? json.promptFeedback.blockReason : undefined;
    return `candidates is ${kindOf(candidates)}: the reply holds no answer${blocked !== undefined ? ` (promptFeedback.blockReason ${String(blocked)})` : ""}`;
  }
  const content = isObject(candidates[0]) ? candidates[0].content : undefined;
  const parts = isObject(content) && Array.isArray(content.parts) ? content.parts : [];
  for (const [index, part] of parts.entries()) {
    if (isObject(part) && part.text !== undefined && typeof part.text !== "string")
      return `candidates[0].content.parts[${index}].text is ${kindOf(part.text)}, not text`;
  }
  return undefined;
}
