import type { GenerateRequest } from "../spec/adapter.js";
import { ApiCallError } from "../spec/errors.js";

/**
 * How many tokens a prompt takes, estimated without the model's tokenizer (kfm does not have it):
 * each Hangul, CJK ideograph or kana character counts as one token, other text as one token per
 * four characters (rounded up, per run of such text), and each message adds 4 tokens of chat
 * template. BPE tokenizers of the Korean and multilingual models kfm evaluates give about one
 * token or less per Hangul syllable and 3.5 to 4.5 characters per English token, so the estimate
 * lands near the real count: close enough to refuse a 120k-token prompt at a 32k context without
 * sending it, and the server's own refusal (see `isContextLengthError`) covers a prompt the
 * estimate let through.
 */
export const TOKENS_PER_MESSAGE = 4;
export const CHARS_PER_TOKEN = 4;

/** Hangul syllables and jamo, CJK ideographs, kana, full-width forms: one token per character (UTF-16 code unit ranges). */
const DENSE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x11ff],
  [0x3040, 0x30ff],
  [0x3130, 0x318f],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xac00, 0xd7af],
  [0xf900, 0xfaff],
  [0xff00, 0xffef],
];

function isDense(code: number): boolean {
  if (code < 0x1100) return false;
  for (const [low, high] of DENSE) if (code >= low && code <= high) return true;
  return false;
}

/** Estimated tokens of one text (see above). A character outside the basic plane counts as two characters of other text. */
export function estimateTextTokens(text: string): number {
  let tokens = 0;
  let sparse = 0;
  for (let index = 0; index < text.length; index++) {
    if (isDense(text.charCodeAt(index))) {
      tokens += 1 + Math.ceil(sparse / CHARS_PER_TOKEN);
      sparse = 0;
    } else sparse++;
  }
  return tokens + Math.ceil(sparse / CHARS_PER_TOKEN);
}

/** Estimated prompt tokens of a chat request: its messages, tool calls and tool definitions. */
export function estimatePromptTokens(request: Pick<GenerateRequest, "messages" | "tools">): number {
  let tokens = 0;
  for (const message of request.messages) {
    tokens += TOKENS_PER_MESSAGE + estimateTextTokens(message.content);
    for (const call of message.toolCalls ?? []) tokens += estimateTextTokens(call.name) + estimateTextTokens(call.arguments);
  }
  for (const tool of request.tools ?? []) tokens += estimateTextTokens(JSON.stringify(tool));
  return tokens;
}

/**
 * The error for a request that cannot fit the endpoint's context (`contextTokens`): never sent,
 * never retried, an error on its item. Undefined when it fits or the context is unknown.
 */
export function contextOverflow(request: GenerateRequest, contextTokens: number | undefined, url: string): ApiCallError | undefined {
  if (contextTokens === undefined) return undefined;
  const prompt = estimatePromptTokens(request);
  const maxTokens = request.settings.maxTokens ?? 0;
  if (prompt + maxTokens <= contextTokens) return undefined;
  const item = request.itemId !== undefined ? `item ${request.itemId}: ` : "";
  return new ApiCallError(
    `${item}prompt of about ${prompt} tokens (+ max_tokens ${maxTokens}) exceeds the endpoint's context of ${contextTokens} tokens; not sent`,
    { url, isRetryable: false, hint: "Use an endpoint with a longer context (contextTokens in kfm.yaml), or a smaller max_tokens." },
  );
}

/**
 * A server's context-length refusal restated with the item and kfm's estimate, as the refusal kfm
 * makes itself; any other error is returned unchanged.
 */
export function restateRefusal(error: unknown, request: GenerateRequest, contextTokens: number | undefined): unknown {
  if (!(error instanceof ApiCallError) || error.isRetryable || !isContextLengthError(error.body ?? "")) return error;
  const item = request.itemId !== undefined ? `item ${request.itemId}: ` : "";
  const context = contextTokens !== undefined ? `the endpoint's context of ${contextTokens} tokens` : "the endpoint's context";
  const estimate = `prompt of about ${estimatePromptTokens(request)} tokens (+ max_tokens ${request.settings.maxTokens ?? 0})`;
  return new ApiCallError(`${item}${estimate} exceeds ${context}; ${error.message}`, {
    url: error.url,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.body !== undefined ? { body: error.body } : {}),
    isRetryable: false,
    ...(error.attempts !== undefined ? { attempts: error.attempts } : {}),
    ...(error.hint !== undefined ? { hint: error.hint } : {}),
  });
}

/** What servers say when a prompt is longer than the model's context (vLLM, SGLang, OpenAI, Anthropic, TGI, llama.cpp). */
const CONTEXT_ERROR =
  /maximum context length|context[_ ]length[_ ]exceeded|prompt is too long|context window|exceeds? (the )?(model'?s? )?(maximum )?context|input (is )?too long|too many (input )?tokens|exceed_context_size/i;

export function isContextLengthError(body: string): boolean {
  return CONTEXT_ERROR.test(body);
}
