import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ItemRecord } from "../src/spec/record.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

const CONTEXT = 3000;
/** Prompts longer than this many characters are refused by the server, as vLLM refuses one past max_model_len. */
const SERVER_LIMIT_CHARS = 5000;

/**
 * A vLLM-like loopback server: /v1/models reports `max_model_len`, a chat request answers "A",
 * or HTTP 400 with vLLM's context-length message when its prompt is past SERVER_LIMIT_CHARS.
 * It counts the chat requests it receives and the lengths of their prompts.
 */
async function contextServer() {
  const received: number[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      if (request.method === "GET" && request.url === "/v1/models") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ object: "list", data: [{ id: "m", object: "model", max_model_len: CONTEXT }] }));
        return;
      }
      if (request.url !== "/v1/chat/completions") {
        response.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"Not Found"}}');
        return;
      }
      const parsed = JSON.parse(body) as { messages: Array<{ content: string }> };
      const chars = parsed.messages.reduce((sum, message) => sum + message.content.length, 0);
      received.push(chars);
      if (chars > SERVER_LIMIT_CHARS) {
        const message = `This model's maximum context length is ${CONTEXT} tokens. However, you requested ${CONTEXT + 500} tokens.`;
        response.writeHead(400, { "content-type": "application/json" });
        response.end(JSON.stringify({ object: "error", message, type: "BadRequestError", code: 400 }));
        return;
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          id: "c",
          object: "chat.completion",
          model: "m",
          choices: [{ index: 0, message: { role: "assistant", content: "A" }, finish_reason: "stop" }],
          usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const SUITE = `kfm: suite/v1
id: mini-long
version: 1.0.0
title: Mini long prompts
benchmark: MINI
language: en
licence: test
source: { citation: test }
data:
  format: csv
  files: data/*.csv
  fields: { question: question, A: A, B: B, answer: answer }
  choices: [A, B]
  target: { field: answer }
prompt:
  user: "{{question}}\\nA. {{A}}\\nB. {{B}}"
generation: { temperature: 0, max_tokens: 16 }
scorer: { id: multiple-choice }
`;

/** Row 0: about 5,000 estimated tokens (refused by kfm); row 1: about 1,600 (sent, refused by the server); rows 2-3 short. */
async function fixture(url: string, contextTokens?: number): Promise<string> {
  const dir = await temporaryDirectory("kfm-context-");
  await mkdir(join(dir, "data"));
  const rows = [`${"x".repeat(20_000)},A`, `${"y ".repeat(3_200)},A`, "short one,A", "short two,B"].map((row) => `${row},1,2`);
  await writeFile(join(dir, "data", "t.csv"), `question,answer,A,B\n${rows.join("\n")}\n`);
  await writeFile(join(dir, "suite.yaml"), SUITE);
  const context = contextTokens === undefined ? "" : `\n    contextTokens: ${contextTokens}`;
  await writeFile(
    join(dir, "kfm.yaml"),
    `endpoints:\n  local:\n    baseUrl: ${url}\n    model: m${context}\n    retry: { maxRetries: 6, baseDelayMs: 1, maxDelayMs: 5 }\n`,
  );
  return dir;
}

describe("the endpoint's context length", () => {
  it("an item past contextTokens is an error naming it, never sent; a server's context refusal is not retried; the run goes on", async () => {
    const server = await contextServer();
    try {
      const dir = await fixture(server.url, CONTEXT);
      const args = ["eval", join(dir, "suite.yaml"), "--config", join(dir, "kfm.yaml"), "--endpoint", "local", "--no-probes"];
      const result = await runKfm([...args, "--out", dir, "--run-id", "r"]);
      expect(result.stderr).not.toContain("    at ");
      const lines = (await readFile(join(dir, "r", "items.jsonl"), "utf8")).trim().split("\n");
      const records = lines.map((line) => JSON.parse(line) as ItemRecord);
      expect(records).toHaveLength(4);
      const byId = new Map(records.map((record) => [record.id, record]));
      const refused = [...byId.values()].find((record) => record.error?.message.endsWith("; not sent"));
      expect(refused?.status).toBe("error");
      expect(refused!.error!.message).toMatch(
        new RegExp(
          `^item ${refused!.id}: prompt of about 50\\d\\d tokens \\(\\+ max_tokens 16\\) exceeds the endpoint's context of 3000 tokens`,
        ),
      );
      const serverRefused = [...byId.values()].find((record) => record.error?.message.includes("exceeds its context"));
      expect(serverRefused?.status).toBe("error");
      expect(serverRefused!.error!.message).toMatch(
        new RegExp(
          `^item ${serverRefused!.id}: prompt of about 16\\d\\d tokens \\(\\+ max_tokens 16\\) exceeds the endpoint's context of 3000 tokens; the endpoint says the prompt exceeds its context \\(HTTP 400 from `,
        ),
      );
      expect(serverRefused!.attempts).toBe(1);
      expect(records.filter((record) => record.status !== "error")).toHaveLength(2);
      // Three requests: the long one kfm refused never reached the server; the one the server refused was sent once.
      expect(server.received).toHaveLength(3);
      expect(server.received.every((chars) => chars < 20_000)).toBe(true);
      expect(server.received.filter((chars) => chars > SERVER_LIMIT_CHARS)).toHaveLength(1);
    } finally {
      await server.close();
    }
  }, 15_000);

  it("kfm adapter check reports the server's max_model_len and says how to set contextTokens", async () => {
    const server = await contextServer();
    try {
      const dir = await fixture(server.url);
      const result = await runKfm(["adapter", "check", "local", "--config", join(dir, "kfm.yaml"), "--json"]);
      const parsed = JSON.parse(result.stdout) as { rows: Array<{ check: string; status: string; detail: string }> };
      const row = parsed.rows.find((entry) => entry.check === "context length");
      expect(row).toEqual({
        check: "context length",
        status: "yes",
        detail:
          "3000 tokens (reported by the server); set `contextTokens: 3000` on the endpoint in kfm.yaml so kfm fails longer items before sending them",
        required: false,
      });
    } finally {
      await server.close();
    }
  }, 15_000);
});
