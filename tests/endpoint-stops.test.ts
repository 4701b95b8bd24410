import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerKey } from "../src/sim/index.js";
import { startSimServer } from "../src/sim/index.js";
import type { RunManifest, RunSummary } from "../src/spec/run.js";
import { loadSuite } from "../src/suite/index.js";
import { runKfm, startKfm, temporaryDirectory } from "./helpers/cli.js";

/** A server that answers 404 to everything, as a real one does for a base URL without /v1. */
async function notFoundServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(404, { "content-type": "application/json" }).end('{"detail":"Not Found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * A proxy in front of the simulator whose answer to a chat request can be switched: `pass` forwards
 * it, a number answers that status (401 for a revoked key, 503 with a long Retry-After).
 */
async function switchableProxy(target: string) {
  let mode: "pass" | number = "pass";
  let passed = 0;
  let refused = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (mode !== "pass") {
        refused++;
        response.writeHead(mode, { "content-type": "application/json", "retry-after": "30" }).end('{"error":{"message":"refused"}}');
        return;
      }
      passed++;
      void fetch(`${target}${request.url!.replace(/^\/v1/, "")}`, {
        method: request.method!,
        headers: { "content-type": "application/json" },
        ...(request.method === "POST" ? { body: Buffer.concat(chunks) } : {}),
      }).then(async (reply) => response.writeHead(reply.status, { "content-type": "application/json" }).end(await reply.text()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    set: (next: "pass" | number) => (mode = next),
    passed: () => passed,
    refused: () => refused,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Resolves once `test` holds, checking every 20 ms. */
async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((resolve) => setTimeout(resolve, 20));
}

const readManifest = async (dir: string) => JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as RunManifest;

describe("--resume with a corrected endpoint", () => {
  it("a run stopped by a wrong URL resumes against the corrected one, and the manifest records the change", async () => {
    const { server, url } = await notFoundServer();
    const suite = await loadSuite("kmmlu");
    const sim = await startSimServer({ model: "m", answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      const dir = join(out, "run");
      const first = await runKfm(["eval", "kmmlu", "--endpoint", url, "--model", "m", "--out", out, "--run-id", "run", "--sample", "5"]);
      expect(first.code).toBe(2);
      expect(first.stderr).toContain(`kfm eval --resume ${dir} --endpoint <corrected base URL>`);

      const otherModel = await runKfm(["eval", "--resume", dir, "--endpoint", sim.url, "--model", "other"]);
      expect(otherModel.code).toBe(2);
      expect(otherModel.stderr).toContain('the run was made with model "m", not "other"');

      const resumed = await runKfm(["eval", "--resume", dir, "--endpoint", sim.url, "--json"]);
      expect(resumed.code).toBe(0);
      expect((JSON.parse(resumed.stdout) as RunSummary).done).toBe(5);
      const manifest = await readManifest(dir);
      expect(manifest.endpoint.baseUrl).toBe(sim.url);
      expect(manifest.connectionChanges).toHaveLength(1);
      expect(manifest.connectionChanges![0]!.changed).toEqual({ baseUrl: { from: url, to: sim.url } });
    } finally {
      await sim.close();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});

describe("a key revoked mid-run", () => {
  it("stops taking items, writes the partial summary, prints the resume command; a resume with the key restored completes", async () => {
    const suite = await loadSuite("kmmlu");
    const sim = await startSimServer({ model: "m", answerKey: answerKey(suite.items) });
    const proxy = await switchableProxy(sim.url);
    try {
      const out = await temporaryDirectory();
      const dir = join(out, "run");
      const run = startKfm([
        "eval",
        "kmmlu",
        "--endpoint",
        proxy.url,
        "--model",
        "m",
        "--out",
        out,
        "--run-id",
        "run",
        "--sample",
        "60",
        "--concurrency",
        "2",
      ]);
      // The key is revoked once the run is well under way (identity probes and some items answered).
      await until(() => proxy.passed() >= 12);
      proxy.set(401);
      const result = await run.done;
      expect(result.code).toBe(130);
      expect(result.stderr).toContain("the endpoint rejected the credentials");
      expect(result.stderr).toContain(`Fix the key, then resume with kfm eval --resume ${dir}`);
      const summary = JSON.parse(await readFile(join(dir, "summary.json"), "utf8")) as RunSummary;
      expect(summary.status).toBe("partial");
      expect(summary.done).toBeGreaterThan(0);
      expect(summary.done).toBeLessThan(60);
      expect(summary.errorRate).toBe(0);
      expect((await readManifest(dir)).status).toBe("partial");

      proxy.set("pass");
      const resumed = await runKfm(["eval", "--resume", dir, "--json"]);
      expect(resumed.code).toBe(0);
      expect((JSON.parse(resumed.stdout) as RunSummary).done).toBe(60);
    } finally {
      await proxy.close();
      await sim.close();
    }
  }, 90_000);
});

describe("Ctrl-C while requests wait out a backoff", () => {
  it("ends with exit 130, a partial summary and the resume command", async () => {
    const suite = await loadSuite("kmmlu");
    const sim = await startSimServer({ model: "m", answerKey: answerKey(suite.items) });
    const proxy = await switchableProxy(sim.url);
    try {
      const out = await temporaryDirectory();
      const dir = join(out, "run");
      const run = startKfm([
        "eval",
        "kmmlu",
        "--endpoint",
        proxy.url,
        "--model",
        "m",
        "--out",
        out,
        "--run-id",
        "run",
        "--sample",
        "40",
        "--concurrency",
        "2",
      ]);
      await until(() => proxy.passed() >= 8);
      // Every request now waits 30 s (Retry-After) before its next attempt.
      proxy.set(503);
      await until(() => proxy.refused() >= 2);
      run.child.kill("SIGINT");
      await new Promise((resolve) => setTimeout(resolve, 200));
      run.child.kill("SIGINT");
      const result = await run.done;
      expect(result.code).toBe(130);
      expect(result.stderr).toContain(`run is partial; resume it with: kfm eval --resume ${dir}`);
      const summary = JSON.parse(await readFile(join(dir, "summary.json"), "utf8")) as RunSummary;
      expect(summary.status).toBe("partial");
      expect(summary.resumeCommand).toBe(`kfm eval --resume ${dir}`);
    } finally {
      await proxy.close();
      await sim.close();
    }
  }, 90_000);
});
