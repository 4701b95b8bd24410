import type { MergeOptions } from "../app/merge.js";
import { defineCommand } from "./command.js";
import { ExitCode } from "./exit-codes.js";

export const mergeCommand = defineCommand<Omit<MergeOptions, "runDirs"> & { json?: boolean }>({
  name: "merge",
  description: "Join the shards of one evaluation (kfm eval --shard i/n) into one run directory.",
  arguments: [{ syntax: "<runDir...>", description: "the shard run directories" }],
  options: {
    outDir: { flags: "-o, --out <dir>", description: "results folder for the merged run", default: "results" },
    runId: { flags: "--run-id <id>", description: "name of the merged run directory" },
    allowPartial: { flags: "--allow-partial", description: "merge even if shards are missing or incomplete" },
    json: { flags: "--json", description: "print the merged summary as JSON" },
  },
  async action(args, { json, ...options }) {
    const [{ merge }, { renderSummary }] = await Promise.all([import("../app/merge.js"), import("../report/console-summary.js")]);
    const result = await merge({ ...options, runDirs: args });
    if (json) process.stdout.write(`${JSON.stringify(result.summary, null, 2)}\n`);
    else process.stdout.write(`${renderSummary(result.summary)}\nrun directory: ${result.runDir}\n`);
    return result.summary.status === "complete" ? ExitCode.ok : ExitCode.interrupted;
  },
});
