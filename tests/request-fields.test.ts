import { once } from "node:events";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunManifest } from "../src/spec/run.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

/** A chat server that answers A to everything and keeps every request body it receives. */
async function recordingServer() {
  const bodies: Array<Record<string, unknown>> = [];
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      bodies.push(JSON.parse(body) as Record<string, unknown>);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          id: "x",
          object: "chat.completion",
          model: "m",
          choices: [{ index: 0, message: { role: "assistant", content: "정답: A" }, finish_reason: "stop" }],
          usage: { prompt_tokens: 5, completion_tokens: 3 },
        }),
      );
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return { url, bodies, close: () => new Promise((done) => server.close(done)) };
}

const SUITE = `kfm: suite/v1
id: passthrough
version: "1"
title: extra request fields
benchmark: Passthrough
language: ko
licence: test
source: { citation: test }
data:
  format: jsonl
  files: data.jsonl
  fields: { question: q, a: a, b: b, answer: answer }
  choices: [a, b]
  target: { field: answer }
prompt: { user: "{{question}}\\nA. {{a}}\\nB. {{b}}" }
generation: { temperature: 0, max_tokens: 2048 }
request: { top_k: 20, chat_template_kwargs: { enable_thinking: true, separate_reasoning: true } }
scorer: { id: multiple-choice, args: { choices: [A, B] } }
`;

describe("extra request fields (request:, --set request.…)", () => {
  it("sends the suite's fields under the endpoint's under --set, and the manifest records exactly what was sent", async () => {
    const server = await recordingServer();
    try {
      const dir = await temporaryDirectory();
      await mkdir(join(dir, "suite"));
      await writeFile(join(dir, "suite", "passthrough.yaml"), SUITE);
      await writeFile(
        join(dir, "suite", "data.jsonl"),
        ['{"q":"하나","a":"가","b":"나","answer":"A"}', '{"q":"둘","a":"다","b":"라","answer":"B"}'].join("\n"),
      );
      await writeFile(
        join(dir, "kfm.yaml"),
        `endpoints:\n  vllm:\n    baseUrl: ${server.url}\n    model: m\n    parameters: { maxTokens: 4096 }\n    request: { chat_template_kwargs: { enable_thinking: false } }\n`,
      );
      const args = [
        "eval",
        join(dir, "suite", "passthrough.yaml"),
        "--config",
        join(dir, "kfm.yaml"),
        "--endpoint",
        "vllm",
        "--no-probes",
        "--out",
        dir,
        "--run-id",
        "r",
        "--quiet",
      ];
      const result = await runKfm([...args, "--set", "request.reasoning_effort=high"]);
      expect(result.code, result.stderr).toBe(0);
      const sent = { reasoning_effort: "high", top_k: 20, chat_template_kwargs: { enable_thinking: false, separate_reasoning: true } };
      expect(server.bodies).toHaveLength(2);
      for (const body of server.bodies) expect(body).toMatchObject({ ...sent, max_tokens: 4096, temperature: 0 });
      const manifest = JSON.parse(await readFile(join(dir, "r", "manifest.json"), "utf8")) as RunManifest;
      // The endpoint's 4096 was sent, not the suite's 2048.
      expect(manifest.generation).toEqual({ temperature: 0, maxTokens: 4096, request: sent });
      expect(manifest.thinking).toBe("off");
    } finally {
      await server.close();
    }
  });

  it("refuses a field kfm sets itself before any run directory exists", async () => {
    const out = await temporaryDirectory();
    const result = await runKfm([
      "eval",
      "kobest-copa",
      "--endpoint",
      "sim",
      "--limit",
      "1",
      "--set",
      "request.max_tokens=5",
      "--out",
      out,
      "--run-id",
      "x",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--set request.max_tokens");
  });
});
