/**
 * The adapter contract, version 1. Implementations depend on this file; it depends on nothing.
 * Methods prefixed with `do` are for the runner only.
 */
export type Role = "system" | "user" | "assistant" | "tool";

/** A function call the model asked for. `arguments` is the JSON text exactly as the model wrote it. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface ChatMessage {
  role: Role;
  content: string;
  /** On an assistant message: the calls it made. */
  toolCalls?: ToolCall[];
  /** On a tool message: the call this is the result of. */
  toolCallId?: string;
  /** On a tool message: the function's name (some protocols need it). */
  name?: string;
}

/** A tool offered to the model: a function with a JSON Schema for its arguments. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

/** Generation settings a suite or endpoint asks for. Absent means "endpoint default". */
export interface GenerationSettings {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  seed?: number;
  stop?: string[];
  /**
   * Extra fields deep-merged into every request body, for what a server offers beyond the common
   * settings: `chat_template_kwargs: { enable_thinking: false }`, `reasoning_effort`, `top_k`.
   * The endpoint's own `request` is merged over these.
   */
  request?: Record<string, unknown>;
}

/**
 * Request fields kfm sets itself: extra fields may not replace them, so what the manifest records
 * as the generation settings is what was sent (`max_tokens` belongs in the generation settings).
 */
export const RESERVED_REQUEST_FIELDS: readonly string[] = [
  "model",
  "messages",
  "tools",
  "stream",
  "stream_options",
  "temperature",
  "max_tokens",
  "top_p",
  "seed",
  "stop",
];

/** Why a set of extra request fields is refused (it names a field kfm sets itself), or undefined. */
export function reservedRequestField(fields: Record<string, unknown>): { field: string; message: string } | undefined {
  const field = Object.keys(fields).find((key) => RESERVED_REQUEST_FIELDS.includes(key));
  return field === undefined
    ? undefined
    : {
        field,
        message: `${field} is set by kfm from the generation settings (temperature, max_tokens, top_p, seed, stop) or the run; set it there`,
      };
}

export interface GenerateRequest {
  messages: ChatMessage[];
  settings: GenerationSettings;
  /** Tools the model may call; absent or empty means a plain chat request. */
  tools?: ToolDefinition[];
  /** Stable id of the item this call is for; adapters may send it as a request header for tracing. */
  itemId?: string;
}

export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
}

/** A setting the adapter could not honour: reported on the run, never silently dropped. */
export interface AdapterWarning {
  type: "unsupported-setting" | "other";
  setting?: string;
  message: string;
}

export interface GenerateResult {
  /** The answer text, with reasoning removed. */
  text: string;
  /** Reasoning the endpoint returned apart (`reasoning_content`) or inside `<think>` blocks. */
  reasoning?: string;
  finishReason?: string;
  /** Tool calls the model made instead of (or beside) an answer. */
  toolCalls?: ToolCall[];
  usage: TokenUsage;
  /** Wall time of the successful attempt, in milliseconds. */
  latencyMs: number;
  /** For a streamed reply: milliseconds until the first generated token arrived. */
  timeToFirstTokenMs?: number;
  /** Number of HTTP attempts, 1 when nothing was retried. */
  attempts: number;
  /** Model id and system fingerprint as reported by the endpoint. */
  responseModel?: string;
  fingerprint?: string;
  warnings: AdapterWarning[];
}

/** One continuation to score: log P(continuation | context), as lm-evaluation-harness's loglikelihood requests. */
export interface LogLikelihoodRequest {
  context: string;
  continuation: string;
}

export interface LogLikelihoodResult {
  /** Sum of the continuation's token log-probabilities. */
  logprob: number;
  /** Whether every continuation token was the most likely one (greedy decoding would produce it). */
  isGreedy: boolean;
  /** Tokens the continuation spans. */
  tokens: number;
}

export interface LogLikelihoodResponse {
  results: LogLikelihoodResult[];
  usage: TokenUsage;
  latencyMs: number;
  attempts: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ChatAdapterV1 {
  readonly specificationVersion: "v1";
  /** Adapter id in the registry, e.g. `openai-compatible`. */
  readonly adapterId: string;
  /** The model id the adapter sends. */
  readonly modelId: string;
  /** Settings as recorded in the run manifest: never contains secrets. */
  readonly publicSettings: Record<string, unknown>;
  doGenerate(request: GenerateRequest, options?: CallOptions): Promise<GenerateResult>;
  /** Scores continuations by log-likelihood (a completions endpoint with echoed prompt log-probabilities). */
  doLogLikelihood?(requests: LogLikelihoodRequest[], options?: CallOptions): Promise<LogLikelihoodResponse>;
  /** The model ids the endpoint lists, where its protocol can list them (used by `kfm adapter check`). */
  doListModels?(options?: CallOptions): Promise<string[]>;
  /** The model's context length in tokens as the endpoint reports it (vLLM and SGLang: `max_model_len` in /models); undefined when it does not say. */
  doContextLength?(options?: CallOptions): Promise<number | undefined>;
  /** Release connections; the runner calls this once at the end. */
  close?(): Promise<void>;
}
