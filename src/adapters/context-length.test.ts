import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ApiCallError } from "../spec/errors.js";
import { contextOverflow, estimatePromptTokens, estimateTextTokens, isContextLengthError, restateRefusal } from "./context-length.js";
import { contextLength } from "./conformance.js";
import { JsonEndpoint } from "./json-endpoint.js";
import type { ChatAdapterV1 } from "../spec/adapter.js";

describe("estimated prompt tokens", () => {
  it("counts Hangul, CJK and kana one token per character, other text four characters per token", () => {
    expect(estimateTextTokens("")).toBe(0);
    expect(estimateTextTokens("abcd")).toBe(1);
    expect(estimateTextTokens("abcde")).toBe(2);
    expect(estimateTextTokens("대한민국")).toBe(4);
    expect(estimateTextTokens("東京とソウル")).toBe(6);
    // "서울은 " + "the capital" : 3 Hangul, then " the capital" (12 characters, 3 tokens) after the last one.
    expect(estimateTextTokens("서울은 the capital")).toBe(3 + 3);
    expect(estimateTextTokens("x".repeat(400_000))).toBe(100_000);
  });

  it("adds four tokens per message and counts tool calls and tool definitions", () => {
    const plain = estimatePromptTokens({ messages: [{ role: "user", content: "abcd" }] });
    expect(plain).toBe(5);
    const withTools = estimatePromptTokens({
      messages: [
        { role: "user", content: "abcd" },
        { role: "assistant", content: "", toolCalls: [{ id: "1", name: "abcd", arguments: "{}" }] },
      ],
      tools: [{ name: "abcd", description: "", parameters: {} }],
    });
    expect(withTools).toBe(5 + 4 + 1 + 1 + Math.ceil(JSON.stringify({ name: "abcd", description: "", parameters: {} }).length / 4));
  });
});

describe("the endpoint's context check", () => {
  const request = (chars: number, maxTokens?: number) => ({
    messages: [{ role: "user" as const, content: "x".repeat(chars) }],
    settings: maxTokens === undefined ? {} : { maxTokens },
    itemId: "lcr:7",
  });

  it("refuses a prompt whose estimate plus max_tokens is past the context, naming the item, not retryable", () => {
    const error = contextOverflow(request(600_000, 2048), 131_072, "http://h/v1");
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error!.message).toBe(
      "item lcr:7: prompt of about 150004 tokens (+ max_tokens 2048) exceeds the endpoint's context of 131072 tokens; not sent",
    );
    expect(error!.isRetryable).toBe(false);
    expect(error!.isAddressError).toBe(false);
    expect(error!.isAuthError).toBe(false);
  });

  it("lets through a prompt that fits, and any prompt when the context is unknown", () => {
    expect(contextOverflow(request(4000, 996), 2000, "u")).toBeUndefined(); // 1004 + 996 = 2000 fits exactly
    expect(contextOverflow(request(4000, 997), 2000, "u")?.message).toContain("(+ max_tokens 997)");
    expect(contextOverflow(request(400_000, 2048), undefined, "u")).toBeUndefined();
  });

  it("restates a server's context refusal with the item and the estimate, and leaves other errors alone", () => {
    const body = `{"message":"This model's maximum context length is 2000 tokens."}`;
    const refusal = new ApiCallError("the endpoint says the prompt exceeds its context (HTTP 400 from u)", {
      url: "u",
      status: 400,
      body,
      isRetryable: false,
      attempts: 1,
    });
    const restated = restateRefusal(refusal, request(4000, 100), 2000) as ApiCallError;
    expect(restated.message).toBe(
      "item lcr:7: prompt of about 1004 tokens (+ max_tokens 100) exceeds the endpoint's context of 2000 tokens; the endpoint says the prompt exceeds its context (HTTP 400 from u)",
    );
    expect([restated.status, restated.attempts, restated.isRetryable]).toEqual([400, 1, false]);
    const other = new ApiCallError("HTTP 400 from u: bad temperature", { url: "u", status: 400, body: "bad temperature" });
    expect(restateRefusal(other, request(4000, 100), 2000)).toBe(other);
  });

  it("recognises servers' context-length refusals and nothing else", () => {
    for (const body of [
      `{"object":"error","message":"This model's maximum context length is 32768 tokens. However, you requested 40000 tokens"}`,
      `{"error":{"code":"context_length_exceeded","message":"..."}}`,
      `{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}`,
      `{"error":{"message":"the request exceeds the available context size","type":"exceed_context_size_error"}}`,
    ])
      expect(isContextLengthError(body)).toBe(true);
    for (const body of [`{"error":{"message":"temperature must be at most 2"}}`, `{"detail":"Not Found"}`, "Internal Server Error"])
      expect(isContextLengthError(body)).toBe(false);
  });
});

describe("a server's context refusal over HTTP", () => {
  let server: Server | undefined;
  let endpoint: JsonEndpoint | undefined;
  afterEach(async () => {
    await endpoint?.close();
    if (server) await new Promise((done) => server!.close(done));
  });

  it("is not retried even when the server answers it with a retryable status (500)", async () => {
    let requests = 0;
    server = createServer((request, response) => {
      request.resume();
      requests++;
      response.writeHead(500, { "content-type": "application/json" });
      response.end(`{"error":{"message":"This model's maximum context length is 4096 tokens."}}`);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    endpoint = new JsonEndpoint({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
      headers: {},
      secrets: [],
      timeouts: { connectMs: 2000, totalMs: 5000 },
      retry: { maxRetries: 6, baseDelayMs: 1, maxDelayMs: 1 },
      connections: 1,
      authHint: "",
    });
    const error = (await endpoint.post("/chat/completions", "{}").catch((caught: unknown) => caught)) as ApiCallError;
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error.message).toMatch(/^the endpoint says the prompt exceeds its context \(HTTP 500 from /);
    expect(error.attempts).toBe(1);
    expect(requests).toBe(1);
  });
});

describe("adapter check's context length row", () => {
  const adapter = (reported: number | undefined) =>
    ({ adapterId: "openai-compatible", doContextLength: () => Promise.resolve(reported) }) as unknown as ChatAdapterV1;

  it("says what the server reports, what kfm.yaml says, and what to set", async () => {
    expect((await contextLength(adapter(32_768), undefined)).detail).toBe(
      "32768 tokens (reported by the server); set `contextTokens: 32768` on the endpoint in kfm.yaml so kfm fails longer items before sending them",
    );
    expect(await contextLength(adapter(32_768), 131_072)).toMatchObject({
      status: "no",
      detail: "kfm.yaml says contextTokens: 131072 but the server reports 32768; set contextTokens: 32768",
    });
    expect(await contextLength(adapter(undefined), 8192)).toMatchObject({
      status: "yes",
      detail: "8192 tokens (contextTokens in kfm.yaml)",
    });
    expect(await contextLength(adapter(undefined), undefined)).toMatchObject({ status: "not checked" });
  });
});
