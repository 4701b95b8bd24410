import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerKey } from "../src/sim/index.js";
import { startSimServer } from "../src/sim/index.js";
import type { RunManifest, RunSummary } from "../src/spec/run.js";
import { loadSuite } from "../src/suite/index.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

/** A loopback port where nothing listens: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server that answers 404 to everything, as a real one does for a base URL without /v1. */
async function notFoundServer(): Promise<{ server: Server; url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    request.resume();
    response.writeHead(404, { "content-type": "application/json" }).end('{"detail":"Not Found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

/** Runs `kfm eval kmmlu` against `endpoint` into a new results folder; returns the result and the run directory. */
async function evalKmmlu(endpoint: string, ...flags: string[]) {
  const out = await temporaryDirectory();
  const dir = join(out, "run");
  const result = await runKfm(["eval", "kmmlu", "--endpoint", endpoint, "--model", "m", "--out", out, "--run-id", "run", ...flags]);
  const items = (await readFile(join(dir, "items.jsonl"), "utf8").catch(() => "")).split("\n").filter(Boolean).length;
  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as RunManifest;
  return { result, dir, out, items, status: manifest.status };
}

describe("an endpoint where nothing answers", () => {
  it("stops at once with exit 2 and 'nothing answers at <url>', records nothing, and resumes once a server answers there", async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/v1`;
    // Default retry policy on purpose: before the breaker this took minutes (every item's six retries).
    const { result, dir, items, status } = await evalKmmlu(url, "--sample", "20");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`nothing answers at ${url}`);
    expect(result.stderr).toContain("ECONNREFUSED");
    expect(result.stderr).toContain(`kfm eval --resume ${dir}`);
    expect([items, status]).toEqual([0, "aborted"]);

    const suite = await loadSuite("kmmlu");
    const sim = await startSimServer({ port, model: "m", answerKey: answerKey(suite.items) });
    try {
      const resumed = await runKfm(["eval", "--resume", dir, "--json"]);
      expect(resumed.code).toBe(0);
      expect((JSON.parse(resumed.stdout) as RunSummary).done).toBe(20);
    } finally {
      await sim.close();
    }
  }, 30_000);

  it("without identity probes, the runner's first requests stop the run the same way", async () => {
    const port = await closedPort();
    const config = join(await temporaryDirectory(), "kfm.yaml");
    await writeFile(
      config,
      `endpoints:\n  down:\n    baseUrl: http://127.0.0.1:${port}/v1\n    model: m\n    concurrency: 4\n    retry: { maxRetries: 6, baseDelayMs: 1, maxDelayMs: 5 }\n`,
    );
    const { result, items, status } = await evalKmmlu("down", "--config", config, "--sample", "30", "--no-probes", "--json");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`nothing answers at http://127.0.0.1:${port}/v1`);
    expect([items, status]).toEqual([0, "aborted"]);
  }, 30_000);
});

describe("a base URL without /v1", () => {
  // [flags, requests the server may see]: the first identity probe finds out; without probes, the requests first in flight.
  const cases: Array<[string, string[], number]> = [
    ["stops at the first 404 (the identity probe) with exit 2 and suggests <url>/v1", ["--sample", "20"], 1],
    ["without identity probes, stops after the requests first in flight", ["--sample", "40", "--concurrency", "4", "--no-probes"], 4],
  ];
  it.each(cases)(
    "%s",
    async (_name, flags, most) => {
      const { server, url, requests } = await notFoundServer();
      try {
        const { result, items, status } = await evalKmmlu(url, ...flags);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain("answered 404 Not Found before any request succeeded");
        expect(result.stderr).toContain(`try ${url}/v1`);
        expect([items, status]).toEqual([0, "aborted"]);
        expect(requests()).toBeGreaterThan(0);
        expect(requests()).toBeLessThanOrEqual(most);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    },
    30_000,
  );
});

describe("a suite that fails to load while the endpoint is probed beside it", () => {
  it("says the suite's error, not the endpoint's, leaves no run directory, and ends the process", async () => {
    const { server, url, requests } = await notFoundServer();
    try {
      const dir = await temporaryDirectory();
      const suite = join(dir, "broken.yaml");
      // Valid YAML and schema, so the config is read and the endpoint opened before the data is found missing.
      await writeFile(
        suite,
        [
          "kfm: suite/v1",
          "id: broken",
          "version: 1.0.0",
          "title: A suite whose data is missing",
          "benchmark: none",
          "language: en",
          "licence: CC0-1.0",
          "source: { citation: made for this test, url: https://example.org }",
          "data: { format: csv, files: data/*.csv, subject: { from: file }, fields: { question: question, answer: answer }, target: { field: answer } }",
          "prompt: { user: '{{question}}' }",
          "scorer: { id: numeric, args: {} }",
          "",
        ].join("\n"),
      );
      const out = join(dir, "results");
      const result = await runKfm(["eval", suite, "--endpoint", url, "--model", "m", "--out", out]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("data.files");
      expect(result.stderr).not.toContain("404");
      expect(await readFile(join(out, "run", "manifest.json"), "utf8").catch(() => "none")).toBe("none");
      // At most the one probe sent beside the load.
      expect(requests()).toBeLessThanOrEqual(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 30_000);
});

describe("a mistake in the run's own flags, found while the CLI opens the endpoint early", () => {
  it("sends nothing: a reserved request field and a --max-cost without a price are exit 2 with no request", async () => {
    const { server, url, requests } = await notFoundServer();
    try {
      const out = join(await temporaryDirectory(), "results");
      const reserved = await runKfm(["eval", "kmmlu", "--endpoint", url, "--model", "m", "--set", "request.messages=x", "--out", out]);
      expect(reserved.code).toBe(2);
      expect(reserved.stderr).toContain("--set request.messages");
      const unpriced = await runKfm(["eval", "kmmlu", "--endpoint", url, "--model", "m", "--max-cost", "5", "--out", out]);
      expect(unpriced.code).toBe(2);
      expect(unpriced.stderr).toContain("--max-cost");
      expect(requests()).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 30_000);

  it("a suite named twice runs twice, each run opening its own endpoint (the early start is the first run's)", async () => {
    const suite = await loadSuite("aime2025");
    const sim = await startSimServer({ model: "m", answerKey: answerKey(suite.items) });
    try {
      const out = join(await temporaryDirectory(), "results");
      const result = await runKfm([
        "eval",
        "aime2025",
        "aime2025",
        "--endpoint",
        sim.url,
        "--model",
        "m",
        "--limit",
        "2",
        "--repeats",
        "1",
        "--out",
        out,
        "--json",
      ]);
      expect(result.code).toBe(0);
      const summaries = JSON.parse(result.stdout) as RunSummary[];
      expect(summaries.map((summary) => [summary.status, summary.done, summary.errorRate])).toEqual([
        ["complete", 2, 0],
        ["complete", 2, 0],
      ]);
    } finally {
      await sim.close();
    }
  }, 30_000);
});
