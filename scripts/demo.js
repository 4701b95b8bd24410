#!/usr/bin/env node
// `npm run demo`: start the simulated endpoint in this process on a free port, evaluate a stratified
// KMMLU sample through the ordinary CLI path (exactly as against a team's server), then decide the
// verdict of the simulated model against the moving target.
import { loadRegistry } from "../dist/baseline/registry.js";
import { inWindow, parseWindow, today } from "../dist/baseline/window.js";
import { serveSim } from "../dist/app/serve-sim.js";
import { main } from "../dist/bundle/main.mjs";

const sample = process.env.KFM_DEMO_SAMPLE ?? "450";
const runId = `demo-${new Date()
  .toISOString()
  .replace(/[-:]/g, "")
  .replace(/\.\d+Z$/, "Z")}`;
const server = await serveSim({
  suites: ["kmmlu"],
  port: 0,
  seed: 7,
  accuracy: 0.82,
  noAnswerRate: 0.01,
  latency: { meanMs: 40, jitterMs: 30 },
});
console.error(`kfm demo: simulated endpoint listening on ${server.url}`);
const argv = [
  "node",
  "kfm",
  "eval",
  "kmmlu",
  "--endpoint",
  server.url,
  "--model",
  "kfm-sim-1",
  "--sample",
  sample,
  "--seed",
  "1",
  "--concurrency",
  "32",
  "--run-id",
  runId,
];
console.error(`kfm demo: ${argv.slice(1).join(" ")}\n`);
let code = 1;
try {
  code = await main(argv);
} finally {
  await server.close();
}
if (code !== 0) process.exit(code);

// The verdict needs a date whose six-month window holds global KMMLU scores. Today's may hold none
// (the registry only knows what has been published and entered), so the demo uses the release date
// of the newest KMMLU score in the registry, and says so.
const window = parseWindow("6mo");
const kmmlu = (await loadRegistry())
  .filter((entry) => entry.benchmark === "KMMLU" && entry.global)
  .sort((a, b) => b.release_date.localeCompare(a.release_date));
const newest = kmmlu[0];
const now = today();
const asOf = kmmlu.some((entry) => inWindow(entry.release_date, now, window)) ? now : newest.release_date;
console.log(
  asOf === now
    ? `\nkfm demo: verdict as of today (${now}).`
    : `\nkfm demo: verdict as of ${asOf}: the newest KMMLU score in the registry is ${newest.model}, released ${newest.release_date}; ` +
        `today's window (${now} minus 6 months) holds no KMMLU score, so that is the latest date with a reference.\n`,
);
const verdictCode = await main(["node", "kfm", "verdict", `results/${runId}`, "--as-of", asOf]);
console.log(
  `\nkfm demo: verdict exit code ${verdictCode} (0 PASS, 1 FAIL, 3 INCONCLUSIVE). Report: kfm report results/${runId} --verdict --as-of ${asOf} --out report.html`,
);

// The other suite kinds, offline too: an agent on stateful Korean tasks (pass^k over three seeded
// trials), and a two-turn chat benchmark judged by a model (the simulator plays the judge).
const agent = await serveSim({
  suites: ["kfm-agent-ko"],
  port: 0,
  seed: 7,
  tools: { wrongArgumentRate: 0.08, wrongDecisionRate: 0.04, malformedRate: 0.06 },
});
try {
  const agentArgv = [
    "node",
    "kfm",
    "eval",
    "kfm-agent-ko",
    "--endpoint",
    agent.url,
    "--model",
    "kfm-sim-1",
    "--run-id",
    `${runId}-agent`,
    "--no-probes",
    "--quiet",
  ];
  console.log(`\nkfm demo: ${agentArgv.slice(1).join(" ")}`);
  await main(agentArgv);
} finally {
  await agent.close();
}
const judgedArgv = [
  "node",
  "kfm",
  "eval",
  "komt-bench",
  "--endpoint",
  "sim",
  "--judge",
  "sim",
  "--run-id",
  `${runId}-komt`,
  "--no-probes",
  "--quiet",
];
console.log(`\nkfm demo: ${judgedArgv.slice(1).join(" ")}`);
await main(judgedArgv);
