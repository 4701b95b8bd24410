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
    const adapter = new AnthropicMessages(anthropicSettingsSchema.parse({ baseUrl: fakeServer.url, model: "claude-sonnet-4-5" }), context({ ANTHROPIC_API_KEY: "sk-ant-planted-1234" }), noSleep);
    const result = await adapter.doGenerate(request);
    await adapter.close();
    expect(fakeServer.requests).toHaveLength(2);
    const sent = fakeServer.requests[1]!;
    expect(sent.url).toBe("/v1/messages");
    expect(sent.headers["x-api-key"]).toBe("sk-ant-planted-1234");
    expect(sent.headers["anthropic-version"]).toBe("2023-06-01");
    expect(sent.body).toEqual({ model: "claude-sonnet-4-5", max_tokens: 512, system: "한국어로 답하세요.", messages: [{ role: "user", content: "문제" }], temperature: 0 });
    expect(result).toMatchObject({ text: "정답: B", reasoning: "선택지를 비교하면 B만 조건을 만족한다.", finishReason: "end_turn", attempts: 2, usage: { inputTokens: 412, outputTokens: 96 } });
    expect(result.warnings.map((warning) => warning.setting)).toEqual(["seed"]);
  });

  it("401 is not retried and never shows the key", async () => {
    const fakeServer = await fake([[401, fixture("anthropic/__fixtures__/error-authentication.json")]]);
    const adapter = new AnthropicMessages(anthropicSettingsSchema.parse({ baseUrl: fakeServer.url, model: "m", apiKeyEnv: "GLOBAL_KEY" }), context({ GLOBAL_KEY: "sk-ant-planted-9999" }), noSleep);
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
    const adapter = new GeminiGenerateContent(geminiSettingsSchema.parse({ baseUrl: fakeServer.url, model: "gemini-2.5-pro", thinkingBudget: 1024 }), context({ GEMINI_API_KEY: "AIza-planted" }), noSleep);
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
    expect(result).toMatchObject({ text: "정답: C", reasoning: "각 선택지를 검토한다. C가 정의에 맞다.", finishReason: "STOP", attempts: 2, responseModel: "gemini-2.5-pro", usage: { inputTokens: 301, outputTokens: 5, reasoningTokens: 88 } });
  });

  it("a missing key variable is a config error naming it", () => {
    expect(() => new GeminiGenerateContent(geminiSettingsSchema.parse({ model: "gemini-2.5-pro" }), context({}), noSleep)).toThrow(/GEMINI_API_KEY/);
  });
});
