import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerKey } from "../src/sim/index.js";
import { expectedOutcome, startSimServer, type SimOptions, type SimServer } from "../src/sim/index.js";
import type { RunManifest, RunSummary } from "../src/spec/run.js";
import type { ItemRecord } from "../src/spec/record.js";
import { loadSuite, selectItems, type LoadedSuite } from "../src/suite/index.js";
import { runKfm, startKfm, temporaryDirectory } from "./helpers/cli.js";

const SAMPLE = 300;
const SEED = 11;
let suite: LoadedSuite;

beforeAll(async () => {
  suite = await loadSuite("kmmlu");
});

/** The exact counts the simulated endpoint promises for the sample, computed without any HTTP. */
function expectedCounts(options: SimOptions, sample: number, seed: number) {
  const selected = new Set(selectItems(suite.items, { sample, seed }).map((item) => item.id));
  const counts = { correct: 0, incorrect: 0, "no-answer": 0, error: 0 };
  const items = suite.items.filter((item) => selected.has(item.id));
  for (const entry of answerKey(items)) counts[expectedOutcome(options, entry)]++;
  return counts;
}

async function readRun(dir: string) {
  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as RunManifest;
  const summary = JSON.parse(await readFile(join(dir, "summary.json"), "utf8")) as RunSummary;
  const lines = (await readFile(join(dir, "items.jsonl"), "utf8")).trim().split("\n").filter(Boolean);
  const records = lines.map((line) => JSON.parse(line) as ItemRecord);
  return { manifest, summary, records };
}

