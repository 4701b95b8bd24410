// The yardstick: a plain undici client that sends the same pre-rendered requests at the same
// concurrency, with no suite, scoring or logging. Prints one JSON line: items, seconds, the CPU
// seconds of the request loop, maxRssMb.
import { Pool } from "undici";
import { loadSuite, selectItems } from "../dist/suite/index.js";

const [baseUrl, concurrencyText, limitText] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const suite = await loadSuite("kmmlu");
const items = limitText ? selectItems(suite.items, { limit: Number(limitText) }) : suite.items;
const bodies = items.map((item) =>
  JSON.stringify({ model: "kfm-sim-1", messages: suite.render(item).messages, temperature: 0, max_tokens: 2048 }),
);
const url = new URL(baseUrl);
const pool = new Pool(url.origin, { connections: concurrency, pipelining: 1 });
const path = `${url.pathname.replace(/\/$/, "")}/chat/completions`;
let next = 0;
let failures = 0;
const started = performance.now();
const cpuBefore = process.cpuUsage();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const response = await pool.request({ method: "POST", path, body, headers: { "content-type": "application/json" } });
      const json = await response.body.json();
      if (response.statusCode !== 200 || !json.choices) failures++;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
await pool.close();
console.log(
  JSON.stringify({
    items: bodies.length,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    failures,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
