// The campaign's yardstick: one process with a plain undici pool per team, each at its team's
// concurrency, sending the same suites' pre-rendered requests in the same order a campaign runs them
// (every team at once, each team's suites one after another), with no suite, scoring or logging.
// What it reaches against C / latency is what this machine allows with the simulators on it, so the
// bench can say how much of a cell's shortfall is kfm's. Prints one JSON line: per team and suite,
// items and seconds.
//   node bench/raw-campaign.js <plan.json>
//   plan: { teams: [{ name, url, concurrency }], suites: [{ id, bodiesFile }] }
import { readFile } from "node:fs/promises";
import { Pool } from "undici";
import { sendAll } from "./raw-send.js";

const plan = JSON.parse(await readFile(process.argv[2], "utf8"));
const bodies = new Map();
for (const suite of plan.suites) bodies.set(suite.id, (await readFile(suite.bodiesFile, "utf8")).split("\n").filter(Boolean));

async function runSuite(pool, path, concurrency, list) {
  const started = performance.now();
  const failures = await sendAll(pool, path, concurrency, list);
  return { items: list.length, seconds: (performance.now() - started) / 1000, failures };
}

const cells = await Promise.all(
  plan.teams.map(async (team) => {
    const url = new URL(team.url);
    const pool = new Pool(url.origin, { connections: team.concurrency, pipelining: 1 });
    const path = `${url.pathname.replace(/\/$/, "")}/chat/completions`;
    const results = [];
    for (const suite of plan.suites)
      results.push({ team: team.name, suite: suite.id, ...(await runSuite(pool, path, team.concurrency, bodies.get(suite.id))) });
    await pool.close();
    return results;
  }),
);
console.log(JSON.stringify({ cells: cells.flat(), maxRssMb: process.resourceUsage().maxRSS / 1024 }));
