import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RunSummary } from "../../src/spec/run.js";
import { runKfm, temporaryDirectory } from "../../tests/helpers/cli.js";
import tgi from "./tgi-adapter.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A loopback fake of text-generation-inference: answers 정답: B to everything. */
async function fakeTgi(): Promise<{ url: string; prompts: string[] }> {
  const prompts: string[] = [];
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      prompts.push((JSON.parse(body) as { inputs: string }).inputs);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ generated_text: " 정답: B", details: { generated_tokens: 3 } }));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, prompts };
}

describe("example adapter plugin", () => {
  it("exports a definition kfm accepts", () => {
    expect(tgi.id).toBe("tgi");
    expect(tgi.settingsSchema.safeParse({ baseUrl: "http://127.0.0.1:1" }).success).toBe(true);
    expect(tgi.settingsSchema.safeParse({ baseUrl: "nope" }).success).toBe(false);
  });

  it("kfm eval runs through it when kfm.yaml lists it, and only then", async () => {
    const fake = await fakeTgi();
    const dir = await temporaryDirectory();
    const plugin = join(import.meta.dirname, "tgi-adapter.js");
    const endpoint = `endpoints:\n  local-tgi:\n    adapter: tgi\n    baseUrl: ${fake.url}\n`;
    await writeFile(join(dir, "kfm.yaml"), `plugins:\n  - ${plugin}\n${endpoint}`);
    const result = await runKfm([
      "eval",
      "kmmlu",
      "--config",
      join(dir, "kfm.yaml"),
      "--limit",
      "12",
      "--out",
      dir,
      "--run-id",
      "tgi",
      "--json",
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary.done).toBe(12);
    expect(summary.counts.correct + summary.counts.incorrect).toBe(12);
    expect(fake.prompts[0]).toMatch(/^user: /);

    await writeFile(join(dir, "no-plugin.yaml"), endpoint);
    const refused = await runKfm([
      "eval",
      "kmmlu",
      "--config",
      join(dir, "no-plugin.yaml"),
      "--limit",
      "2",
      "--out",
      dir,
      "--run-id",
      "none",
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('unknown adapter "tgi"');
    expect(refused.stderr).toContain("plugins:");
  });
});
