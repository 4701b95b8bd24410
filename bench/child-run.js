// Runs a bench child (kfm-child.js, raw-client.js, load-suite.js) and reads the JSON line it prints last.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export function run(args, { capture = "stdout" } = {}) {
  return new Promise((resolve, reject) => {
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const text = capture === "stdout" ? stdout : stderr;
      const line = text
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .pop();
      if (!line) return reject(new Error(`${args.join(" ")} exited ${code}\n${stderr}`));
      // spawnedAt is on the clock of this process (and of the loopback server it runs); wallSeconds is spawn to exit.
      resolve({ ...JSON.parse(line), spawnedAt, wallSeconds: (performance.now() - spawnedAt) / 1000 });
    });
  });
}
