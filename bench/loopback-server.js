// A loopback OpenAI-compatible server in the bench's own process, so the time a request arrives is on
// the same clock as the spawn of the client: answers every chat request "정답: A" after `latencyMs`,
// and notes when the first request and the first item request (not an identity probe) arrived.
import { createServer } from "node:http";
import { IDENTITY_PROBES } from "../dist/adapters/identity.js";

const REPLY = JSON.stringify({
  id: "bench",
  object: "chat.completion",
  model: "kfm-sim-1",
  choices: [{ index: 0, message: { role: "assistant", content: "정답: A" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 },
});

export async function startLoopback(latencyMs) {
  const seen = { first: undefined, firstItem: undefined, requests: 0 };
  const server = createServer((request, response) => {
    const arrived = performance.now();
    seen.first ??= arrived;
    seen.requests++;
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      if (seen.firstItem === undefined && !IDENTITY_PROBES.some((probe) => body.includes(probe))) seen.firstItem = arrived;
      const answer = () => response.writeHead(200, { "content-type": "application/json" }).end(REPLY);
      if (latencyMs > 0) setTimeout(answer, latencyMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1`,
    seen,
    reset: () => Object.assign(seen, { first: undefined, firstItem: undefined, requests: 0 }),
    stop: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))),
  };
}
