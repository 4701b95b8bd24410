import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ApiCallError } from "../spec/errors.js";
import { AnthropicMessages, anthropicSettingsSchema } from "./anthropic/messages.js";
import { GeminiGenerateContent, geminiSettingsSchema } from "./gemini/generate-content.js";

const fixture = (path: string) => readFileSync(new URL(`./${path}`, import.meta.url), "utf8");

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A loopback fake of one protocol, replaying recorded responses in order. */
async function fake(script: Array<[number, string, Record<string, string>?]>) {
  const requests: Array<{ url: string; headers: IncomingMessage["headers"]; body: Record<string, unknown> }> = [];
  server = createServer((request, response: ServerResponse) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      requests.push({ url: request.url ?? "", headers: request.headers, body: JSON.parse(body) as Record<string, unknown> });
      const [status, text, headers] = script[Math.min(requests.length - 1, script.length - 1)]!;
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, requests };
}

const context = (env: NodeJS.ProcessEnv) => ({ endpointName: "global", env, concurrency: 2 });
const noSleep = { sleep: async () => {}, random: () => 0 };
const request = {
  messages: [
    { role: "system" as const, content: "한국어로 답하세요." },
    { role: "user" as const, content: "문제" },
  ],
  settings: { temperature: 0, maxTokens: 512, seed: 3 },
};

describe("anthropic adapter", () => {
  it("sends the Messages request (system apart, x-api-key, version) and keeps thinking apart", async () => {
    const fakeServer = await fake([
      [529, fixture("anthropic/__fixtures__/error-overloaded.json")],
      [200, fixture("anthropic/__fixtures__/message-thinking.json")],
    ]);
    const adapter = new AnthropicMessages(
      anthropicSettingsSchema.parse({ baseUrl: fakeServer.url, model: "claude-sonnet-4-5" }),
      context({ ANTHROPIC_API_KEY: "sk-ant-planted-1234" }),
      noSleep,
    );
    const result = await adapter.doGenerate(request);
    await adapter.close();
    expect(fakeServer.requests).toHaveLength(2);
    const sent = fakeServer.requests[1]!;
    expect(sent.url).toBe("/v1/messages");
    expect(sent.headers["x-api-key"]).toBe("sk-ant-planted-1234");
    expect(sent.headers["anthropic-version"]).toBe("2023-06-01");
    expect(sent.body).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 512,
      system: "한국어로 답하세요.",
      messages: [{ role: "user", content: "문제" }],
      temperature: 0,
    });
    expect(result).toMatchObject({
      text: "정답: B",
      reasoning: "선택지를 비교하면 B만 조건을 만족한다.",
      finishReason: "end_turn",
      attempts: 2,
      usage: { inputTokens: 412, outputTokens: 96 },
    });
    expect(result.warnings.map((warning) => warning.setting)).toEqual(["seed"]);
  });

  it("401 is not retried and never shows the key", async () => {
    const fakeServer = await fake([[401, fixture("anthropic/__fixtures__/error-authentication.json")]]);
    const adapter = new AnthropicMessages(
      anthropicSettingsSchema.parse({ baseUrl: fakeServer.url, model: "m", apiKeyEnv: "GLOBAL_KEY" }),
      context({ GLOBAL_KEY: "sk-ant-planted-9999" }),
      noSleep,
    );
    const error = (await adapter.doGenerate(request).catch((caught: unknown) => caught)) as ApiCallError;
    await adapter.close();
    expect(fakeServer.requests).toHaveLength(1);
    expect(error.code).toBe("auth");
    expect(error.message).toContain("GLOBAL_KEY");
    expect(JSON.stringify({ message: error.message, body: error.body })).not.toContain("sk-ant-planted-9999");
  });
});

describe("gemini adapter", () => {
  it("sends generateContent (roles, systemInstruction, generationConfig, x-goog-api-key) and keeps thoughts apart", async () => {
    const fakeServer = await fake([
      [429, fixture("gemini/__fixtures__/error-resource-exhausted.json"), { "retry-after": "1" }],
      [200, fixture("gemini/__fixtures__/generate-content-thoughts.json")],
    ]);
    const adapter = new GeminiGenerateContent(
      geminiSettingsSchema.parse({ baseUrl: fakeServer.url, model: "gemini-2.5-pro", thinkingBudget: 1024 }),
      context({ GEMINI_API_KEY: "AIza-planted" }),
      noSleep,
    );
    const result = await adapter.doGenerate(request);
    await adapter.close();
    const sent = fakeServer.requests[1]!;
    expect(sent.url).toBe("/v1beta/models/gemini-2.5-pro:generateContent");
    expect(sent.headers["x-goog-api-key"]).toBe("AIza-planted");
    expect(sent.body).toEqual({
      contents: [{ role: "user", parts: [{ text: "문제" }] }],
      generationConfig: { temperature: 0, maxOutputTokens: 512, seed: 3, thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } },
      systemInstruction: { parts: [{ text: "한국어로 답하세요." }] },
    });
    expect(result).toMatchObject({
      text: "정답: C",
      reasoning: "각 선택지를 검토한다. C가 정의에 맞다.",
      finishReason: "STOP",
      attempts: 2,
      responseModel: "gemini-2.5-pro",
      usage: { inputTokens: 301, outputTokens: 5, reasoningTokens: 88 },
    });
  });

  it("a missing key variable is a config error naming it", () => {
    expect(() => new GeminiGenerateContent(geminiSettingsSchema.parse({ model: "gemini-2.5-pro" }), context({}), noSleep)).toThrow(
      /GEMINI_API_KEY/,
    );
  });
});

