import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { AnswerKey } from "./answer-key.js";
import { drawFault } from "./faults.js";
import { simOptionsSchema, type AnswerKeyEntry, type SimOptions, type SimSettings } from "./options.js";
import { expectedOutcome, replyFor, sampleOutcome } from "./policy.js";
import { requestedFormat } from "./answer-format.js";
import { uniform } from "./random.js";
import { ToolKey, type WireMessage } from "./tool-key.js";
import { toolReply, type SimToolReply } from "./tool-policy.js";
import { dualControlReply, ITEM_HEADER, WRONG_ACTIONS_MODEL } from "./dual-control-policy.js";
import { judgeReplyFor } from "./judge-policy.js";
import { completionsBody } from "./completions.js";

export interface SimStats {
  requests: number;
  byOutcome: Record<string, number>;
}

export interface SimServer {
  /** Base URL including `/v1`, ready for an OpenAI-compatible client. */
  url: string;
  port: number;
  settings: SimSettings;
  stats(): SimStats;
  /** Swaps the model behind the same URL (seed, accuracy, model id): how tests stage a mid-run endpoint change. */
  swap(options: { seed?: number; model?: string; accuracy?: number }): void;
  close(): Promise<void>;
}

interface ChatRequest {
  model?: string;
  messages?: WireMessage[];
  tools?: unknown[];
  seed?: number;
  max_tokens?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

const LINE_ENDINGS = { lf: "\n", crlf: "\r\n", cr: "\r" } as const;

/**
 * Sends the reply as OpenAI `chat.completion.chunk` server-sent events, a few characters at a time,
 * after a comment line (as proxies send to keep a connection open), lines ended as `base.lineEnding` says.
 */
function streamReply(
  response: ServerResponse,
  base: { id: string; model: string; fingerprint: string; lineEnding: keyof typeof LINE_ENDINGS },
  content: string,
  reasoning: string | undefined,
  finishReason: string,
  usage: Record<string, unknown> | undefined,
  toolCalls: SimToolReply["toolCalls"] = [],
): void {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const eol = LINE_ENDINGS[base.lineEnding];
  const event = (data: string) => `data: ${data}${eol}${eol}`;
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) =>
    event(
      JSON.stringify({
        id: base.id,
        object: "chat.completion.chunk",
        created: Math.floor(Date.now() / 1000),
        model: base.model,
        system_fingerprint: base.fingerprint,
        choices: [{ index: 0, delta, finish_reason: finish }],
        ...extra,
      }),
    );
  let out = `: kfm-sim${eol}${eol}` + chunk({ role: "assistant" }, null);
  if (reasoning) out += chunk({ reasoning_content: reasoning }, null);
  for (let index = 0; index < content.length; index += 4) out += chunk({ content: content.slice(index, index + 4) }, null);
  // Tool calls as OpenAI streams them: id and name first, then the arguments in fragments, keyed by index.
  for (const [index, call] of toolCalls.entries()) {
    out += chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] }, null);
    for (let at = 0; at < call.arguments.length; at += 8)
      out += chunk({ tool_calls: [{ index, function: { arguments: call.arguments.slice(at, at + 8) } }] }, null);
  }
  out += chunk({}, finishReason);
  if (usage) out += event(JSON.stringify({ id: base.id, object: "chat.completion.chunk", model: base.model, choices: [], usage }));
  out += event("[DONE]");
  response.end(out);
}

/** How long a runaway reply grows: past kfm's cap on stored replies (100,000 characters). */
const RUNAWAY_REPLY_CHARS = 150_000;
const RUNAWAY_SENTENCE = "\n다시 한 번 검토해 보겠습니다.";

/** The reply, then one sentence over and over, as a model caught in a loop writes until stopped. */
function runaway(content: string): string {
  return content + RUNAWAY_SENTENCE.repeat(Math.ceil((RUNAWAY_REPLY_CHARS - content.length) / RUNAWAY_SENTENCE.length));
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  response.end(text);
}

function openAIError(message: string, type: string, code: string | null = null) {
  return { error: { message, type, param: null, code } };
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 2));
}

