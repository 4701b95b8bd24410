import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RunManifest, RunSummary } from "../src/spec/run.js";
import { loadSuite, selectItems } from "../src/suite/index.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A loopback stand-in for a vendor API that always answers "정답: A" in that vendor's wire format. */
async function vendor(kind: "anthropic" | "gemini", key: string): Promise<string> {
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const authorized = kind === "anthropic" ? request.headers["x-api-key"] === key : request.headers["x-goog-api-key"] === key;
      if (!authorized) {
        response.writeHead(401, { "content-type": "application/json" });
        return response.end('{"error":{"message":"bad key"}}');
      }
      const body =
        kind === "anthropic"
          ? {
              type: "message",
              model: "claude-x",
              content: [
                { type: "thinking", thinking: "A가 맞다." },
                { type: "text", text: "정답: A" },
              ],
              stop_reason: "end_turn",
              usage: { input_tokens: 100, output_tokens: 5 },
            }
          : {
              candidates: [{ content: { parts: [{ text: "정답: A" }] }, finishReason: "STOP" }],
              usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 5 },
              modelVersion: "gemini-x",
            };
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe.each(["anthropic", "gemini"] as const)("kfm eval through the %s adapter", (kind) => {
  it("runs a KMMLU slice over HTTP from kfm.yaml, records the adapter, keeps the key off disk", async () => {
    const key = `planted-${kind}-key-0123456789`;
    const url = await vendor(kind, key);
    const out = await temporaryDirectory();
    await writeFile(
      join(out, "kfm.yaml"),
      `endpoints:\n  global:\n    adapter: ${kind}\n    baseUrl: ${url}\n    model: ${kind}-model\n    apiKeyEnv: GLOBAL_MODEL_KEY\n    concurrency: 4\n`,
    );
    const result = await runKfm(
      [
        "eval",
        "kmmlu",
        "--config",
        join(out, "kfm.yaml"),
        "--endpoint",
        "global",
        "--limit",
        "30",
        "--out",
        out,
        "--run-id",
        kind,
        "--json",
      ],
      { env: { GLOBAL_MODEL_KEY: key } },
    );
    expect(result.stderr).not.toContain(key);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as RunSummary;
    const suite = await loadSuite("kmmlu");
    const expectedCorrect = selectItems(suite.items, { limit: 30 }).filter((item) => item.target === "A").length;
    expect(summary.counts.correct).toBe(expectedCorrect);
    expect(summary.counts.incorrect).toBe(30 - expectedCorrect);
    const manifest = JSON.parse(await readFile(join(out, kind, "manifest.json"), "utf8")) as RunManifest;
    expect(manifest.endpoint.adapter).toBe(kind);
    for (const file of await readdir(join(out, kind))) expect(await readFile(join(out, kind, file), "utf8")).not.toContain(key);
    const wrongKey = await runKfm(
      [
        "eval",
        "kmmlu",
        "--config",
        join(out, "kfm.yaml"),
        "--endpoint",
        "global",
        "--limit",
        "30",
        "--out",
        out,
        "--run-id",
        `${kind}-bad`,
      ],
      { env: { GLOBAL_MODEL_KEY: "wrong" } },
    );
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toContain("GLOBAL_MODEL_KEY");
  });
});