describe("kfm eval over real HTTP against the simulated endpoint", () => {
  const simOptions: SimOptions = { seed: 3, accuracy: 0.64, noAnswerRate: 0.03 };
  let sim: SimServer;
  beforeAll(async () => {
    sim = await startSimServer({ ...simOptions, answerKey: answerKey(suite.items) });
  });
  afterAll(() => sim.close());

  it("evaluates a stratified KMMLU sample and reproduces the endpoint's known accuracy exactly", async () => {
    const out = await temporaryDirectory();
    const result = await runKfm([
      "eval",
      "kmmlu",
      "--endpoint",
      sim.url,
      "--model",
      "kfm-sim-1",
      "--sample",
      String(SAMPLE),
      "--seed",
      String(SEED),
      "--out",
      out,
      "--run-id",
      "e2e",
      "--json",
      "--concurrency",
      "16",
    ]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as RunSummary;
    const { manifest, summary, records } = await readRun(join(out, "e2e"));
    expect(printed).toEqual(summary);
    expect(summary.counts).toEqual(expectedCounts(simOptions, SAMPLE, SEED));
    expect(summary.total).toBe(SAMPLE);
    expect(summary.status).toBe("complete");
    expect(Object.keys(summary.bySubject)).toHaveLength(45);
    expect(new Set(records.map((record) => record.id)).size).toBe(SAMPLE);
    expect(records).toHaveLength(SAMPLE);
    expect(manifest).toMatchObject({
      status: "complete",
      suite: { id: "kmmlu", benchmark: "KMMLU", contentHash: suite.contentHash },
      endpoint: { adapter: "openai-compatible", model: "kfm-sim-1", baseUrl: sim.url },
      scorer: { id: "multiple-choice" },
      selection: { sample: SAMPLE, seed: SEED, total: SAMPLE },
    });
    expect(manifest.endedAt).toBeDefined();
    const answered = records.find((record) => record.status === "correct")!;
    expect(answered.reply).toBeTruthy();
    expect(answered.rule).toBeTruthy();
    expect(answered.latencyMs).toBeGreaterThanOrEqual(0);
    expect(answered.usage?.inputTokens).toBeGreaterThan(0);
  });

  it("`kfm show` prints the stored summary and `kfm rescore` reproduces it from stored replies", async () => {
    const out = await temporaryDirectory();
    const run = await runKfm([
      "eval",
      "kmmlu",
      "--endpoint",
      sim.url,
      "--model",
      "kfm-sim-1",
      "--sample",
      "90",
      "--out",
      out,
      "--run-id",
      "r",
      "--quiet",
    ]);
    expect(run.code).toBe(0);
    const show = await runKfm(["show", join(out, "r")]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain("accuracy");
    expect(show.stdout).toMatch(/│ subject\s+│/);
    expect(show.stdout).toContain("STEM");
    const before = (await readRun(join(out, "r"))).summary;
    const rescored = await runKfm(["rescore", join(out, "r"), "--json"]);
    expect(rescored.code).toBe(0);
    expect((JSON.parse(rescored.stdout) as RunSummary).counts).toEqual(before.counts);
  });
});

describe("faults, authentication and resume", () => {
  it("recovers 429 and 500 bursts with no item lost or duplicated", async () => {
    const options: SimOptions = { seed: 5, accuracy: 0.5, faults: { rate429: 0.15, retryAfterSeconds: 0, rate500: 0.15, rateReset: 0.05 } };
    const sim = await startSimServer({ ...options, answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      const config = join(out, "kfm.yaml");
      await import("node:fs/promises").then((fs) =>
        fs.writeFile(
          config,
          `endpoints:\n  flaky:\n    baseUrl: ${sim.url}\n    model: kfm-sim-1\n    concurrency: 8\n    retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 10 }\n`,
        ),
      );
      const result = await runKfm([
        "eval",
        "kmmlu",
        "--config",
        config,
        "--endpoint",
        "flaky",
        "--sample",
        "120",
        "--out",
        out,
        "--run-id",
        "f",
        "--json",
      ]);
      expect(result.code).toBe(0);
      const { summary, records } = await readRun(join(out, "f"));
      expect(summary.counts).toEqual(expectedCounts(options, 120, 0));
      expect(records).toHaveLength(120);
      expect(records.some((record) => (record.attempts ?? 1) > 1)).toBe(true);
      expect(sim.stats().requests).toBeGreaterThan(120);
    } finally {
      await sim.close();
    }
  });

  it("a rejected key stops the run at once, names the variable, and the key never reaches the disk", async () => {
    const planted = "sk-kfmtest-PLANTED-0123456789abcdef";
    const sim = await startSimServer({ apiKey: "the-right-key", answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      const result = await runKfm(
        [
          "eval",
          "kmmlu",
          "--endpoint",
          sim.url,
          "--model",
          "kfm-sim-1",
          "--api-key-env",
          "KFM_TEST_KEY",
          "--out",
          out,
          "--run-id",
          "auth",
          "--concurrency",
          "4",
        ],
        {
          env: { KFM_TEST_KEY: planted },
        },
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("KFM_TEST_KEY");
      expect(result.stderr).not.toContain(planted);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace for a user mistake
      expect(sim.stats().requests).toBeLessThanOrEqual(4);
      const dir = join(out, "auth");
      const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as RunManifest;
      expect(manifest.status).toBe("aborted");
      for (const file of await readdir(dir)) expect(await readFile(join(dir, file), "utf8")).not.toContain(planted);
    } finally {
      await sim.close();
    }
  });

  it("with the right key, the key appears nowhere in the run directory", async () => {
    const planted = "sk-kfmtest-PLANTED-right-99887766";
    const sim = await startSimServer({ apiKey: planted, answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      const result = await runKfm(
        [
          "eval",
          "kmmlu",
          "--endpoint",
          sim.url,
          "--model",
          "kfm-sim-1",
          "--api-key-env",
          "KFM_TEST_KEY",
          "--limit",
          "20",
          "--out",
          out,
          "--run-id",
          "k",
        ],
        {
          env: { KFM_TEST_KEY: planted },
        },
      );
      expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).not.toContain(planted);
      const dir = join(out, "k");
      for (const file of await readdir(dir)) expect(await readFile(join(dir, file), "utf8")).not.toContain(planted);
      expect(JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")).endpoint.settings.settings.apiKeyEnv).toBe("KFM_TEST_KEY");
    } finally {
      await sim.close();
    }
  });

  it("an interrupted run, resumed, gives the same summary as an uninterrupted one", async () => {
    const options: SimOptions = { seed: 9, accuracy: 0.55, latency: { meanMs: 15 } };
    const sim = await startSimServer({ ...options, answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      const args = [
        "eval",
        "kmmlu",
        "--endpoint",
        sim.url,
        "--model",
        "kfm-sim-1",
        "--sample",
        "200",
        "--seed",
        "2",
        "--out",
        out,
        "--concurrency",
        "4",
      ];
      const { child, done } = startKfm([...args, "--run-id", "cut"]);
      // Interrupt once some items are on disk.
      const itemsFile = join(out, "cut", "items.jsonl");
      for (let waited = 0; waited < 20_000; waited += 50) {
        const text = await readFile(itemsFile, "utf8").catch(() => "");
        if (text.split("\n").length > 30) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill("SIGINT");
      const interrupted = await done;
      expect(interrupted.code).toBe(130);
      expect(interrupted.stderr).toContain(`kfm eval --resume ${join(out, "cut")}`);
      const partial = await readRun(join(out, "cut"));
      expect(partial.summary.status).toBe("partial");
      expect(partial.summary.done).toBeLessThan(200);

      const resumed = await runKfm(["eval", "--resume", join(out, "cut"), "--json"]);
      expect(resumed.code).toBe(0);
      const whole = await runKfm([...args, "--run-id", "whole", "--json"]);
      expect(whole.code).toBe(0);
      const a = await readRun(join(out, "cut"));
      const b = await readRun(join(out, "whole"));
      const scoring = (summary: RunSummary) => ({
        ...summary,
        runId: undefined,
        elapsedSeconds: undefined,
        latencyMs: undefined,
        resumeCommand: undefined,
      });
      expect(scoring(a.summary)).toEqual(scoring(b.summary));
      expect(new Set(a.records.map((record) => record.id)).size).toBe(200);
    } finally {
      await sim.close();
    }
  });
});

describe("usage errors", () => {
  it("an unknown suite exits 2 with the available ids and no stack trace", async () => {
    const result = await runKfm(["eval", "no-such-suite"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("kmmlu");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("a base URL without --model says what to add", async () => {
    const result = await runKfm(["eval", "kmmlu", "--endpoint", "http://127.0.0.1:9/v1"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--model");
  });

  it("a bad flag value exits 2", async () => {
    const result = await runKfm(["eval", "kmmlu", "--sample", "zero"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--sample");
  });
});

describe("endpoint identity", () => {
  it("flags a run whose endpoint was swapped mid-run, in the manifest, summary and table", async () => {
    const suite = await loadSuite("kmmlu");
    const sim = await startSimServer({ seed: 1, latency: { meanMs: 10 }, answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      const { done } = startKfm([
        "eval",
        "kmmlu",
        "--endpoint",
        sim.url,
        "--model",
        "kfm-sim-1",
        "--sample",
        "120",
        "--out",
        out,
        "--run-id",
        "swap",
        "--concurrency",
        "4",
      ]);
      const itemsFile = join(out, "swap", "items.jsonl");
      for (let waited = 0; waited < 20_000; waited += 20) {
        if ((await readFile(itemsFile, "utf8").catch(() => "")).split("\n").length > 20) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      sim.swap({ seed: 77, model: "other-model" });
      const result = await done;

      expect(result.code).toBe(0);
      expect(result.stderr).toContain("endpoint changed during the run");
      expect(result.stdout).toContain("WARNING: the endpoint changed");
      const { manifest, summary } = await readRun(join(out, "swap"));
      expect(summary.endpointChanged).toBe(true);
      expect(manifest.identity?.changed).toBe(true);
      expect(manifest.identity?.reasons?.join()).toContain("reported model changed: kfm-sim-1 -> other-model");
      // An unchanged endpoint is not flagged.
      const steady = await runKfm([
        "eval",
        "kmmlu",
        "--endpoint",
        sim.url,
        "--model",
        "kfm-sim-1",
        "--sample",
        "20",
        "--out",
        out,
        "--run-id",
        "steady",
        "--json",
      ]);
      expect((JSON.parse(steady.stdout) as RunSummary).endpointChanged).toBeUndefined();
    } finally {
      await sim.close();
    }
  });
});

describe("cost", () => {
  it("estimates cost from the price table and --max-cost stops cleanly, resumable to the same result", async () => {
    const out = await temporaryDirectory();
    await import("node:fs/promises").then((fs) =>
      fs.writeFile(
        join(out, "kfm.yaml"),
        `endpoints:\n  priced:\n    adapter: simulated\n    concurrency: 2\n    simulation: { seed: 4, accuracy: 0.6 }\n    price: { input: 2.0, output: 8.0 }\n`,
      ),
    );
    const base = ["eval", "kmmlu", "--config", join(out, "kfm.yaml"), "--endpoint", "priced", "--sample", "100", "--out", out];
    const capped = await runKfm([...base, "--run-id", "capped", "--max-cost", "0.005", "--json"]);
    expect(capped.code).toBe(130);
    const partial = JSON.parse(capped.stdout) as RunSummary;
    expect(partial.status).toBe("partial");
    expect(partial.done).toBeLessThan(100);
    expect(partial.cost!.estimated).toBeGreaterThanOrEqual(0.005);
    expect(capped.stderr).toContain("--max-cost");
    const resumed = await runKfm(["eval", "--resume", join(out, "capped"), "--json"]);
    expect(resumed.code).toBe(0);
    const whole = JSON.parse((await runKfm([...base, "--run-id", "whole", "--json"])).stdout) as RunSummary;
    const done = JSON.parse(resumed.stdout) as RunSummary;
    expect(done.counts).toEqual(whole.counts);
    expect(done.cost).toEqual(whole.cost);
    expect(whole.cost!.estimated).toBeCloseTo((whole.tokens.input * 2 + whole.tokens.output * 8) / 1e6, 4);
    const noPrice = await runKfm(["eval", "kmmlu", "--endpoint", "sim", "--limit", "2", "--max-cost", "1", "--out", out, "--run-id", "np"]);
    expect(noPrice.code).toBe(2);
    expect(noPrice.stderr).toContain("price");
  });
});

describe("streaming", () => {
  it("a streamed run (SSE) scores exactly like a plain one and records time to first token", async () => {
    const suite = await loadSuite("kmmlu");
    const options: SimOptions = { seed: 8, accuracy: 0.6, latency: { meanMs: 5 } };
    const sim = await startSimServer({ ...options, answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      await import("node:fs/promises").then((fs) =>
        fs.writeFile(join(out, "kfm.yaml"), `endpoints:\n  streamed:\n    baseUrl: ${sim.url}\n    model: kfm-sim-1\n    stream: true\n`),
      );
      const result = await runKfm([
        "eval",
        "kmmlu",
        "--config",
        join(out, "kfm.yaml"),
        "--endpoint",
        "streamed",
        "--sample",
        "80",
        "--out",
        out,
        "--run-id",
        "s",
        "--json",
      ]);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout) as RunSummary;
      expect(summary.counts).toEqual(expectedCounts(options, 80, 0));
      expect(summary.ttftMs?.p50).toBeGreaterThanOrEqual(0);
      expect(summary.tokens.input).toBeGreaterThan(0);
      const { records } = await readRun(join(out, "s"));
      expect(records.every((record) => record.ttftMs !== undefined)).toBe(true);
      expect(records.some((record) => record.reasoning)).toBe(true);
    } finally {
      await sim.close();
    }
  });
});
