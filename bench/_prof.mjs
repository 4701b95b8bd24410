import { spawn } from "node:child_process";
import { startLoopback } from "./loopback-server.js";
const server = await startLoopback(0);
const t0 = performance.now();
const child = spawn(process.execPath, ["--cpu-prof", "--cpu-prof-dir=/tmp/prof2", "bin/kfm.js", "eval", "kmmlu", "--endpoint", server.url, "--model", "kfm-sim-1", "--limit", "200", "--concurrency", "16", "--out", "/tmp/profout", "--quiet"], { stdio: "inherit", env: { ...process.env, KFM_CACHE_DIR: "/tmp/kc" } });
await new Promise((r) => child.on("close", r));
console.log("first request", (server.seen.first - t0).toFixed(0), "first item", (server.seen.firstItem - t0).toFixed(0), "end", (performance.now() - t0).toFixed(0));
await server.stop();
