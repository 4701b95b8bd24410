#!/usr/bin/env node
// `npm run bench`: kfm against a raw undici client on the same simulated server in the same run.
// Not part of `npm test`: timings belong here, never in unit tests. Writes bench/results/latest.json.
//
//   KFM_BENCH_CONCURRENCY=16,64,256  KFM_BENCH_LATENCIES=0,50  KFM_BENCH_LIMIT=<n>  KFM_BENCH_SYNTHETIC=20000,200000
//   KFM_BENCH_SECTIONS=startup,load,kmmlu,synthetic,kinds,campaign (all by default)
//   KFM_BENCH_CAMPAIGN_SAMPLE=<n> items per suite in the campaign section (default 2000)
//   KFM_BENCH_STARTUP_ITEMS=<n> KFM_BENCH_STARTUP_CONCURRENCY=<c> the start-up section's whole runs (default 2000 at 16)
//   KFM_BENCH_STARTUP_PAIRS=<n> raw/kfm pairs per latency in the start-up section, reported with their median (default 3)
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSyntheticSuite } from "./synthetic-suite.js";
import { startLoopback } from "./loopback-server.js";
import { run } from "./child-run.js";
import { benchStartup } from "./startup.js";
import { benchCampaign } from "./campaign.js";
import { requestPhase, startSim } from "./sim.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const concurrencies = (process.env.KFM_BENCH_CONCURRENCY ?? "16,64,256").split(",").map(Number);
const latencies = (process.env.KFM_BENCH_LATENCIES ?? "0,50").split(",").map(Number);
const limit = process.env.KFM_BENCH_LIMIT; // smaller runs while developing; the full KMMLU by default
// Synthetic suites of growing size: peak memory should not grow with them.
const syntheticCounts = (process.env.KFM_BENCH_SYNTHETIC ?? "20000,200000")
  .split(",")
  .map(Number)
  .filter((count) => count > 0);
// The suite index cache of every kfm process the bench starts: its own folder, so "cold" means empty.
process.env.KFM_CACHE_DIR = await mkdtemp(join(tmpdir(), "kfm-bench-cache-"));
const sections = new Set((process.env.KFM_BENCH_SECTIONS ?? "startup,load,kmmlu,synthetic,kinds,execution,campaign").split(","));

