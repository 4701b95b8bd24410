import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../src/app/evaluate.js";
import { answerKey } from "../src/sim/index.js";
import { sampleOutcome, startSimServer, type SimOptions, type SimServer } from "../src/sim/index.js";
import type { ItemRecord } from "../src/spec/record.js";
import type { RunManifest, RunSummary } from "../src/spec/run.js";
import { passAtK } from "../src/stats/repeated-samples.js";
import { loadSuite, type LoadedSuite } from "../src/suite/index.js";
import { runKfm, startKfm, temporaryDirectory } from "./helpers/cli.js";

// `--repeats k` over the simulator: k samples per item, each its own record (`<item>#<r>`, seed r − 1),
// avg@k with its interval, pass@k and majority in summary.json, and a resumed run exactly the same.
const K = 4;
let suite: LoadedSuite;
let sim: SimServer;
const options: SimOptions = { seed: 11, accuracy: 0.55, noAnswerRate: 0.05, latency: { meanMs: 8 } };

async function readRun(dir: string) {
  const summary = JSON.parse(await readFile(join(dir, "summary.json"), "utf8")) as RunSummary;
  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as RunManifest;
  const lines = (await readFile(join(dir, "items.jsonl"), "utf8")).split("\n").filter(Boolean);
  const latest = new Map<string, ItemRecord>();
  for (const line of lines) {
    const record = JSON.parse(line) as ItemRecord;
    latest.set(record.id, record);
  }
  return { summary, manifest, records: [...latest.values()].sort((a, b) => a.id.localeCompare(b.id)) };
}

/** What a record says about a sample, without time and latency. */
const sampleOf = (record: ItemRecord) => ({
  id: record.id,
  task: record.task,
  trial: record.trial,
  seed: record.seed,
  status: record.status,
  extracted: record.extracted,
});

function scoring(summary: RunSummary) {
  const { runId: _r, elapsedSeconds: _e, latencyMs: _l, resumeCommand: _c, ...rest } = summary;
  return rest;
}

beforeAll(async () => {
  suite = await loadSuite("aime2025");
  sim = await startSimServer({ ...options, answerKey: answerKey(suite.items) });
});
afterAll(() => sim.close());

