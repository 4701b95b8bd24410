import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerKey } from "../src/sim/index.js";
import { expectedOutcome, startSimServer, type SimOptions } from "../src/sim/index.js";
import type { ItemRecord } from "../src/spec/record.js";
import type { RunSummary } from "../src/spec/run.js";
import { loadSuite, selectItems } from "../src/suite/index.js";
import { runKfm, startKfm, temporaryDirectory } from "./helpers/cli.js";

describe("an endpoint that goes away for 8 s and comes back", () => {
  it("loses nothing: items in flight are retried through the outage, and the run ends with exactly one record per item", async () => {
    const suite = await loadSuite("kmmlu");
    const options: SimOptions = { seed: 31, accuracy: 0.6, latency: { meanMs: 20 } };
    const key = answerKey(suite.items);
    let sim = await startSimServer({ ...options, answerKey: key });
    const port = sim.port;
    const out = await temporaryDirectory();
    await writeFile(
      join(out, "kfm.yaml"),
      `endpoints:\n  flaky:\n    baseUrl: ${sim.url}\n    model: kfm-sim-1\n    concurrency: 4\n    retry: { maxRetries: 10, baseDelayMs: 1000, maxDelayMs: 8000 }\n`,
    );
    const { done } = startKfm([
      "eval",
      "kmmlu",
      "--config",
      join(out, "kfm.yaml"),
      "--endpoint",
      "flaky",
      "--sample",
      "120",
      "--out",
      out,
      "--run-id",
      "outage",
      "--json",
    ]);
    const itemsFile = join(out, "outage", "items.jsonl");
    for (let waited = 0; waited < 20_000; waited += 20) {
      if ((await readFile(itemsFile, "utf8").catch(() => "")).split("\n").length > 30) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await sim.close(); // the endpoint goes away: connections refused
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    sim = await startSimServer({ ...options, port, answerKey: key }); // and comes back on the same address
    try {
      const result = await done;
      expect([0, 4]).toContain(result.code);
      const summary = JSON.parse(result.stdout) as RunSummary;
      expect(summary.done).toBe(120);
      const records = (await readFile(itemsFile, "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as ItemRecord);
      const final = new Map(records.map((record) => [record.id, record]));
      expect(final.size).toBe(120);
      // No item answered twice: only errored items may have a later record.
      const answered = records.filter((record) => record.status !== "error").map((record) => record.id);
      expect(new Set(answered).size).toBe(answered.length);
      if (result.code === 4) expect((await runKfm(["eval", "--resume", join(out, "outage"), "--json"])).code).toBe(0);
      const completed = JSON.parse(await readFile(join(out, "outage", "summary.json"), "utf8")) as RunSummary;
      const expected = { correct: 0, incorrect: 0, "no-answer": 0, error: 0 };
      const ids = new Set(selectItems(suite.items, { sample: 120, seed: 0 }).map((item) => item.id));
      for (const entry of answerKey(suite.items.filter((item) => ids.has(item.id)))) expected[expectedOutcome(options, entry)]++;
      expect(completed.counts).toEqual(expected);
    } finally {
      await sim.close();
    }
  }, 120_000);
});

describe("a mid-run outage: pause, probe, resume or give up (--max-outage)", () => {
  const setup = async () => {
    const suite = await loadSuite("kmmlu");
    const options: SimOptions = { seed: 5, latency: { meanMs: 20 } };
    const key = answerKey(suite.items);
    const sim = await startSimServer({ ...options, answerKey: key });
    const out = await temporaryDirectory();
    // One quick retry per request: the runner's pause, not each item's retries, rides out the outage.
    await writeFile(
      join(out, "kfm.yaml"),
      `endpoints:\n  flaky:\n    baseUrl: ${sim.url}\n    model: kfm-sim-1\n    concurrency: 3\n    retry: { maxRetries: 1, baseDelayMs: 50, maxDelayMs: 100 }\n`,
    );
    const restart = () => startSimServer({ ...options, port: sim.port, answerKey: key });
    return { sim, out, restart };
  };
  const args = (out: string, extra: string[]) => [
    "eval",
    "kmmlu",
    "--config",
    join(out, "kfm.yaml"),
    "--endpoint",
    "flaky",
    "--sample",
    "40",
    "--out",
    out,
    "--run-id",
    "run",
    "--no-probes",
    ...extra,
  ];
  const recordsOf = async (out: string) =>
    (await readFile(join(out, "run", "items.jsonl"), "utf8").catch(() => "")).split("\n").filter(Boolean);
  const waitFor = async (test: () => boolean | Promise<boolean>) => {
    while (!(await test())) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it("pauses the workers and says so while the endpoint is down, and resumes when it answers again: every item answered once, none an error", async () => {
    const { sim, out, restart } = await setup();
    const { child, done } = startKfm(args(out, ["--json"]));
    let stderr = "";
    child.stderr!.on("data", (chunk: string) => (stderr += chunk));
    await waitFor(async () => (await recordsOf(out)).length >= 8);
    await sim.close();
    await waitFor(() => stderr.includes("workers paused"));
    const back = await restart();
    try {
      const result = await done;
      expect(result.stderr).toMatch(/endpoint stopped answering \(network error calling .*\); workers paused, probing with backoff/);
      expect(result.stderr).toMatch(/endpoint answers again after .*; workers resumed/);
      expect(result.code).toBe(0);
      const records = (await recordsOf(out)).map((line) => JSON.parse(line) as ItemRecord);
      expect(records).toHaveLength(40);
      expect(new Set(records.map((record) => record.id)).size).toBe(40);
      expect(records.filter((record) => record.status === "error")).toEqual([]);
    } finally {
      await back.close();
    }
  }, 90_000);

  it("gives up after --max-outage with a partial, resumable run and the resume command (exit 130), then resumes to the end", async () => {
    const { sim, out, restart } = await setup();
    const { done } = startKfm(args(out, ["--max-outage", "1"]));
    await waitFor(async () => (await recordsOf(out)).length >= 8);
    await sim.close();
    const result = await done;
    expect(result.stderr).toMatch(/endpoint did not answer for .* \(--max-outage\); stopping: the run is partial and resumable/);
    expect(result.stderr).toContain(`kfm: run is partial; resume it with: kfm eval --resume ${join(out, "run")}`);
    expect(result.code).toBe(130);
    const summary = JSON.parse(await readFile(join(out, "run", "summary.json"), "utf8")) as RunSummary;
    expect(summary.status).toBe("partial");
    expect((await recordsOf(out)).map((line) => (JSON.parse(line) as ItemRecord).status)).not.toContain("error");
    const back = await restart();
    try {
      const resumed = await runKfm(["eval", "--resume", join(out, "run"), "--json"]);
      expect(resumed.code).toBe(0);
      expect((JSON.parse(resumed.stdout) as RunSummary).done).toBe(40);
    } finally {
      await back.close();
    }
  }, 90_000);
});