async function kfmRun(suite, url, concurrency, extra = []) {
  const out = await mkdtemp(join(tmpdir(), "kfm-bench-"));
  try {
    const args = [
      "eval",
      suite,
      "--endpoint",
      url,
      "--model",
      "kfm-sim-1",
      "--concurrency",
      String(concurrency),
      "--out",
      out,
      "--quiet",
      ...extra,
    ];
    const child = await run([join(here, "kfm-child.js"), ...args], { capture: "stderr" });
    const [runDir] = await readdir(out);
    const summary = JSON.parse(await readFile(join(out, runDir, "summary.json"), "utf8"));
    const records = (await readFile(join(out, runDir, "items.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    return { ...child, summary, records, requestPhaseSeconds: await requestPhase(join(out, runDir, "items.jsonl")) };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: (await import("node:os")).cpus().length,
  limit: limit ? Number(limit) : "full",
  runs: [],
};

if (sections.has("startup")) await benchStartup(results);

if (sections.has("load")) {
  const load = await run([join(here, "load-suite.js")]);
  results.load = load;
  console.log(`load + validate KMMLU: ${load.items} items in ${(load.loadMs / 1000).toFixed(2)} s (goal <= 1.5 s)`);
  // As a run loads it: the packed index, first with the bench's cache empty, then from the cache.
  await rm(process.env.KFM_CACHE_DIR, { recursive: true, force: true });
  const cold = await run([join(here, "load-suite.js"), "--index"]);
  const warm = await run([join(here, "load-suite.js"), "--index"]);
  results.indexLoad = { coldMs: Math.round(cold.loadMs), warmMs: Math.round(warm.loadMs), importMs: Math.round(warm.importMs) };
  console.log(
    `KMMLU as a run loads it (packed index): ${results.indexLoad.coldMs} ms with the index cache empty, ${results.indexLoad.warmMs} ms from the cache (modules ${results.indexLoad.importMs} ms)`,
  );
}

for (const latencyMs of sections.has("kmmlu") ? latencies : []) {
  const sim = await startSim(latencyMs);
  try {
    await run([join(here, "raw-client.js"), sim.url, "64", "2000"]); // warm the server once
    for (const concurrency of concurrencies) {
      const raw = await run([join(here, "raw-client.js"), sim.url, String(concurrency), ...(limit ? [limit] : [])]);
      const kfm = await kfmRun("kmmlu", sim.url, concurrency, limit ? ["--limit", limit] : []);
      // Throughput over the request phase on both sides (the suite load is reported apart), plus
      // kfm's rate over its whole run (summary.elapsedSeconds) and its wall time for the record.
      const rawRate = raw.items / raw.seconds;
      const kfmRate = kfm.summary.done / kfm.requestPhaseSeconds;
      const entry = {
        latencyMs,
        concurrency,
        items: kfm.summary.done,
        rawItemsPerSecond: Math.round(rawRate),
        kfmItemsPerSecond: Math.round(kfmRate),
        ratio: Number((kfmRate / rawRate).toFixed(3)),
        kfmRunItemsPerSecond: Math.round(kfm.summary.done / kfm.summary.elapsedSeconds),
        kfmWallSeconds: Number(kfm.seconds.toFixed(2)),
        kfmPeakRssMb: Math.round(kfm.maxRssMb),
        rawPeakRssMb: Math.round(raw.maxRssMb),
        kfmErrors: kfm.summary.counts.error,
        // CPU per item on each side (kfm's from its first request to its end, summary included):
        // on a saturated machine the throughput ratio can be no better than raw over kfm here.
        rawCpuMicrosPerItem: Math.round((raw.cpuSeconds * 1e6) / raw.items),
        kfmCpuMicrosPerItem: Math.round((kfm.cpuSeconds * 1e6) / kfm.summary.done),
      };
      results.runs.push(entry);
      const goal = latencyMs === 0 ? 0.9 : 0.95;
      console.log(
        `latency ${latencyMs} ms, concurrency ${concurrency}: raw ${entry.rawItemsPerSecond} items/s, kfm ${entry.kfmItemsPerSecond} items/s (whole run ${entry.kfmRunItemsPerSecond}), ratio ${entry.ratio} (goal >= ${goal}), CPU per item raw ${entry.rawCpuMicrosPerItem} µs / kfm ${entry.kfmCpuMicrosPerItem} µs, kfm peak RSS ${entry.kfmPeakRssMb} MB (goal <= 300)`,
      );
    }
  } finally {
    await sim.stop();
  }
}

for (const count of sections.has("synthetic") ? syntheticCounts : []) {
  const dir = await mkdtemp(join(tmpdir(), "kfm-synthetic-"));
  try {
    const suite = await writeSyntheticSuite(dir, count);
    const sim = await startSim(0, [suite]);
    try {
      const kfm = await kfmRun(suite, sim.url, 64);
      const entry = {
        items: kfm.summary.done,
        kfmPeakRssMb: Math.round(kfm.maxRssMb),
        kfmItemsPerSecond: Math.round(kfm.summary.done / kfm.summary.elapsedSeconds),
        errors: kfm.summary.counts.error,
      };
      (results.synthetic ??= []).push(entry);
      console.log(
        `synthetic suite: ${entry.items} items, kfm peak RSS ${entry.kfmPeakRssMb} MB (goal <= 300), ${entry.kfmItemsPerSecond} items/s`,
      );
    } finally {
      await sim.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Each suite kind at 50 ms per request and concurrency 16, where request rate is bound by latency
// and concurrency, so kfm's requests per second against the raw client's show kfm's own overhead
// (agent loops, conversations and judge calls make several requests per item).
if (sections.has("kinds")) {
  const latencyMs = 50;
  const concurrency = 16;
  const sim = await startSim(latencyMs, ["kmmlu-5shot", "functionchat-singlecall", "kfm-agent-ko", "tau2-telecom"]);
  try {
    const raw = await run([join(here, "raw-client.js"), sim.url, String(concurrency), "2000"]);
    const rawRate = raw.items / raw.seconds;
    results.kinds = { latencyMs, concurrency, rawRequestsPerSecond: Math.round(rawRate), runs: [] };
    console.log(`suite kinds at ${latencyMs} ms, concurrency ${concurrency}: raw client ${Math.round(rawRate)} requests/s`);
    const kinds = [
      {
        kind: "multiple choice by log-likelihood",
        suite: "kmmlu-5shot",
        extra: ["--scoring", "loglikelihood", "--limit", "2000"],
        requests: () => 1,
      },
      { kind: "tool call (single step)", suite: "functionchat-singlecall", extra: [], requests: () => 1 },
      {
        kind: "agent loop (12 trials)",
        suite: "kfm-agent-ko",
        extra: ["--trials", "12"],
        requests: (summary) => summary.toolUse.loop.meanTurns,
      },
      {
        kind: "two-turn chat + judge",
        suite: "komt-bench",
        extra: ["--judge", sim.url, "--judge-model", "kfm-sim-1"],
        requests: (summary) => 2 + summary.judged.byTurn.length,
      },
      {
        // The same simulator plays the user (the x-kfm-item header tells it the task): a user turn is one more request.
        kind: "dual control + simulated user",
        suite: "tau2-telecom",
        extra: ["--user-sim", sim.url, "--user-sim-model", "kfm-sim-1"],
        requests: (_summary, records) => mean(records.map((record) => record.agent.turns + record.agent.user.turns)),
        more: (records) => ({
          userTurnsPerItem: Number(mean(records.map((record) => record.agent.user.turns)).toFixed(2)),
          userInputTokensPerTurn: Math.round(
            records.reduce((sum, record) => sum + (record.agent.user.usage.inputTokens ?? 0), 0) /
              records.reduce((sum, record) => sum + record.agent.user.turns, 0),
          ),
        }),
      },
    ];
    const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
    for (const { kind, suite, extra, requests, more } of kinds) {
      const kfm = await kfmRun(suite, sim.url, concurrency, ["--no-probes", ...extra]);
      const perItem = requests(kfm.summary, kfm.records);
      const requestRate = (kfm.summary.done * perItem) / kfm.requestPhaseSeconds;
      const entry = {
        kind,
        suite,
        items: kfm.summary.done,
        requestsPerItem: Number(perItem.toFixed(2)),
        kfmRequestsPerSecond: Math.round(requestRate),
        ratio: Number((requestRate / rawRate).toFixed(3)),
        kfmPeakRssMb: Math.round(kfm.maxRssMb),
        errors: kfm.summary.counts.error,
        ...(more ? more(kfm.records) : {}),
      };
      results.kinds.runs.push(entry);
      console.log(
        `  ${kind} (${suite}): ${entry.items} items, ${entry.requestsPerItem} requests/item, ${entry.kfmRequestsPerSecond} requests/s, ratio ${entry.ratio}, peak RSS ${entry.kfmPeakRssMb} MB`,
      );
    }
  } finally {
    await sim.stop();
  }
}

// Execution (LiveCodeBench): the cost of one generated program in the sandbox, start to verdict, for a
// two-test stdin program and a functional one, run one at a time (bubblewrap, Python start, the driver).
if (sections.has("execution")) {
  const { createCodeExecutor } = await import(join(root, "dist", "sandbox", "index.js"));
  const executor = createCodeExecutor({ concurrency: 1 });
  const programs = [
    {
      code: "a, b = map(int, input().split())\nprint(a + b)",
      tests: [
        { input: "1 2\n", output: "3\n" },
        { input: "4 5\n", output: "9\n" },
      ],
    },
    {
      code: "class Solution:\n    def f(self, x: int) -> int:\n        return x * 2",
      functionName: "f",
      tests: [{ input: "21", output: "42" }],
    },
  ];
  const count = 20;
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const result = await executor.run({ ...programs[index % 2], timeoutSeconds: 6 });
    if (result.failure) throw new Error(`bench program failed: ${result.failure.message}`);
  }
  const msPerProgram = (performance.now() - started) / count;
  results.execution = { isolation: executor.isolation, programs: count, msPerProgram: Math.round(msPerProgram) };
  console.log(`execution (${executor.isolation}): ${count} programs one at a time, ${Math.round(msPerProgram)} ms/program`);
}

if (sections.has("campaign")) await benchCampaign(results);

// A partial run (KFM_BENCH_SECTIONS) writes its own file and leaves the full run's latest.json alone.
const name = process.env.KFM_BENCH_SECTIONS ? `latest-${[...sections].join("-")}.json` : "latest.json";
await mkdir(join(here, "results"), { recursive: true });
await writeFile(join(here, "results", name), `${JSON.stringify(results, null, 2)}\n`);
await rm(process.env.KFM_CACHE_DIR, { recursive: true, force: true });
console.log(`written: bench/results/${name}`);
