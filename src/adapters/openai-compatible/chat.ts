import { Pool, errors as undiciErrors } from "undici";
import type { CallOptions, ChatAdapterV1, GenerateRequest, GenerateResult, GenerationSettings } from "../../spec/adapter.js";
import { ApiCallError, KfmError } from "../../spec/errors.js";
import type { AdapterContext } from "../define-adapter.js";
import { backoffDelay, parseRetryAfter, sleep as defaultSleep, type Sleep } from "../retry.js";
import { parseChatCompletion, type ChatCompletionBody } from "./parse-response.js";
import type { OpenAICompatibleSettings } from "./settings.js";

const MAX_ERROR_BODY = 2000;
const ENV_REFERENCE = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;

export interface ChatAdapterOptions {
  /** Injected in tests so backoff costs no wall time. */
  sleep?: Sleep;
  random?: () => number;
}

function resolveSecrets(settings: OpenAICompatibleSettings, context: AdapterContext): { apiKey?: string; headers: Record<string, string>; secrets: string[] } {
  const secrets: string[] = [];
  let apiKey: string | undefined;
  if (settings.apiKeyEnv) {
    apiKey = context.env[settings.apiKeyEnv];
    if (!apiKey) {
      throw new KfmError("config", `endpoint "${context.endpointName}": environment variable ${settings.apiKeyEnv} is not set`, {
        hint: `Set ${settings.apiKeyEnv} to the API key for endpoint "${context.endpointName}" (export ${settings.apiKeyEnv}=...).`,
      });
    }
    secrets.push(apiKey);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings.headers)) {
    const reference = ENV_REFERENCE.exec(value);
    if (!reference) {
      headers[name] = value;
      continue;
    }
    const resolved = context.env[reference[1]!];
    if (!resolved) {
      throw new KfmError("config", `endpoint "${context.endpointName}": header ${name} needs environment variable ${reference[1]}, which is not set`, {
        hint: `Set ${reference[1]}.`,
      });
    }
    headers[name] = resolved;
    secrets.push(resolved);
  }
  return { ...(apiKey ? { apiKey } : {}), headers, secrets };
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

function isNetworkError(error: unknown): boolean {
  if (error instanceof undiciErrors.UndiciError) return true;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && /^(E[A-Z]+|UND_ERR)/.test(code);
}

/** The OpenAI-compatible chat adapter: vLLM, SGLang, Ollama, llama.cpp server and hosted APIs. */
export class OpenAICompatibleChat implements ChatAdapterV1 {
  readonly specificationVersion = "v1" as const;
  readonly adapterId = "openai-compatible";
  readonly modelId: string;
  readonly publicSettings: Record<string, unknown>;
  private readonly pool: Pool;
  private readonly path: string;
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly secrets: string[];
  private readonly sleep: Sleep;
  private readonly random: () => number;

  constructor(
    private readonly settings: OpenAICompatibleSettings,
    private readonly context: AdapterContext,
    options: ChatAdapterOptions = {},
  ) {
    const base = new URL(settings.baseUrl);
    const { apiKey, headers, secrets } = resolveSecrets(settings, context);
    this.modelId = settings.model;
    this.secrets = secrets;
    this.path = `${base.pathname.replace(/\/+$/, "")}/chat/completions`;
    this.url = `${base.origin}${this.path}`;
    this.headers = { "content-type": "application/json", accept: "application/json", ...headers, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) };
    this.pool = new Pool(base.origin, {
      connections: settings.connections ?? context.concurrency,
      pipelining: 1,
      connect: { timeout: settings.timeouts.connectMs },
      headersTimeout: settings.timeouts.totalMs,
      bodyTimeout: settings.timeouts.totalMs,
    });
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    const { headers: _headers, ...rest } = settings;
    this.publicSettings = { ...rest, headers: Object.keys(settings.headers) };
  }

  /** Removes every secret from text an endpoint sent back (some echo the request). */
  private scrub(text: string): string {
    let clean = text;
    for (const secret of this.secrets) if (secret.length >= 4) clean = clean.split(secret).join("[redacted]");
    return clean;
  }

  private authHint(): string {
    return this.settings.apiKeyEnv
      ? `check the key in ${this.settings.apiKeyEnv} for endpoint "${this.context.endpointName}"`
      : `endpoint "${this.context.endpointName}" has no API key configured: set apiKeyEnv in kfm.yaml or pass --api-key-env NAME`;
  }

  private async attempt(body: string, signal: AbortSignal | undefined): Promise<GenerateResult> {
    // The per-attempt deadline is undici's own headers and body timeouts (its cheap shared timers):
    // a non-streaming completion sends its headers only when the answer is ready, so the headers
    // timeout bounds the whole generation. The caller's signal goes straight to undici.
    const started = performance.now();
    let statusCode: number;
    let text: string;
    let retryAfter: string | string[] | undefined;
    try {
      const response = await this.pool.request({ method: "POST", path: this.path, headers: this.headers, body, ...(signal ? { signal } : {}) });
      statusCode = response.statusCode;
      retryAfter = response.headers["retry-after"];
      text = await response.body.text();
    } catch (error) {
      if (signal?.aborted) throw new KfmError("aborted", "request cancelled", { cause: error });
      if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
        throw new ApiCallError(`no complete response from ${this.url} within ${this.settings.timeouts.totalMs} ms`, { url: this.url, isRetryable: true, cause: error });
      }
      if (isNetworkError(error)) {
        throw new ApiCallError(`network error calling ${this.url}: ${this.scrub((error as Error).message)}`, { url: this.url, isRetryable: true, cause: error });
      }
      throw error;
    }
    const latencyMs = performance.now() - started;
    if (statusCode < 200 || statusCode >= 300) {
      const snippet = this.scrub(text.slice(0, MAX_ERROR_BODY));
      const retryAfterMs = parseRetryAfter(retryAfter);
      const auth = statusCode === 401 || statusCode === 403;
      const message = auth ? `HTTP ${statusCode} from ${this.url}: the endpoint rejected the credentials; ${this.authHint()}` : `HTTP ${statusCode} from ${this.url}: ${snippet.slice(0, 300)}`;
      throw new ApiCallError(message, { url: this.url, status: statusCode, body: snippet, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    }
    let parsed: ChatCompletionBody;
    try {
      parsed = JSON.parse(text) as ChatCompletionBody;
    } catch {
      // A truncated body from an overloaded proxy: the next attempt usually succeeds.
      throw new ApiCallError(`malformed JSON in a ${statusCode} response from ${this.url}: ${this.scrub(text.slice(0, 120))}`, {
        url: this.url,
        status: statusCode,
        isRetryable: true,
      });
    }
    return { ...parseChatCompletion(parsed), latencyMs, attempts: 1, warnings: [] };
  }

  async doGenerate(request: GenerateRequest, options: CallOptions = {}): Promise<GenerateResult> {
    const body = requestBody(this.settings.model, request, this.settings.parameters);
    const { retry } = this.settings;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.attempt(body, options.signal);
        result.attempts = attempt;
        return result;
      } catch (error) {
        if (!ApiCallError.isInstance(error) || !("url" in error)) throw error;
        const apiError = error as ApiCallError;
        if (!apiError.isRetryable || attempt > retry.maxRetries) {
          apiError.attempts = attempt;
          throw apiError;
        }
        try {
          await this.sleep(backoffDelay(attempt, retry, apiError.retryAfterMs, this.random), options.signal);
        } catch (sleepError) {
          throw new KfmError("aborted", "request cancelled during backoff", { cause: sleepError });
        }
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
