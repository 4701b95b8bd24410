// The simulated endpoint the bench runs kfm and the raw client against (`kfm serve-sim` in its own
// process), and kfm's request phase read back from a run's item log.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const kfmBin = join(root, "bin", "kfm.js");

export function startSim(latencyMs, suites = ["kmmlu"]) {
  return new Promise((resolve, reject) => {
    const args = [kfmBin, "serve-sim", "--port", "0", "--seed", "1", "--suite", ...suites];
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

/**
 * kfm's request phase, the span the raw client times: from the first request of the run (the
 * first record's time less its latency) to the last record. `elapsedSeconds` in the summary also
 * holds what a run does once (reading the first data file, the end-of-run identity probe, pool
 * shutdown, the summary over the whole log), which the raw client has no counterpart for.
 */
export async function requestPhase(itemsFile) {
  let first = Infinity;
  let last = -Infinity;
  for (const line of (await readFile(itemsFile, "utf8")).split("\n")) {
    if (!line) continue;
    const record = JSON.parse(line);
    const time = Date.parse(record.time);
    first = Math.min(first, time - (record.latencyMs ?? 0));
    last = Math.max(last, time);
  }
  return (last - first) / 1000;
}
