import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ApiCallError, KfmError } from "../../spec/errors.js";
import { createAdapter } from "../registry.js";
import { OpenAICompatibleChat } from "./chat.js";
import { openAICompatibleSettingsSchema } from "./settings.js";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");

type Handler = (request: IncomingMessage, response: ServerResponse, body: string, call: number) => void;

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A fake endpoint on loopback that replays recorded responses in order. */
async function fakeServer(
  handler: Handler,
): Promise<{ url: string; calls: () => number; bodies: string[]; headers: IncomingMessage["headers"][] }> {
  let calls = 0;
  const bodies: string[] = [];
  const headers: IncomingMessage["headers"][] = [];
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      bodies.push(body);
      headers.push(request.headers);
      handler(request, response, body, calls++);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`, calls: () => calls, bodies, headers };
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(body);
}

const sleeps: number[] = [];
function adapter(url: string, extra: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) {
  sleeps.length = 0;
  const settings = openAICompatibleSettingsSchema.parse({
    baseUrl: url,
    model: "team-a-32b",
    retry: { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 100 },
    ...extra,
  });
  return new OpenAICompatibleChat(
    settings,
    { endpointName: "team-a", env, concurrency: 2 },
    { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
  );
}

const request = { messages: [{ role: "user" as const, content: "문제" }], settings: { temperature: 0, maxTokens: 64 } };

describe("openai-compatible chat adapter", () => {
  it("sends the OpenAI request and reads a recorded completion", async () => {
    const fake = await fakeServer((_q, response) => send(response, 200, fixture("completion.json")));
    const chat = adapter(fake.url, { parameters: { seed: 7 } });
    const result = await chat.doGenerate(request);
    await chat.close();
    expect(JSON.parse(fake.bodies[0]!)).toEqual({
      model: "team-a-32b",
      messages: request.messages,
      temperature: 0,
      max_tokens: 64,
      seed: 7,
    });
    expect(result).toMatchObject({
      text: "각 선택지를 검토하면 A와 D는 틀렸습니다.\n\n정답: B",
      finishReason: "stop",
      attempts: 1,
      responseModel: "team-a-32b",
      fingerprint: "fp_44709d6fcb",
    });
    expect(result.usage).toEqual({ inputTokens: 182, outputTokens: 21 });
    expect(result.reasoning).toBeUndefined();
  });

  it("keeps reasoning_content and <think> blocks apart from the answer", async () => {
    const fake = await fakeServer((_q, response, _b, call) =>
      send(response, 200, fixture(call === 0 ? "completion-reasoning-content.json" : "completion-think.json")),
    );
    const chat = adapter(fake.url);
    const separate = await chat.doGenerate(request);
    const inline = await chat.doGenerate(request);
    await chat.close();
    expect(separate).toMatchObject({
      text: "정답: B",
      reasoning: "유동비율이 200%이므로 유동자산은 1,000이다. 당좌비율은 120%.",
      usage: { reasoningTokens: 64 },
    });
    expect(inline).toMatchObject({ text: "정답: C", reasoning: "A는 정의와 다르다. C가 맞는지 확인하자." });
  });

  it("retries 429 honouring Retry-After, and 500/502/503, then succeeds", async () => {
    const script: Array<[number, string, Record<string, string>?]> = [
      [429, fixture("error-429.json"), { "retry-after": "2" }],
      [500, fixture("error-500.json")],
      [502, "bad gateway"],
      [200, fixture("completion.json")],
    ];
    const fake = await fakeServer((_q, response, _b, call) => {
      const [status, body, headers] = script[call]!;
      send(response, status, body, headers);
    });
    const chat = adapter(fake.url);
    const result = await chat.doGenerate(request);
    await chat.close();
    expect(result.attempts).toBe(4);
    expect(fake.calls()).toBe(4);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(sleeps).toHaveLength(3);
  });

  it("retries a connection reset and malformed JSON", async () => {
    const fake = await fakeServer((q, response, _b, call) => {
      if (call === 0) return q.socket.destroy();
      if (call === 1) return send(response, 200, '{"choices": [{"message": {"content": "정답');
      send(response, 200, fixture("completion.json"));
    });
    const chat = adapter(fake.url);
    const result = await chat.doGenerate(request);
    await chat.close();
    expect(result.attempts).toBe(3);
  });

  it.each([400, 404])("does not retry %i", async (status) => {
    const fake = await fakeServer((_q, response) => send(response, status, fixture("error-400.json")));
    const chat = adapter(fake.url);
    const error = await chat.doGenerate(request).catch((caught: unknown) => caught);
    await chat.close();
    expect(fake.calls()).toBe(1);
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).isRetryable).toBe(false);
    expect((error as ApiCallError).status).toBe(status);
  });

  it("401 is not retried, names the variable and never shows the key", async () => {
    const key = "sk-planted-secret-key-123456";
    const fake = await fakeServer((_q, response) =>
      send(response, 401, JSON.stringify({ error: { message: `Incorrect API key provided: ${key}` } })),
    );
    const chat = adapter(fake.url, { apiKeyEnv: "TEAM_A_API_KEY" }, { TEAM_A_API_KEY: key });
    const error = (await chat.doGenerate(request).catch((caught: unknown) => caught)) as ApiCallError;
    await chat.close();
    expect(fake.calls()).toBe(1);
    expect(fake.headers[0]!.authorization).toBe(`Bearer ${key}`);
    expect(error.code).toBe("auth");
    expect(error.isAuthError).toBe(true);
    expect(error.message).toContain("TEAM_A_API_KEY");
    expect(JSON.stringify({ message: error.message, body: error.body, settings: chat.publicSettings })).not.toContain(key);
  });

  it("gives up after the retries with the attempt count", async () => {
    const fake = await fakeServer((_q, response) => send(response, 503, "overloaded"));
    const chat = adapter(fake.url);
    const error = (await chat.doGenerate(request).catch((caught: unknown) => caught)) as ApiCallError;
    await chat.close();
    expect(error.isRetryable).toBe(true);
    expect(error.attempts).toBe(4);
    expect(fake.calls()).toBe(4);
  });

  it("times out a stalled server, retries, then errors", async () => {
    const fake = await fakeServer(() => {
      /* never answers */
    });
    const chat = adapter(fake.url, { timeouts: { totalMs: 150 }, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const error = (await chat.doGenerate(request).catch((caught: unknown) => caught)) as ApiCallError;
    await chat.close();
    expect(error.message).toContain("within 150 ms");
    expect(fake.calls()).toBe(2);
  });

  it("an abort signal stops the request as cancelled, not failed", async () => {
    const fake = await fakeServer(() => {});
    const chat = adapter(fake.url);
    const controller = new AbortController();
    const pending = chat.doGenerate(request, { signal: controller.signal }).catch((caught: unknown) => caught);
    setTimeout(() => controller.abort(), 50);
    const error = (await pending) as KfmError;
    await chat.close();
    expect(error.code).toBe("aborted");
  });

  it("a named but unset key variable is a config error naming it", async () => {
    const error = await createAdapter(
      "openai-compatible",
      { baseUrl: "http://127.0.0.1:1/v1", model: "m", apiKeyEnv: "MISSING_KEY" },
      { endpointName: "team-a", env: {}, concurrency: 1 },
    ).catch((caught: unknown) => caught);
    expect((error as KfmError).code).toBe("config");
    expect((error as KfmError).message).toContain("MISSING_KEY");
  });

  it("invalid settings name the endpoint and the field", async () => {
    const error = (await createAdapter(
      "openai-compatible",
      { baseUrl: "not a url", model: "m" },
      { endpointName: "team-a", env: {}, concurrency: 1 },
    ).catch((caught: unknown) => caught)) as KfmError;
    expect(error.code).toBe("config");
    expect(error.message).toMatch(/endpoint "team-a": baseUrl:/);
    const unknown = (await createAdapter("grpc", {}, { endpointName: "x", env: {}, concurrency: 1 }).catch(
      (caught: unknown) => caught,
    )) as KfmError;
    expect(unknown.hint).toContain("openai-compatible");
  });
});

describe("streaming (server-sent events)", () => {
  it("folds recorded chunks into the answer, keeps reasoning apart, reads usage and times the first token", async () => {
    const fake = await fakeServer((_q, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(fixture("stream.sse"));
    });
    const chat = adapter(fake.url, { stream: true });
    const result = await chat.doGenerate(request);
    await chat.close();
    expect(JSON.parse(fake.bodies[0]!)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(result).toMatchObject({
      text: "정답: C",
      reasoning: "B와 C를 비교한다.",
      finishReason: "stop",
      fingerprint: "fp_stream",
      usage: { inputTokens: 120, outputTokens: 14 },
    });
    expect(result.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  });

  it("a stream cut short with a broken event is retried", async () => {
    const fake = await fakeServer((_q, response, _b, call) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(call === 0 ? 'data: {"choices":[{"delta":{"content":"정' : fixture("stream.sse"));
    });
    const chat = adapter(fake.url, { stream: true });
    const result = await chat.doGenerate(request);
    await chat.close();
    expect(result.attempts).toBe(2);
  });
});

describe("tool calls", () => {
  const tools = [
    {
      name: "get_weather",
      description: "날씨",
      parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city"] },
    },
    { name: "get_time", parameters: { type: "object", properties: { location: { type: "string" } } } },
  ];
  const expectedCalls = [
    { id: "call_8d1fa3", name: "get_weather", arguments: '{"city": "서울", "days": 3}' },
    { id: "call_9c2e71", name: "get_time", arguments: '{"location": "서울"}' },
  ];
  const conversation = {
    messages: [
      { role: "user" as const, content: "서울 날씨" },
      { role: "assistant" as const, content: "", toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{"city":"서울"}' }] },
      { role: "tool" as const, content: '{"temp": 3}', toolCallId: "call_1", name: "get_weather" },
    ],
    tools,
    settings: {},
  };

  it("sends tools and the tool conversation in OpenAI's shape and reads parallel calls", async () => {
    const fake = await fakeServer((_q, response) => send(response, 200, fixture("completion-tool-calls.json")));
    const chat = adapter(fake.url);
    const result = await chat.doGenerate(conversation);
    await chat.close();
    const body = JSON.parse(fake.bodies[0]!) as { messages: unknown[]; tools: unknown[] };
    expect(body.tools).toEqual([
      { type: "function", function: { name: "get_weather", description: "날씨", parameters: tools[0]!.parameters } },
      { type: "function", function: { name: "get_time", parameters: tools[1]!.parameters } },
    ]);
    expect(body.messages).toEqual([
      { role: "user", content: "서울 날씨" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"서울"}' } }],
      },
      { role: "tool", content: '{"temp": 3}', tool_call_id: "call_1", name: "get_weather" },
    ]);
    expect(result).toMatchObject({ text: "", finishReason: "tool_calls", toolCalls: expectedCalls });
  });

  it("assembles streamed call fragments by index", async () => {
    const fake = await fakeServer((_q, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(fixture("stream-tool-calls.sse"));
    });
    const chat = adapter(fake.url, { stream: true });
    const result = await chat.doGenerate(conversation);
    await chat.close();
    expect(result).toMatchObject({
      text: "",
      finishReason: "tool_calls",
      toolCalls: expectedCalls,
      usage: { inputTokens: 182, outputTokens: 41 },
    });
    expect(result.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  });

  it("sends a plain chat without a tools field", async () => {
    const fake = await fakeServer((_q, response) => send(response, 200, fixture("completion.json")));
    const chat = adapter(fake.url);
    await chat.doGenerate(request);
    await chat.close();
    expect(JSON.parse(fake.bodies[0]!)).not.toHaveProperty("tools");
  });
});

describe("log-likelihood (completions with echoed log-probabilities)", () => {
  const requests = [
    { context: "정답：", continuation: " A" },
    { context: "정답：", continuation: " B" },
  ];

  it("sends every continuation of an item as one list of prompts and sums the continuation's token log-probabilities", async () => {
    const fake = await fakeServer((_q, response) => send(response, 200, fixture("completion-echo-logprobs.json")));
    const chat = adapter(fake.url);
    const response = await chat.doLogLikelihood(requests);
    await chat.close();
    expect(JSON.parse(fake.bodies[0]!)).toEqual({
      model: "team-a-32b",
      prompt: ["정답： A", "정답： B"],
      max_tokens: 1,
      temperature: 0,
      echo: true,
      logprobs: 1,
    });
    // Only " A" / " B" count: not the context's tokens, not the generated newline.
    expect(response.results).toEqual([
      { logprob: -1.2, isGreedy: false, tokens: 1 },
      { logprob: -0.6, isGreedy: true, tokens: 1 },
    ]);
    expect(response.usage).toEqual({ inputTokens: 8, outputTokens: 2 });
  });

  it("counts a token that straddles the context's end for the continuation", async () => {
    const body = {
      choices: [{ index: 0, logprobs: { tokens: ["정답", "： A", "\n"], token_logprobs: [null, -0.9, -0.1], text_offset: [0, 2, 5] } }],
    };
    const fake = await fakeServer((_q, response) => send(response, 200, JSON.stringify(body)));
    const chat = adapter(fake.url);
    const response = await chat.doLogLikelihood([requests[0]!]);
    await chat.close();
    expect(response.results[0]).toMatchObject({ logprob: -0.9, tokens: 1 });
  });

  it("a server that does not echo log-probabilities is a clear, non-retried error", async () => {
    const fake = await fakeServer((_q, response) =>
      send(response, 200, JSON.stringify({ choices: [{ index: 0, text: "\n", logprobs: null }] })),
    );
    const chat = adapter(fake.url);
    await expect(chat.doLogLikelihood([requests[0]!])).rejects.toThrow(
      /no echoed token log-probabilities \(does the server support echo with logprobs\?\)/,
    );
    await chat.close();
    expect(fake.calls()).toBe(1);
  });
});

describe("streamed tool calls without an index", () => {
  it("starts a call at each id and appends id-less fragments to the last one", async () => {
    const { parseChatStream } = await import("./parse-response.js");
    const chunk = (toolCall: Record<string, unknown>) => ({ choices: [{ delta: { tool_calls: [toolCall] } }] });
    const parsed = parseChatStream([
      chunk({ id: "a", function: { name: "get_time", arguments: '{"loc' } }),
      chunk({ function: { arguments: 'ation":"서울"}' } }),
      chunk({ id: "b", function: { name: "get_time", arguments: '{"location":"부산"}' } }),
    ]);
    expect(parsed.toolCalls).toEqual([
      { id: "a", name: "get_time", arguments: '{"location":"서울"}' },
      { id: "b", name: "get_time", arguments: '{"location":"부산"}' },
    ]);
  });
});
