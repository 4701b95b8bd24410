import { Pool, errors as undiciErrors, type Dispatcher } from "undici";
import { ApiCallError, KfmError } from "../spec/errors.js";
import { scrubSecrets } from "./credentials.js";
import { isContextLengthError } from "./context-length.js";
import { DeadlinePassed, ReplyTooLarge, ReplyTooSlow, send, type MinRate, type RawReply, type ReplyLimits } from "./dispatch-reply.js";
import { EventStream, type FirstTokenTest } from "./event-stream.js";
import { backoffDelay, firstContactPolicy, parseRetryAfter, sleep as defaultSleep, type RetryPolicy, type Sleep } from "./retry.js";

const MAX_ERROR_BODY = 2000;

export interface JsonEndpointOptions {
  /** Origin plus any path prefix, e.g. `https://api.example/v1`. */
  baseUrl: string;
  headers: Record<string, string>;
  /** Values to scrub from anything an endpoint sends back. */
  secrets: string[];
  timeouts: { connectMs: number; totalMs: number; minRate?: MinRate | undefined };
  retry: RetryPolicy;
  connections: number;
  /** What to tell the user when the endpoint rejects the credentials. */
  authHint: string;
  /** Bytes of one reply kfm reads before giving up on it (default 64 MiB). */
  maxResponseBytes?: number;
  sleep?: Sleep;
  random?: () => number;
}

/**
 * A reply past this is not an answer but a broken server or a generation that never stopped:
 * reading on would only exhaust memory. Far above any real reply: a 128k-token answer is a few
 * MB, tens of MB when streamed as one event per token.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface JsonResponse {
  /** The parsed body; for a server-sent-events reply, the list of parsed `data:` events. */
  json: unknown;
  latencyMs: number;
  attempts: number;
  /** For a streamed reply: milliseconds until the first event that carries generated text. */
  timeToFirstTokenMs?: number;
}

/** Says what is wrong with a parsed reply (the JSON body, or a stream's list of events) that holds no usable answer; undefined when it is fine. */
export type ReplyCheck = (json: unknown) => string | undefined;

function isNetworkError(error: unknown): boolean {
  if (error instanceof undiciErrors.UndiciError) return true;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && /^(E[A-Z]+|UND_ERR)/.test(code);
}

/**
 * POSTs JSON to one endpoint over a keep-alive undici pool, with the retry policy every adapter
 * shares: 408, 409, 429, 5xx, network errors, timeouts and truncated JSON are retried with full
 * jitter honouring Retry-After; 400, 401, 403 and 404 are not. Secrets are scrubbed from errors.
 */
export class JsonEndpoint {
  private readonly pool: Pool;
  private readonly prefix: string;
  private readonly origin: string;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  /** What bounds each reply: the same for every request of this endpoint. */
  private readonly limits: ReplyLimits;
  /** Whether any request has had an HTTP reply (any status): until then a connection failure means nothing answers here. */
  private answered = false;

