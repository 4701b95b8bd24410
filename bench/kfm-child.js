// Runs `kfm eval` through the CLI entry in this process and reports, on the last line, its peak RSS
// and the CPU time it spent from its first HTTP request to the end (the run, not the suite load),
// and in all.
import { channel } from "node:diagnostics_channel";
import { main } from "../dist/bundle/main.mjs";

const requestCreated = channel("undici:request:create");
let cpuAtFirstRequest;
const onFirstRequest = () => {
  cpuAtFirstRequest = process.cpuUsage();
  requestCreated.unsubscribe(onFirstRequest); // no per-request cost after the first
};
requestCreated.subscribe(onFirstRequest);

const started = performance.now();
const code = await main(["node", "kfm", ...process.argv.slice(2)]);
const seconds = (performance.now() - started) / 1000;
const cpu = cpuAtFirstRequest ? process.cpuUsage(cpuAtFirstRequest) : undefined;
const cpuSeconds = cpu ? (cpu.user + cpu.system) / 1e6 : undefined;
const total = process.cpuUsage(); // since the process started: start-up and suite load included
const processCpuSeconds = (total.user + total.system) / 1e6;
console.error(
  JSON.stringify({ bench: true, code, seconds, cpuSeconds, processCpuSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
);
process.exitCode = code;