/** Starts kfm's simulated OpenAI-compatible model on a real HTTP port. */
export async function startSimServer(options: SimOptions = {}): Promise<SimServer> {
  const { answerKey: entries, toolKey: toolEntries, dualKey: dualEntries, ...rest } = options;
  const settings = simOptionsSchema.parse(rest);
  const key = new AnswerKey(entries ?? []);
  const tools = new ToolKey(toolEntries ?? []);
  const dual = new Map((dualEntries ?? []).map((entry) => [entry.task, entry]));
  const stats: SimStats = { requests: 0, byOutcome: {} };
  const held = new Set<Socket>();
  let counter = 0;
  const count = (outcome: string) => (stats.byOutcome[outcome] = (stats.byOutcome[outcome] ?? 0) + 1);
  const outcomeOf = (entry: Parameters<typeof expectedOutcome>[1]) => expectedOutcome(settings, entry);

  const streamBase = (requestNumber: number) => ({
    id: `chatcmpl-sim-${requestNumber}`,
    model: settings.model,
    fingerprint: `fp_kfm_sim_${settings.seed}`,
    lineEnding: settings.eventLineEnding,
  });

  /** A whole (non-streamed) `chat.completion` body, as every reply kind sends it. */
  const sendCompletion = (
    response: ServerResponse,
    requestNumber: number,
    message: Record<string, unknown>,
    finishReason: string,
    usage: Record<string, unknown>,
  ) =>
    json(response, 200, {
      id: `chatcmpl-sim-${requestNumber}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: settings.model,
      system_fingerprint: `fp_kfm_sim_${settings.seed}`,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      usage,
    });

  /** The dual-control task an item id names (its trial suffix dropped), or undefined. */
  const dualEntry = (itemId: string | undefined) => (itemId === undefined ? undefined : dual.get(itemId.replace(/#\d+$/, "")));

  const completeWithTools = (response: ServerResponse, request: ChatRequest, requestNumber: number, itemId?: string): boolean => {
    const messages = Array.isArray(request.messages) ? request.messages : [];
    const offered = (request.tools ?? []).map((tool) => (tool as { function?: { name?: string } })?.function?.name ?? "");
    const entry = dualEntry(itemId);
    const match = entry ? undefined : tools.lookup(messages, offered);
    if (!entry && !match) return false;
    const reply = entry
      ? dualControlReply(entry, messages, offered, { wrongActions: settings.model === WRONG_ACTIONS_MODEL, requestNumber })
      : toolReply(settings, match!, {
          seed: typeof request.seed === "number" ? request.seed : 0,
          number: requestNumber,
          toolNames: offered,
        });
    count(`tools:${reply.outcome}`);
    const finishReason = reply.toolCalls.length > 0 ? "tool_calls" : "stop";
    const promptTokens = estimateTokens(JSON.stringify(messages));
    const completionTokens = estimateTokens(reply.content + reply.toolCalls.map((call) => call.name + call.arguments).join(""));
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    if (request.stream) {
      streamReply(
        response,
        streamBase(requestNumber),
        reply.content,
        undefined,
        finishReason,
        request.stream_options?.include_usage ? usage : undefined,
        reply.toolCalls,
      );
      return true;
    }
    const message: Record<string, unknown> = { role: "assistant", content: reply.content === "" ? null : reply.content };
    if (reply.toolCalls.length > 0)
      message.tool_calls = reply.toolCalls.map((call) => ({
        id: call.id,
        type: "function",
        function: { name: call.name, arguments: call.arguments },
      }));
    sendCompletion(response, requestNumber, message, finishReason, usage);
    return true;
  };

  const complete = (response: ServerResponse, request: ChatRequest, requestNumber: number, itemId?: string) => {
    if (Array.isArray(request.tools) && request.tools.length > 0 && completeWithTools(response, request, requestNumber, itemId)) return;
    const messages = Array.isArray(request.messages) ? request.messages : [];
    const judgeReply = judgeReplyFor(settings, messages);
    if (judgeReply !== undefined) {
      count(judgeReply.includes("[[") ? "judge" : "judge:no-rating");
      if (request.stream) return streamReply(response, streamBase(requestNumber), judgeReply, undefined, "stop", undefined);
      const promptTokens = estimateTokens(JSON.stringify(messages));
      const completionTokens = estimateTokens(judgeReply);
      sendCompletion(response, requestNumber, { role: "assistant", content: judgeReply }, "stop", {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      });
      return;
    }
    const lastUser = [...messages].reverse().find((message) => message?.role === "user");
    const prompt = typeof lastUser?.content === "string" ? lastUser.content : "";
    const { entry, choices } = key.lookup(prompt);
    const instructions = messages.map((message) => (typeof message?.content === "string" ? message.content : "")).join("\n");
    // A request seed is a repeated sample (`--repeats`): its outcome and wording vary with it.
    const sample = typeof request.seed === "number" ? request.seed : 0;
    const outcomeOfSample = sample === 0 ? outcomeOf : (known: AnswerKeyEntry) => sampleOutcome(settings, known, sample);
    const reply = replyFor(
      settings.seed,
      entry,
      prompt,
      choices,
      settings.reasoningRate,
      outcomeOfSample,
      requestedFormat(instructions),
      sample,
    );
    let content = reply.content;
    if (entry && settings.runawayRate > 0 && uniform(settings.seed, `runaway\u0000${entry.question}`) < settings.runawayRate) {
      content = runaway(content);
      count("runaway");
    }
    let finishReason = "stop";
    const limit = typeof request.max_tokens === "number" && request.max_tokens > 0 ? request.max_tokens * 4 : undefined;
    if (limit !== undefined && content.length > limit) {
      content = content.slice(0, limit);
      finishReason = "length";
    }
    const promptText = messages.map((message) => (typeof message?.content === "string" ? message.content : "")).join("\n");
    const reasoningTokens = reply.reasoning && !reply.inlineReasoning ? estimateTokens(reply.reasoning) : 0;
    const completionTokens = estimateTokens(content) + reasoningTokens;
    const message: Record<string, unknown> = { role: "assistant", content };
    if (reply.reasoning && !reply.inlineReasoning) message.reasoning_content = reply.reasoning;
    count(entry ? "answered" : "unknown-prompt");
    const usage = {
      prompt_tokens: estimateTokens(promptText),
      completion_tokens: completionTokens,
      total_tokens: estimateTokens(promptText) + completionTokens,
      ...(reasoningTokens ? { completion_tokens_details: { reasoning_tokens: reasoningTokens } } : {}),
    };
    if (request.stream) {
      const reasoningApart = reply.reasoning && !reply.inlineReasoning ? reply.reasoning : undefined;
      return streamReply(
        response,
        streamBase(requestNumber),
        content,
        reasoningApart,
        finishReason,
        request.stream_options?.include_usage ? usage : undefined,
      );
    }
    sendCompletion(response, requestNumber, message, finishReason, usage);
  };

  const requestDelay = (requestNumber: number): number => {
    const { meanMs, jitterMs } = settings.latency;
    return Math.max(0, meanMs + (jitterMs ? (uniform(settings.seed, `latency\u0000${requestNumber}`) * 2 - 1) * jitterMs : 0));
  };

  const handle = (request: IncomingMessage, response: ServerResponse, body: string) => {
    stats.requests++;
    const requestNumber = counter++;
    if (settings.apiKey !== undefined && request.headers.authorization !== `Bearer ${settings.apiKey}`) {
      count("401");
      return json(response, 401, openAIError("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
    }
    const path = (request.url ?? "/").split("?")[0]!.replace(/\/+$/, "");
    if (request.method === "GET" && path === "/v1/models") {
      count("models");
      return json(response, 200, { object: "list", data: [{ id: settings.model, object: "model", created: 0, owned_by: "kfm" }] });
    }
    if (request.method === "POST" && path === "/v1/completions") {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body) as Record<string, unknown>;
      } catch {
        count("400");
        return json(response, 400, openAIError("request body is not valid JSON", "invalid_request_error"));
      }
      const completion = completionsBody(settings, key, parsed, requestNumber);
      if ("error" in completion) {
        count("400");
        return json(response, 400, openAIError(String(completion.error), "invalid_request_error"));
      }
      count("completions");
      // The same per-request latency as chat, so log-likelihood runs are timed like chat runs.
      const wait = requestDelay(requestNumber);
      if (wait > 0) setTimeout(() => json(response, 200, completion), wait);
      else json(response, 200, completion);
      return;
    }
    if (request.method !== "POST" || path !== "/v1/chat/completions") {
      count("404");
      return json(response, 404, openAIError(`no route ${request.method} ${request.url}`, "invalid_request_error", "not_found"));
    }
    let parsed: ChatRequest;
    try {
      parsed = JSON.parse(body) as ChatRequest;
    } catch {
      count("400");
      return json(response, 400, openAIError("request body is not valid JSON", "invalid_request_error"));
    }
    if (!Array.isArray(parsed.messages)) {
      count("400");
      return json(response, 400, openAIError("messages is required", "invalid_request_error"));
    }
    const fault = drawFault(settings.faults, settings.seed, requestNumber);
    if (fault) count(fault);
    switch (fault) {
      case "429": {
        const headers: Record<string, string> =
          settings.faults.retryAfterSeconds === null ? {} : { "retry-after": String(settings.faults.retryAfterSeconds) };
        return json(response, 429, openAIError("Rate limit reached for requests.", "requests", "rate_limit_exceeded"), headers);
      }
      case "500":
      case "502":
      case "503":
        return json(response, Number(fault), openAIError("The server had an error while processing your request.", "server_error"));
      case "reset":
        request.socket.destroy();
        return;
      case "timeout":
        held.add(request.socket);
        request.socket.once("close", () => held.delete(request.socket));
        return;
      case "malformed": {
        const text = '{"id":"chatcmpl-sim","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"정답';
        response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
        response.end(text);
        return;
      }
    }
    const header = request.headers[ITEM_HEADER];
    let itemId: string | undefined;
    try {
      itemId = typeof header === "string" ? decodeURIComponent(header) : undefined;
    } catch {
      itemId = undefined; // not kfm's encoding: the request is played as one without an item
    }
    const delay = requestDelay(requestNumber);
    if (delay > 0) setTimeout(() => complete(response, parsed, requestNumber, itemId), delay);
    else complete(response, parsed, requestNumber, itemId);
  };

  const server = createServer({ keepAlive: true }, (request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        json(response, 413, openAIError("request body too large", "invalid_request_error"));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      if (size <= MAX_BODY_BYTES) handle(request, response, Buffer.concat(chunks).toString("utf8"));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  return {
    url: `http://${host}:${port}/v1`,
    port,
    settings,
    stats: () => ({ requests: stats.requests, byOutcome: { ...stats.byOutcome } }),
    swap: (options) => {
      if (options.seed !== undefined) settings.seed = options.seed;
      if (options.model !== undefined) settings.model = options.model;
      if (options.accuracy !== undefined) settings.accuracy = options.accuracy;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of held) socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
