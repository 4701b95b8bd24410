import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { OpenAICompatibleChat, openAICompatibleSettingsSchema } from "./openai-compatible/index.js";

let server: Server | undefined;
afterEach(async () => {
  if (server) await new Promise((done) => server!.close(done));
  server = undefined;
});

/** An OpenAI-compatible adapter (no retries, so each case is one request) in front of a loopback server. */
async function adapterFor(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  extra: Record<string, unknown> = {},
  env: NodeJS.ProcessEnv = {},
) {
  server = createServer(handler);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const settings = openAICompatibleSettingsSchema.parse({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    model: "m",
    retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 },
    ...extra,
  });
  return new OpenAICompatibleChat(settings, { endpointName: "hostile", env, concurrency: 1 });
}

const completion = (fields: Record<string, unknown>) => (_request: IncomingMessage, response: ServerResponse) => {
  _request.resume();
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(fields));
};
const request = { messages: [{ role: "user" as const, content: "q" }], settings: {} };
const answer = (content: unknown) => ({ choices: [{ message: { role: "assistant", content }, finish_reason: "stop" }] });

describe("a hostile or broken endpoint", () => {
  it("timeouts.totalMs is a deadline for the whole request, not an idle timer: a byte a moment never holds a worker", async () => {
    const chat = await adapterFor(
      (_request, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        // A byte every 100 ms: undici's idle timers never fire.
        const drip = setInterval(() => response.write(" "), 100);
        response.on("close", () => clearInterval(drip));
      },
      { timeouts: { connectMs: 1000, totalMs: 600 } },
    );
    await expect(chat.doGenerate(request)).rejects.toMatchObject({
      code: "api-call",
      isRetryable: true,
      message: expect.stringMatching(/within 600 ms/),
    });
    await chat.close();
  });

  it("timeouts.minRate gives up on a reply that trickles in below the rate (curl's --speed-limit), long before totalMs; a steady reply passes", async () => {
    const chat = await adapterFor(
      (_request, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        // 10 bytes a second against a floor of 50 bytes a second over each 1 s period.
        const drip = setInterval(() => response.write(" "), 100);
        response.on("close", () => clearInterval(drip));
      },
      { timeouts: { connectMs: 1000, totalMs: 60_000, minRate: { bytesPerSecond: 50, seconds: 1 } } },
    );
    await expect(chat.doGenerate(request)).rejects.toMatchObject({
      code: "api-call",
      isRetryable: true,
      message: expect.stringMatching(/arrived at under 50 bytes\/s for 1 s \(timeouts\.minRate\)/),
    });
    await chat.close();
    server!.closeAllConnections();
    await new Promise((done) => server!.close(done));
    const steady = await adapterFor(completion(answer("fine")), {
      timeouts: { connectMs: 1000, totalMs: 60_000, minRate: { bytesPerSecond: 50, seconds: 1 } },
    });
    await expect(steady.doGenerate(request)).resolves.toMatchObject({ text: "fine" });
    await steady.close();
  });

  it("choices: [] is a retryable endpoint error, never a no-answer", async () => {
    const chat = await adapterFor(completion({ choices: [] }));
    await expect(chat.doGenerate(request)).rejects.toMatchObject({
      isRetryable: true,
      message: expect.stringContaining("choices is an array of 0: the reply holds no answer"),
    });
    await chat.close();
  });

  it("content that is not text says what the endpoint sent", async () => {
    const chat = await adapterFor(completion(answer({ parts: ["A"] })));
    await expect(chat.doGenerate(request)).rejects.toMatchObject({
      message: expect.stringContaining("choices[0].message.content is an object with keys parts, not text"),
    });
    await chat.close();
  });

  it("a deeply nested model id or fingerprint is dropped, and a long one cut and stripped of control characters", async () => {
    let deep = "[]";
    for (let depth = 0; depth < 10_000; depth++) deep = `[${deep}]`;
    const chat = await adapterFor((_request, response) => {
      _request.resume();
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(`{"model":${deep},"system_fingerprint":"\\u001b[31mfp${"x".repeat(500)}","choices":[{"message":{"content":"A"}}]}`);
    });
    const result = await chat.doGenerate(request);
    expect(result.responseModel).toBeUndefined();
    expect(result.fingerprint).toBe(`?[31mfp${"x".repeat(193)}`);
    expect(() => JSON.stringify(result)).not.toThrow();
    await chat.close();
  });

  it("an endpoint that echoes the key and a ${env:…} header back has both scrubbed from the reply, reasoning and tool calls", async () => {
    const key = "sk-live-0123456789";
    const token = "team-token-abcdef";
    const chat = await adapterFor(
      (request, response) => {
        request.resume();
        const echoed = `${request.headers.authorization} ${request.headers["x-team"]}`;
        response.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            model: `m ${key}`,
            choices: [
              {
                message: {
                  content: `<think>${echoed}</think>answer ${echoed}`,
                  tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: JSON.stringify({ k: key }) } }],
                },
              },
            ],
          }),
        );
      },
      { apiKeyEnv: "KEY", headers: { "X-Team": "${env:TEAM}" } },
      { KEY: key, TEAM: token },
    );
    const result = await chat.doGenerate(request);
    const stored = JSON.stringify(result);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(token);
    expect(result.text).toBe("answer Bearer [redacted] [redacted]");
    await chat.close();
  });
});
