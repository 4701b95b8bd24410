#!/usr/bin/env node
// `npm run demo`: start the simulated endpoint in this process on a free port, then evaluate a
// stratified KMMLU sample through the ordinary CLI path, exactly as a user would against a team's server.
import { serveSim } from "../dist/app/serve-sim.js";
import { main } from "../dist/cli/main.js";

const sample = process.env.KFM_DEMO_SAMPLE ?? "450";
const server = await serveSim({ suites: ["kmmlu"], port: 0, seed: 7, accuracy: 0.62, latency: { meanMs: 40, jitterMs: 30 } });
console.error(`kfm demo: simulated endpoint listening on ${server.url}`);
const argv = ["node", "kfm", "eval", "kmmlu", "--endpoint", server.url, "--model", "kfm-sim-1", "--sample", sample, "--seed", "1", "--concurrency", "32"];
console.error(`kfm demo: ${argv.slice(1).join(" ")}\n`);
let code = 1;
try {
  code = await main(argv);
} finally {
  await server.close();
}
process.exitCode = code;
