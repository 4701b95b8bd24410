import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import { JsonEndpoint } from "./json-endpoint.js";

let server: Server | undefined;
let endpoint: JsonEndpoint | undefined;

afterEach(async () => {
  await endpoint?.close();
  if (server) await new Promise((done) => server!.close(done));
  endpoint = undefined;
  server = undefined;
});

async function serve(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  options: { maxResponseBytes?: number; maxRetries?: number; totalMs?: number } = {},
): Promise<JsonEndpoint> {
  server = createServer(handler);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  endpoint = new JsonEndpoint({
    baseUrl: `http://127.0.0.1:${port}/v1`,
    headers: { "content-type": "application/json" },
    secrets: [],
    timeouts: { connectMs: 2000, totalMs: options.totalMs ?? 5000 },
    retry: { maxRetries: options.maxRetries ?? 0, baseDelayMs: 1, maxDelayMs: 1 },
    connections: 8,
    authHint: "set the key",
    ...(options.maxResponseBytes !== undefined ? { maxResponseBytes: options.maxResponseBytes } : {}),
  });
  return endpoint;
}

describe("JsonEndpoint transport", () => {
  it("keeps a Korean character whole when a streamed reply splits it across chunks", async () => {
    const event = Buffer.from(`data: ${JSON.stringify({ text: "정답은 B입니다" })}\n\n`, "utf8");
    const split = event.indexOf(Buffer.from("답", "utf8")) + 1; // inside the character's three bytes
    const client = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write(event.subarray(0, split));
      // A separate write a moment later arrives as a separate chunk.
      setTimeout(() => response.end(Buffer.concat([event.subarray(split), Buffer.from("data: [DONE]\n\n")])), 20);
    });
    const reply = await client.post("/chat", "{}", undefined, () => true);
    expect(reply.json).toEqual([{ text: "정답은 B입니다" }]);
    expect(reply.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  });

  it("reads a whole reply, and the body and Retry-After of a refusal", async () => {
    let calls = 0;
    const client = await serve((request, response) => {
      calls++;
      request.resume();
      if (calls === 1) {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ answer: "가".repeat(50_000) })); // several chunks
      } else {
        response.writeHead(400, { "retry-after": "3" });
        response.end("bad request: no such model");
      }
    });
    const reply = await client.post("/chat", "{}");
    expect((reply.json as { answer: string }).answer).toHaveLength(50_000);
    const refused = await client.post("/chat", "{}").catch((error: unknown) => error);
    expect(KfmError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toContain("HTTP 400");
    expect(refused).toMatchObject({ status: 400, body: "bad request: no such model", retryAfterMs: 3000 });
  });

  it("stops reading a reply past the byte cap and fails it without a retry", async () => {
    let requests = 0;
    const client = await serve(
      (request, response) => {
        requests++;
        request.resume();
        response.writeHead(200, { "content-type": "application/json" });
        response.write(`{"answer":"${"가".repeat(400)}`);
        // A reply that never ends, as from a generation that never stops.
        const timer = setInterval(() => response.write("가".repeat(400)), 5);
        response.on("close", () => clearInterval(timer));
      },
      { maxResponseBytes: 4000, maxRetries: 3 },
    );
    const failed = await client.post("/chat", "{}").catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: "api-call", isRetryable: false, attempts: 1 });
    expect((failed as Error).message).toMatch(/passed 4000 bytes; kfm stopped reading it/);
    expect(requests).toBe(1);
  });

  it("GETs JSON through the same transport, and names the status of a refusal", async () => {
    const client = await serve((request, response) => {
      if (request.method === "GET" && request.url === "/v1/models") return response.end(JSON.stringify({ data: [{ id: "team-a-32b" }] }));
      response.writeHead(404);
      response.end("no such route");
    });
    expect(await client.get("/models")).toEqual({ data: [{ id: "team-a-32b" }] });
    await expect(client.get("/nothing")).rejects.toMatchObject({ status: 404, message: expect.stringContaining("HTTP 404") });
  });

  it("fails a request on a closed endpoint at once instead of leaving it pending", async () => {
    const client = await serve((_request, response) => response.end("{}"));
    await client.close();
    endpoint = undefined;
    await expect(client.post("/chat", "{}", new AbortController().signal)).rejects.toThrow(/network error calling .*(closed|destroyed)/i);
  });

  it("retries a refused connection only three times while nothing has answered, and by the full policy once something has", async () => {
    const answer = (request: IncomingMessage, response: ServerResponse) => {
      request.resume();
      response.writeHead(200, { "content-type": "application/json", connection: "close" }).end("{}");
    };
    const stopListening = async () => {
      await new Promise((done) => server!.close(done));
      server = undefined;
    };
    const silent = await serve(answer, { maxRetries: 10 });
    await stopListening();
    await expect(silent.post("/chat", "{}")).rejects.toMatchObject({ neverAnswered: true, isAddressError: true, attempts: 4 });
    await silent.close();

    const answered = await serve(answer, { maxRetries: 10 });
    expect((await answered.post("/chat", "{}")).json).toEqual({});
    await stopListening();
    await expect(answered.post("/chat", "{}")).rejects.toMatchObject({ neverAnswered: false, isAddressError: false, attempts: 11 });
  });

  it("gives up on a reply that trickles past the whole-request deadline, with one timer for all requests in flight", async () => {
    // Headers at once, then a byte every 40 ms: undici's idle timers never fire, only the total deadline.
    const trickling: ServerResponse[] = [];
    const client = await serve(
      (request, response) => {
        request.resume();
        response.writeHead(200, { "content-type": "application/json" });
        response.write(" ");
        trickling.push(response);
      },
      { totalMs: 400 },
    );
    const drip = setInterval(() => trickling.forEach((response) => response.write(" ")), 40);
    try {
      const started = performance.now();
      const pending = Array.from({ length: 8 }, () => client.post("/chat", "{}").catch((error: unknown) => error));
      while (trickling.length < 8) await new Promise((done) => setTimeout(done, 5));
      // The eight deadlines share one interval (and the drip above is one more): not a timer a request.
      expect(process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length).toBeLessThan(5);
      const outcomes = await Promise.all(pending);
      expect(performance.now() - started).toBeGreaterThanOrEqual(400);
      for (const outcome of outcomes) expect((outcome as Error).message).toContain("no complete response from");
      // Nothing is left running once no request is in flight.
      expect(process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length).toBe(1);
    } finally {
      clearInterval(drip);
      for (const response of trickling) response.destroy();
    }
  });

  it("keeps the deadline of the last request when those started before it finish out of order", async () => {
    // a, b, c start in that order; b then a answer; c trickles: taking b (the middle) and a (the head)
    // off the in-flight list must leave c on it, due 400 ms after it started.
    const held = new Map<string, ServerResponse>();
    const client = await serve(
      (request, response) => {
        let body = "";
        request.on("data", (chunk: Buffer) => (body += chunk.toString()));
        request.on("end", () => {
          response.writeHead(200, { "content-type": "application/json" });
          response.write(" ");
          held.set(body, response);
        });
      },
      { totalMs: 400 },
    );
    const signal = new AbortController().signal;
    const started = performance.now();
    const pending: Promise<unknown>[] = [];
    for (const name of ["a", "b", "c"]) {
      pending.push(client.post("/chat", JSON.stringify(name), signal).catch((error: unknown) => error));
      while (!held.has(JSON.stringify(name))) await new Promise((done) => setTimeout(done, 2));
    }
    held.get('"b"')!.end(`{"name":"b"}`);
    held.get('"a"')!.end(`{"name":"a"}`);
    const drip = setInterval(() => held.get('"c"')!.write(" "), 40);
    try {
      const [a, b, c] = await Promise.all(pending);
      expect((a as { json: unknown }).json).toEqual({ name: "a" });
      expect((b as { json: unknown }).json).toEqual({ name: "b" });
      expect((c as Error).message).toContain("no complete response from");
      expect(performance.now() - started).toBeGreaterThanOrEqual(400);
      // The list is empty again, so its timer is gone: only the drip is left.
      expect(process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length).toBe(1);
    } finally {
      clearInterval(drip);
      for (const response of held.values()) response.destroy();
    }
  }, 5_000); // a request lost from the list would never expire: fail in seconds, not at the suite timeout

  it("cancels every request in flight on one signal, and serves the next signal as usual", async () => {
    const held: ServerResponse[] = [];
    const client = await serve((request, response) => {
      request.resume();
      if (held.length < 3) held.push(response);
      else response.end("{}");
    });
    const controller = new AbortController();
    const pending = [1, 2, 3].map(() => client.post("/chat", "{}", controller.signal).catch((error: unknown) => error));
    while (held.length < 3) await new Promise((done) => setTimeout(done, 5));
    controller.abort();
    const outcomes = await Promise.all(pending);
    for (const outcome of outcomes) expect(KfmError.isInstance(outcome) && (outcome as KfmError).code).toBe("aborted");
    // A request on an already-aborted signal is refused before it is sent.
    await expect(client.post("/chat", "{}", controller.signal)).rejects.toMatchObject({ code: "aborted" });
    const fresh = new AbortController();
    expect((await client.post("/chat", "{}", fresh.signal)).json).toEqual({});
    for (const response of held) response.destroy();
  });
});
