// Runs `kfm eval` through the CLI entry in this process and reports its peak RSS on the last line.
import { main } from "../dist/cli/main.js";

const started = performance.now();
const code = await main(["node", "kfm", ...process.argv.slice(2)]);
const seconds = (performance.now() - started) / 1000;
console.error(JSON.stringify({ bench: true, code, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
process.exitCode = code;