describe("tool calls through the Anthropic and Gemini protocols", () => {
  const tools = [
    {
      name: "get_time",
      description: "현재 시각",
      parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
    },
  ];
  const conversation = {
    messages: [
      { role: "system" as const, content: "도구를 쓰세요." },
      { role: "user" as const, content: "서울과 부산은 몇 시야?" },
      {
        role: "assistant" as const,
        content: "",
        toolCalls: [
          { id: "c1", name: "get_time", arguments: '{"location":"서울"}' },
          { id: "c2", name: "get_time", arguments: '{"location":"부산"}' },
        ],
      },
      { role: "tool" as const, content: '{"time":"15:00"}', toolCallId: "c1", name: "get_time" },
      { role: "tool" as const, content: "15:00", toolCallId: "c2", name: "get_time" },
    ],
    tools,
    settings: {},
  };

  it("anthropic: tools with input_schema, calls as tool_use blocks, results as one user turn of tool_result blocks; reads tool_use back", async () => {
    const fakeServer = await fake([[200, fixture("anthropic/__fixtures__/message-tool-use.json")]]);
    const adapter = new AnthropicMessages(
      anthropicSettingsSchema.parse({ baseUrl: fakeServer.url, model: "claude-sonnet-4-5" }),
      context({ ANTHROPIC_API_KEY: "k" }),
      noSleep,
    );
    const result = await adapter.doGenerate(conversation);
    await adapter.close();
    const body = fakeServer.requests[0]!.body;
    expect(body.tools).toEqual([{ name: "get_time", description: "현재 시각", input_schema: tools[0]!.parameters }]);
    expect(body.system).toBe("도구를 쓰세요.");
    expect(body.messages).toEqual([
      { role: "user", content: "서울과 부산은 몇 시야?" },
      {
        role: "assistant",
        content: [
          { type: "tool_use", id: "c1", name: "get_time", input: { location: "서울" } },
          { type: "tool_use", id: "c2", name: "get_time", input: { location: "부산" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "c1", content: '{"time":"15:00"}' },
          { type: "tool_result", tool_use_id: "c2", content: "15:00" },
        ],
      },
    ]);
    expect(result).toMatchObject({
      text: "서울의 현재 시각을 확인하겠습니다.",
      finishReason: "tool_use",
      toolCalls: [{ id: "toolu_01A09q90qw90lq917835lq9", name: "get_time", arguments: '{"location":"서울"}' }],
    });
  });

  it("gemini: functionDeclarations, calls as functionCall parts, results as functionResponse parts; reads parallel calls with positional ids", async () => {
    const fakeServer = await fake([[200, fixture("gemini/__fixtures__/generate-content-function-call.json")]]);
    const adapter = new GeminiGenerateContent(
      geminiSettingsSchema.parse({ baseUrl: fakeServer.url, model: "gemini-2.5-pro" }),
      context({ GEMINI_API_KEY: "k" }),
      noSleep,
    );
    const result = await adapter.doGenerate(conversation);
    await adapter.close();
    const body = fakeServer.requests[0]!.body;
    expect(body.tools).toEqual([
      { functionDeclarations: [{ name: "get_time", description: "현재 시각", parameters: tools[0]!.parameters }] },
    ]);
    expect(body.contents).toEqual([
      { role: "user", parts: [{ text: "서울과 부산은 몇 시야?" }] },
      {
        role: "model",
        parts: [
          { functionCall: { name: "get_time", args: { location: "서울" } } },
          { functionCall: { name: "get_time", args: { location: "부산" } } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "get_time", response: { time: "15:00" } } },
          { functionResponse: { name: "get_time", response: { content: "15:00" } } },
        ],
      },
    ]);
    expect(result.toolCalls).toEqual([
      { id: "call_0", name: "get_time", arguments: '{"location":"서울"}' },
      { id: "call_1", name: "get_weather", arguments: '{"city":"서울","days":3}' },
    ]);
  });
});