describe("kfm eval aime2025 --repeats 4", () => {
  // The uninterrupted run the resumed one is compared with.
  let wholeRun: string;

  it("gives avg@4 with its interval, pass@4 and majority, each sample a record with its id and seed", async () => {
    const out = await temporaryDirectory();
    const args = ["eval", "aime2025", "--endpoint", sim.url, "--model", "kfm-sim-1", "--repeats", String(K), "--out", out];
    const result = await runKfm([...args, "--run-id", "x4", "--concurrency", "8", "--quiet"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/avg@4 \d+\.\d% ± \d+\.\d, pass@4 \d+\.\d%, maj@4 \d+\.\d%/);
    expect(result.stdout).toContain(`${30 * K}/${30 * K} samples (30 items × 4)`);
    wholeRun = join(out, "x4");
    const { summary, manifest, records } = await readRun(wholeRun);
    expect(manifest.suite.repeats).toBe(K);
    expect(records).toHaveLength(30 * K);

    // Every item has samples 1..4 with seeds 0..3, and the simulator's outcome for that seed.
    const entries = new Map(answerKey(suite.items).map((entry, index) => [suite.items[index]!.id, entry]));
    const perItem = new Map<string, { n: number; c: number }>();
    for (const record of records) {
      const [item, sample] = record.id.split("#");
      expect(record.task).toBe(item);
      expect(record.trial).toBe(Number(sample));
      expect(record.seed).toBe(record.trial! - 1);
      expect(record.status).toBe(sampleOutcome(options, entries.get(item!)!, record.seed!));
      const counts = perItem.get(item!) ?? { n: 0, c: 0 };
      counts.n++;
      if (record.status === "correct") counts.c++;
      perItem.set(item!, counts);
    }
    expect([...perItem.values()].every(({ n }) => n === K)).toBe(true);

    const repeats = summary.repeats!;
    const avg = [...perItem.values()].reduce((sum, { c }) => sum + c / K, 0) / 30;
    const pass = [...perItem.values()].reduce((sum, { n, c }) => sum + passAtK(n, c, K), 0) / 30;
    expect(repeats).toMatchObject({ k: K, items: 30, samples: 30 * K });
    expect(repeats.avgAtK).toBeCloseTo(avg, 12);
    expect(summary.accuracy).toBeCloseTo(avg, 12);
    expect(repeats.passAtK).toBeCloseTo(pass, 12);
    // The samples vary: some item is right in some samples and wrong in others, so pass@4 exceeds avg@4.
    expect([...perItem.values()].some(({ c }) => c > 0 && c < K)).toBe(true);
    expect(repeats.passAtK).toBeGreaterThan(repeats.avgAtK);
    expect(repeats.majority).toBeGreaterThan(0);
    // The interval is over 30 items (per-item means), not over 120 samples.
    const means = [...perItem.values()].map(({ c }) => c / K);
    const variance = means.reduce((sum, value) => sum + (value - avg) ** 2, 0) / 29;
    expect(repeats.avgAtKError!.stderr).toBeCloseTo(Math.sqrt(variance / 30), 12);
    expect(summary.accuracyError).toEqual(repeats.avgAtKError);
    expect(repeats.avgAtKError!.low).toBeLessThan(avg);
    expect(repeats.avgAtKError!.high).toBeGreaterThan(avg);
  });

  it("killed after some samples and resumed, gives exactly the same records and summary", async () => {
    const out = await temporaryDirectory();
    const args = ["eval", "aime2025", "--endpoint", sim.url, "--model", "kfm-sim-1", "--repeats", String(K), "--out", out, "--quiet"];
    const dir = join(out, "crash");
    const itemsFile = join(dir, "items.jsonl");
    const lineCount = async () => (await readFile(itemsFile, "utf8").catch(() => "")).split("\n").length - 1;
    const { child, done } = startKfm([...args, "--run-id", "crash", "--concurrency", "2", "--no-probes"]);
    // Killed by line count, so the test exercises the same thing however fast the machine is.
    for (let waited = 0; waited < 20_000 && (await lineCount()) < 30; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill("SIGKILL");
    expect((await done).signal).toBe("SIGKILL");
    expect(await lineCount()).toBeLessThan(30 * K);
    const resumed = await runKfm(["eval", "--resume", dir, "--concurrency", "8", "--json"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const a = await readRun(dir);
    const b = await readRun(wholeRun);
    expect(a.records.map(sampleOf)).toEqual(b.records.map(sampleOf));
    expect(scoring(a.summary)).toEqual(scoring(b.summary));
    expect(a.manifest.suite.repeats).toBe(K);
  });

  it("AIME asks 8 samples per problem by default, and a perfect model scores 30/30 in each", async () => {
    const perfect = await startSimServer({ seed: 3, accuracy: 1, noAnswerRate: 0, answerKey: answerKey(suite.items) });
    try {
      const { summary, manifest } = await evaluate({
        suite: "aime2025",
        endpoint: perfect.url,
        model: "kfm-sim-1",
        outDir: await temporaryDirectory(),
        concurrency: 16,
        progress: "none",
        noProbes: true,
      });
      expect(manifest.suite.repeats).toBe(8);
      expect(summary.counts.correct).toBe(240);
      expect(summary.repeats).toMatchObject({ k: 8, items: 30, samples: 240, avgAtK: 1, passAtK: 1, majority: 1 });
      // 30/30: Wilson's interval does not collapse to a point
      expect(summary.repeats!.avgAtKError!.high).toBe(1);
      expect(summary.repeats!.avgAtKError!.low).toBeCloseTo(0.8865, 3);
    } finally {
      await perfect.close();
    }
  });

  it("is refused where it cannot sample: log-likelihood scoring", async () => {
    const refused = evaluate({
      suite: "kobest-copa",
      endpoint: sim.url,
      model: "kfm-sim-1",
      repeats: 2,
      scoring: "loglikelihood",
      limit: 2,
      outDir: await temporaryDirectory(),
      progress: "none",
    });
    await expect(refused).rejects.toMatchObject({ code: "usage", message: expect.stringContaining("--repeats samples replies") });
  });
});
