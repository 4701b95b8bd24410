import type {
  CallOptions,
  GenerateRequest,
  GenerateResult,
  GenerationSettings,
  LogLikelihoodRequest,
  LogLikelihoodResponse,
} from "../../spec/adapter.js";
import { ApiCallError } from "../../spec/errors.js";
import { logLikelihoodBody, readLogLikelihood, type CompletionBody } from "./log-likelihood.js";
import type { AdapterContext } from "../define-adapter.js";
import { HttpChatAdapter, keyHint, type AdapterTestHooks } from "../http-chat-adapter.js";
import type { JsonResponse } from "../json-endpoint.js";
import {
  chatReplyProblem,
  chatStreamProblem,
  chunkHasToken,
  parseChatCompletion,
  parseChatStream,
  type ChatCompletionBody,
  type ParsedCompletion,
} from "./parse-response.js";
import type { OpenAICompatibleSettings } from "./settings.js";
import { toWireMessages, toWireTools } from "./wire-messages.js";
import { withRequestFields } from "../request-fields.js";

/** Test hooks, as for every HTTP adapter. */
export type ChatAdapterOptions = AdapterTestHooks;

function requestBody(
  model: string,
  request: GenerateRequest,
  parameters: GenerationSettings,
  stream: boolean,
  extra: Record<string, unknown> | undefined,
): string {
  // The evaluator's endpoint parameters win over the suite's defaults.
  const settings = { ...request.settings, ...parameters };
  const plain = request.messages.every((message) => message.role !== "tool" && !message.toolCalls);
  const body: Record<string, unknown> = { model, messages: plain ? request.messages : toWireMessages(request.messages) };
  if (request.tools?.length) body.tools = toWireTools(request.tools);
  if (settings.temperature !== undefined) body.temperature = settings.temperature;
  if (settings.maxTokens !== undefined) body.max_tokens = settings.maxTokens;
  if (settings.topP !== undefined) body.top_p = settings.topP;
  if (settings.seed !== undefined) body.seed = settings.seed;
  if (settings.stop !== undefined && settings.stop.length > 0) body.stop = settings.stop;
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return JSON.stringify(withRequestFields(body, request.settings.request, extra));
}

/**
 * The parsed reply completed in place: spreading it into a new literal, whose shape varies with
 * the optional fields present, costs several microseconds per call on Node 20.
 */
function withTiming(parsed: ParsedCompletion, response: JsonResponse): GenerateResult {
  return Object.assign(parsed, { latencyMs: response.latencyMs, attempts: response.attempts, warnings: [] });
}

/** The OpenAI-compatible chat adapter: vLLM, SGLang, Ollama, llama.cpp server and hosted APIs. */
export class OpenAICompatibleChat extends HttpChatAdapter<OpenAICompatibleSettings> {
  readonly adapterId = "openai-compatible";

  constructor(settings: OpenAICompatibleSettings, context: AdapterContext, hooks: AdapterTestHooks = {}) {
    super(
      settings,
      context,
      {
        authHeaders: (apiKey): Record<string, string> => (apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        authHint: keyHint(settings.apiKeyEnv, context.endpointName),
      },
      hooks,
    );
  }

  async doGenerate(request: GenerateRequest, options: CallOptions = {}): Promise<GenerateResult> {
    const body = requestBody(this.settings.model, request, this.settings.parameters, this.settings.stream, this.settings.request);
    // The item id travels as a header: tracing for any server, and how kfm's simulator knows which task it plays.
    const headers = request.itemId !== undefined ? { "x-kfm-item": encodeURIComponent(request.itemId) } : undefined;
    if (this.settings.stream) {
      const response = await this.endpoint.post("/chat/completions", body, options.signal, chunkHasToken, chatStreamProblem, headers);
      const result = withTiming(parseChatStream(response.json as unknown[]), response);
      if (response.timeToFirstTokenMs !== undefined) result.timeToFirstTokenMs = response.timeToFirstTokenMs;
      return result;
    }
    const response = await this.endpoint.post("/chat/completions", body, options.signal, undefined, chatReplyProblem, headers);
    return withTiming(parseChatCompletion(response.json as ChatCompletionBody), response);
  }

  async doLogLikelihood(requests: LogLikelihoodRequest[], options: CallOptions = {}): Promise<LogLikelihoodResponse> {
    const response = await this.endpoint.post("/completions", logLikelihoodBody(this.settings.model, requests), options.signal);
    let read: ReturnType<typeof readLogLikelihood>;
    try {
      read = readLogLikelihood(response.json as CompletionBody, requests);
    } catch (error) {
      throw new ApiCallError(`${this.settings.baseUrl}/completions: ${(error as Error).message}`, {
        url: `${this.settings.baseUrl}/completions`,
        isRetryable: false,
      });
    }
    return { ...read, latencyMs: response.latencyMs, attempts: response.attempts };
  }

  async doListModels(options: CallOptions = {}): Promise<string[]> {
    const body = (await this.endpoint.get("/models", options.signal)) as { data?: Array<{ id?: string }> };
    return (body.data ?? []).map((model) => model.id).filter((id): id is string => typeof id === "string");
  }

  /** vLLM and SGLang list `max_model_len` for each model; some servers say `context_length` or `context_window`. */
  async doContextLength(options: CallOptions = {}): Promise<number | undefined> {
    const body = (await this.endpoint.get("/models", options.signal)) as { data?: Array<Record<string, unknown>> };
    const models = body.data ?? [];
    const entry = models.find((model) => model.id === this.settings.model) ?? (models.length === 1 ? models[0] : undefined);
    for (const field of ["max_model_len", "context_length", "context_window"]) {
      const value = entry?.[field];
      if (typeof value === "number" && Number.isInteger(value) && value > 0) return value;
    }
    return undefined;
  }
}
