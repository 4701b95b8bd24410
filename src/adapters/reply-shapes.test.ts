import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ChatAdapterV1 } from "../spec/adapter.js";
import { AnthropicMessages, anthropicSettingsSchema } from "./anthropic/messages.js";
import { GeminiGenerateContent, geminiSettingsSchema } from "./gemini/generate-content.js";
import { OpenAICompatibleChat, openAICompatibleSettingsSchema } from "./openai-compatible/index.js";

let server: Server | undefined;
afterEach(async () => {
  if (server) await new Promise((done) => server!.close(done));
  server = undefined;
});

type Protocol = "anthropic" | "gemini" | "openai-stream";

/** An adapter of the protocol (no retries: one request per case) in front of a loopback server sending `body`. */
async function adapterFor(protocol: Protocol, body: string, contentType = "application/json"): Promise<ChatAdapterV1> {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    response.writeHead(200, { "content-type": contentType }).end(body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const common = {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}${protocol === "openai-stream" ? "/v1" : ""}`,
    model: "m",
    retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 },
  };
  const context = { endpointName: "odd", env: { ANTHROPIC_API_KEY: "k", GEMINI_API_KEY: "k" }, concurrency: 1 };
  if (protocol === "anthropic") return new AnthropicMessages(anthropicSettingsSchema.parse(common), context);
  if (protocol === "gemini") return new GeminiGenerateContent(geminiSettingsSchema.parse(common), context);
  return new OpenAICompatibleChat(openAICompatibleSettingsSchema.parse({ ...common, stream: true }), context);
}

const request = { messages: [{ role: "user" as const, content: "q" }], settings: {} };
const events = (...chunks: unknown[]) => `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("")}data: [DONE]\n\n`;

describe("a reply with no answer in it is a retryable endpoint error that says what came, in every protocol", () => {
  it.each<[Protocol, string, string]>([
    ["anthropic", JSON.stringify({ content: [], stop_reason: "end_turn" }), "content is an array of 0: the reply holds no answer"],
    ["anthropic", JSON.stringify({ type: "message" }), "content is undefined"],
    ["anthropic", JSON.stringify({ content: [{ type: "text", text: 42 }] }), "content[0].text is number 42, not text"],
    ["anthropic", JSON.stringify({ content: [{ type: "image" }] }), "content holds no text, thinking or tool_use block (types: image)"],
    ["gemini", JSON.stringify({ candidates: [] }), "candidates is an array of 0: the reply holds no answer"],
    [
      "gemini",
      JSON.stringify({ promptFeedback: { blockReason: "SAFETY" } }),
      "candidates is undefined: the reply holds no answer (promptFeedback.blockReason SAFETY)",
    ],
    [
      "gemini",
      JSON.stringify({ candidates: [{ content: { parts: [{ text: { a: 1 } }] } }] }),
      "candidates[0].content.parts[0].text is an object with keys a, not text",
    ],
    [
      "openai-stream",
      events({ choices: [] }, { choices: [], usage: { prompt_tokens: 1 } }),
      "no event carried a choice: the reply holds no answer",
    ],
    ["openai-stream", events({ choices: [{ delta: { content: 7 } }] }), "choices[0].delta.content is number 7, not text"],
  ])("%s: %s", async (protocol, body, said) => {
    const model = await adapterFor(protocol, body, protocol === "openai-stream" ? "text/event-stream" : "application/json");
    await expect(model.doGenerate(request)).rejects.toMatchObject({
      code: "api-call",
      isRetryable: true,
      message: expect.stringContaining(said),
    });
    await model.close?.();
  });

  it.each<[Protocol, string, string]>([
    ["anthropic", JSON.stringify({ content: [{ type: "text", text: "정답: A" }] }), "정답: A"],
    ["gemini", JSON.stringify({ candidates: [{ content: { parts: [{ text: "정답: A" }] } }] }), "정답: A"],
    [
      "openai-stream",
      events({ choices: [{ delta: { content: "정답: " } }] }, { choices: [{ delta: { content: "A" } }] }, { choices: [] }),
      "정답: A",
    ],
  ])("%s: a well-formed reply still reads", async (protocol, body, text) => {
    const model = await adapterFor(protocol, body, protocol === "openai-stream" ? "text/event-stream" : "application/json");
    await expect(model.doGenerate(request)).resolves.toMatchObject({ text });
    await model.close?.();
  });
});