  constructor(private readonly options: JsonEndpointOptions) {
    const base = new URL(options.baseUrl);
    this.origin = base.origin;
    this.prefix = base.pathname.replace(/\/+$/, "");
    this.pool = new Pool(base.origin, {
      connections: options.connections,
      pipelining: 1,
      connect: { timeout: options.timeouts.connectMs },
      headersTimeout: options.timeouts.totalMs,
      bodyTimeout: options.timeouts.totalMs,
    });
    const { totalMs, minRate } = options.timeouts;
    this.limits = {
      maxBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      deadlineMs: totalMs,
      ...(minRate ? { minRate } : {}),
    };
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  urlOf(path: string): string {
    return `${this.origin}${this.prefix}${path}`;
  }

  /** Removes every secret from text an endpoint sent back (some echo the request). */
  scrub(text: string): string {
    return scrubSecrets(text, this.options.secrets);
  }

  /** Sends one request; a failure to get a whole reply becomes an ApiCallError (or an "aborted" KfmError). */
  private async exchange(
    request: Dispatcher.DispatchOptions,
    url: string,
    signal: AbortSignal | undefined,
    onText?: (text: string) => void,
  ): Promise<RawReply> {
    try {
      const reply = await send(this.pool, request, signal, this.limits, onText);
      this.answered = true;
      return reply;
    } catch (error) {
      if (signal?.aborted) throw new KfmError("aborted", "request cancelled", { cause: error });
      if (error instanceof ReplyTooLarge) {
        // Not retried: the same request would most likely run away again.
        throw new ApiCallError(`the reply from ${url} passed ${error.limit} bytes; kfm stopped reading it`, {
          url,
          isRetryable: false,
          cause: error,
        });
      }
      if (error instanceof ReplyTooSlow) {
        throw new ApiCallError(
          `the reply from ${url} arrived at under ${error.rate.bytesPerSecond} bytes/s for ${error.rate.seconds} s (timeouts.minRate); kfm gave up on it`,
          { url, isRetryable: true, cause: error },
        );
      }
      if (
        error instanceof undiciErrors.HeadersTimeoutError ||
        error instanceof undiciErrors.BodyTimeoutError ||
        error instanceof DeadlinePassed
      ) {
        throw new ApiCallError(`no complete response from ${url} within ${this.options.timeouts.totalMs} ms`, {
          url,
          isRetryable: true,
          cause: error,
        });
      }
      if (isNetworkError(error)) {
        throw new ApiCallError(`network error calling ${url}: ${this.scrub((error as Error).message)}`, {
          url,
          isRetryable: true,
          cause: error,
          neverAnswered: !this.answered,
          connectionLost: true,
        });
      }
      throw error;
    }
  }

  private async attempt(
    path: string,
    body: string,
    signal: AbortSignal | undefined,
    stream: FirstTokenTest | undefined,
    attempts: number,
    check: ReplyCheck | undefined,
    headers: Record<string, string> | undefined,
  ): Promise<JsonResponse> {
    const url = this.urlOf(path);
    // The per-attempt deadline is undici's own headers and body timeouts: a non-streaming reply
    // sends its headers only when the answer is ready, so the headers timeout bounds the whole call.
    const started = performance.now();
    const events = stream ? new EventStream(stream, started) : undefined;
    const reply = await this.exchange(
      {
        origin: this.origin,
        path: `${this.prefix}${path}`,
        method: "POST",
        headers: headers ? { ...this.options.headers, ...headers } : this.options.headers,
        body,
      },
      url,
      signal,
      events ? (text) => events.read(text) : undefined,
    );
    const latencyMs = performance.now() - started;
    const { statusCode, text } = reply;
    if (statusCode < 200 || statusCode >= 300) {
      const snippet = this.scrub(text.slice(0, MAX_ERROR_BODY));
      const retryAfterMs = parseRetryAfter(reply.retryAfter);
      const auth = statusCode === 401 || statusCode === 403;
      // A prompt longer than the model's context fails the same way every time, whatever the status: not retried.
      if (!auth && isContextLengthError(snippet))
        throw new ApiCallError(
          `the endpoint says the prompt exceeds its context (HTTP ${statusCode} from ${url}): ${snippet.slice(0, 300)}`,
          {
            url,
            status: statusCode,
            body: snippet,
            isRetryable: false,
            hint: "Use an endpoint with a longer context, or a smaller max_tokens; set contextTokens in kfm.yaml so kfm refuses such items before sending them.",
          },
        );
      const message = auth
        ? `HTTP ${statusCode} from ${url}: the endpoint rejected the credentials; ${this.options.authHint}`
        : `HTTP ${statusCode} from ${url}: ${snippet.slice(0, 300)}`;
      throw new ApiCallError(message, { url, status: statusCode, body: snippet, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    }
    if (events) {
      if (events.malformed !== undefined || events.parsed.length === 0)
        throw new ApiCallError(`malformed event stream from ${url}: ${this.scrub((events.malformed ?? "").slice(0, 120))}`, {
          url,
          status: statusCode,
          isRetryable: true,
        });
      this.checkReply(check, events.parsed, url, statusCode);
      const response: JsonResponse = { json: events.parsed, latencyMs, attempts };
      if (events.firstTokenMs !== undefined) response.timeToFirstTokenMs = events.firstTokenMs;
      return response;
    }
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      // A truncated body from an overloaded proxy: the next attempt usually succeeds.
      throw new ApiCallError(`malformed JSON in a ${statusCode} response from ${url}: ${this.scrub(text.slice(0, 120))}`, {
        url,
        status: statusCode,
        isRetryable: true,
      });
    }
    // A reply that parses but holds no answer (`choices: []`) is the endpoint's error, retried like a 5xx.
    this.checkReply(check, json, url, statusCode);
    return { json, latencyMs, attempts };
  }

  private checkReply(check: ReplyCheck | undefined, json: unknown, url: string, status: number): void {
    const problem = check?.(json);
    if (problem !== undefined)
      throw new ApiCallError(`unusable reply from ${url}: ${this.scrub(problem)}`, { url, status, isRetryable: true });
  }

  /** POSTs and reads JSON, or, with `stream`, a server-sent-event stream (each attempt read whole); `headers` add to the endpoint's for this request. */
  async post(
    path: string,
    body: string,
    signal?: AbortSignal,
    stream?: FirstTokenTest,
    check?: ReplyCheck,
    headers?: Record<string, string>,
  ): Promise<JsonResponse> {
    const { retry } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(path, body, signal, stream, attempt, check, headers);
      } catch (error) {
        if (!KfmError.isInstance(error) || !("url" in error)) throw error;
        const apiError = error as ApiCallError;
        const policy = apiError.neverAnswered && !this.answered ? firstContactPolicy(retry) : retry;
        if (!apiError.isRetryable || attempt > policy.maxRetries) {
          apiError.attempts = attempt;
          throw apiError;
        }
        try {
          await this.sleep(backoffDelay(attempt, policy, apiError.retryAfterMs, this.random), signal);
        } catch (sleepError) {
          throw new KfmError("aborted", "request cancelled during backoff", { cause: sleepError });
        }
      }
    }
  }

  /** One GET without retries (a capability probe, not an evaluation call). */
  async get(path: string, signal?: AbortSignal): Promise<unknown> {
    const url = this.urlOf(path);
    const { statusCode, text } = await this.exchange(
      { origin: this.origin, path: `${this.prefix}${path}`, method: "GET", headers: this.options.headers },
      url,
      signal,
    );
    if (statusCode < 200 || statusCode >= 300)
      throw new ApiCallError(`HTTP ${statusCode} from ${url}: ${this.scrub(text.slice(0, 200))}`, { url, status: statusCode });
    return JSON.parse(text) as unknown;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
