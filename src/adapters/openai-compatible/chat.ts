import type { CallOptions, ChatAdapterV1, GenerateRequest, GenerateResult, GenerationSettings } from "../../spec/adapter.js";
import { resolveCredentials } from "../credentials.js";
import type { AdapterContext } from "../define-adapter.js";
import { JsonEndpoint } from "../json-endpoint.js";
import type { Sleep } from "../retry.js";
import { parseChatCompletion, type ChatCompletionBody } from "./parse-response.js";
import type { OpenAICompatibleSettings } from "./settings.js";

export interface ChatAdapterOptions {
  /** Injected in tests so backoff costs no wall time. */
  sleep?: Sleep;
  random?: () => number;
}

function requestBody(model: string, request: GenerateRequest, parameters: GenerationSettings): string {
  // The evaluator's endpoint parameters win over the suite's defaults.
  const settings = { ...request.settings, ...parameters };
  const body: Record<string, unknown> = { model, messages: request.messages };
  if (settings.temperature !== undefined) body.temperature = settings.temperature;
  if (settings.maxTokens !== undefined) body.max_tokens = settings.maxTokens;
  if (settings.topP !== undefined) body.top_p = settings.topP;
  if (settings.seed !== undefined) body.seed = settings.seed;
  if (settings.stop !== undefined && settings.stop.length > 0) body.stop = settings.stop;
  return JSON.stringify(body);
}

/** The OpenAI-compatible chat adapter: vLLM, SGLang, Ollama, llama.cpp server and hosted APIs. */
export class OpenAICompatibleChat implements ChatAdapterV1 {
  readonly specificationVersion = "v1" as const;
  readonly adapterId = "openai-compatible";
  readonly modelId: string;
  readonly publicSettings: Record<string, unknown>;
  private readonly endpoint: JsonEndpoint;

  constructor(
    private readonly settings: OpenAICompatibleSettings,
    context: AdapterContext,
    options: ChatAdapterOptions = {},
  ) {
    const { apiKey, headers, secrets } = resolveCredentials(settings, context);
    this.modelId = settings.model;
    this.endpoint = new JsonEndpoint({
      baseUrl: settings.baseUrl,
      headers: { "content-type": "application/json", accept: "application/json", ...headers, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      secrets,
      timeouts: settings.timeouts,
      retry: settings.retry,
      connections: settings.connections ?? context.concurrency,
      authHint: settings.apiKeyEnv
        ? `check the key in ${settings.apiKeyEnv} for endpoint "${context.endpointName}"`
        : `endpoint "${context.endpointName}" has no API key configured: set apiKeyEnv in kfm.yaml or pass --api-key-env NAME`,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    const { headers: _headers, ...rest } = settings;
    this.publicSettings = { ...rest, headers: Object.keys(settings.headers) };
  }

  async doGenerate(request: GenerateRequest, options: CallOptions = {}): Promise<GenerateResult> {
    const response = await this.endpoint.post("/chat/completions", requestBody(this.settings.model, request, this.settings.parameters), options.signal);
    return { ...parseChatCompletion(response.json as ChatCompletionBody), latencyMs: response.latencyMs, attempts: response.attempts, warnings: [] };
  }

  async doListModels(options: CallOptions = {}): Promise<string[]> {
    const body = (await this.endpoint.get("/models", options.signal)) as { data?: Array<{ id?: string }> };
    return (body.data ?? []).map((model) => model.id).filter((id): id is string => typeof id === "string");
  }

  async close(): Promise<void> {
    await this.endpoint.close();
  }
}
