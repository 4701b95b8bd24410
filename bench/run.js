#!/usr/bin/env node
// `npm run bench`: kfm against a raw undici client on the same simulated server in the same run.
// Not part of `npm test`: timings belong here, never in unit tests. Writes bench/results/latest.json.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const concurrency = Number(process.env.KFM_BENCH_CONCURRENCY ?? 64);
const latencies = (process.env.KFM_BENCH_LATENCIES ?? "0,50").split(",").map(Number);
const limit = process.env.KFM_BENCH_LIMIT; // smaller runs while developing; the full KMMLU by default

function run(args, { capture = "stdout" } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const text = capture === "stdout" ? stdout : stderr;
      const line = text.trim().split("\n").filter((l) => l.startsWith("{")).pop();
      if (!line) return reject(new Error(`${args.join(" ")} exited ${code}\n${stderr}`));
      resolve(JSON.parse(line));
    });
  });
}

function startSim(latencyMs) {
  return new Promise((resolve, reject) => {
    const args = [join(root, "bin", "kfm.js"), "serve-sim", "--port", "0", "--seed", "1"];
    if (latencyMs > 0) args.push("--latency-ms", String(latencyMs));
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let buffer = "";
    child.stdout.on("data", (chunk) => {
      buffer += chunk;
      const match = buffer.match(/listening on (\S+)/);
      if (match) resolve({ url: match[1], stop: () => new Promise((done) => (child.on("close", done), child.kill("SIGTERM"))) });
    });
    child.on("error", reject);
    child.on("close", (code) => reject(new Error(`serve-sim exited ${code}`)));
  });
}

const results = { date: new Date().toISOString(), node: process.version, concurrency, limit: limit ? Number(limit) : "full", runs: [] };

const load = await run([join(here, "load-suite.js")]);
results.load = load;
console.log(`load + validate KMMLU: ${load.items} items in ${(load.loadMs / 1000).toFixed(2)} s (goal <= 1.5 s)`);

for (const latencyMs of latencies) {
  const sim = await startSim(latencyMs);
  const out = await mkdtemp(join(tmpdir(), "kfm-bench-"));
  try {
    // Warm the server's JIT once so neither side pays it alone.
    await run([join(here, "raw-client.js"), sim.url, String(concurrency), "2000"]);
    const raw = await run([join(here, "raw-client.js"), sim.url, String(concurrency), ...(limit ? [limit] : [])]);
    const kfmArgs = ["eval", "kmmlu", "--endpoint", sim.url, "--model", "kfm-sim-1", "--concurrency", String(concurrency), "--out", out, "--quiet", ...(limit ? ["--limit", limit] : [])];
    const kfm = await run([join(here, "kfm-child.js"), ...kfmArgs], { capture: "stderr" });
    // Throughput over the request phase on both sides (kfm's summary times its run loop; the suite
    // load, measured above, is reported apart), plus kfm's whole wall time for the record.
    const [runDir] = await readdir(out);
    const summary = JSON.parse(await readFile(join(out, runDir, "summary.json"), "utf8"));
    const rawRate = raw.items / raw.seconds;
    const kfmRate = summary.done / summary.elapsedSeconds;
    const entry = {
      latencyMs,
      items: summary.done,
      rawItemsPerSecond: rawRate,
      kfmItemsPerSecond: kfmRate,
      ratio: kfmRate / rawRate,
      kfmWallSeconds: kfm.seconds,
      kfmPeakRssMb: kfm.maxRssMb,
      rawPeakRssMb: raw.maxRssMb,
      kfmExit: kfm.code,
      kfmErrors: summary.counts.error,
    };
    results.runs.push(entry);
    const goal = latencyMs === 0 ? 0.9 : 0.95;
    console.log(
      `latency ${latencyMs} ms, concurrency ${concurrency}: raw ${rawRate.toFixed(0)} items/s, kfm ${kfmRate.toFixed(0)} items/s, ratio ${entry.ratio.toFixed(3)} (goal >= ${goal}), kfm peak RSS ${kfm.maxRssMb.toFixed(0)} MB (goal <= 300)`,
    );
  } finally {
    await sim.stop();
    await rm(out, { recursive: true, force: true });
  }
}

await mkdir(join(here, "results"), { recursive: true });
await writeFile(join(here, "results", "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(`written: bench/results/latest.json`);
