// The yardstick: a plain undici client that sends the same pre-rendered requests at the same
// concurrency, with no suite, scoring or logging. Prints one JSON line: items, seconds, the CPU
// seconds of the request loop, the process's CPU seconds in all (start-up included), maxRssMb.
// With a fourth argument, the request bodies are read from that file (one a line, rendered by the
// bench beforehand), as a hand-written script with its prompts ready would start.
import { readFile } from "node:fs/promises";
import { Pool } from "undici";
import { sendAll } from "./raw-send.js";

const [baseUrl, concurrencyText, limitText, bodiesFile] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const bodies = bodiesFile ? (await readFile(bodiesFile, "utf8")).split("\n").filter(Boolean) : await renderBodies(limitText);

async function renderBodies(limit) {
  const { loadSuite, selectItems } = await import("../dist/suite/index.js");
  const suite = await loadSuite("kmmlu");
  const items = limit ? selectItems(suite.items, { limit: Number(limit) }) : suite.items;
  return items.map((item) =>
    JSON.stringify({ model: "kfm-sim-1", messages: suite.render(item).messages, temperature: 0, max_tokens: 2048 }),
  );
}
const url = new URL(baseUrl);
const pool = new Pool(url.origin, { connections: concurrency, pipelining: 1 });
const path = `${url.pathname.replace(/\/$/, "")}/chat/completions`;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const failures = await sendAll(pool, path, concurrency, bodies);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
await pool.close();
console.log(
  JSON.stringify({
    items: bodies.length,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    processCpuSeconds: totalCpuSeconds(),
    failures,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);

function totalCpuSeconds() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
