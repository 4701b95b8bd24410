import type { RescoreOptions } from "../app/rescore.js";
import { defineCommand } from "./command.js";
import { ExitCode } from "./exit-codes.js";

export const rescoreCommand = defineCommand<Omit<RescoreOptions, "runDir"> & { json?: boolean }>({
  name: "rescore",
  description: "Re-score a run from its stored replies with the suite's current scorer, without calling the model.",
  arguments: [{ syntax: "<runDir>", description: "a run directory written by `kfm eval`" }],
  options: {
    outDir: {
      flags: "--out <runDir>",
      description: "write the re-scored run here (default: update the run in place, keeping items.jsonl.bak)",
    },
    judge: {
      flags: "--judge <nameOrUrl>",
      description: "judged suites: the judge for what the stored judge replies do not cover (judge errors); cached judgments cost nothing",
    },
    judgeModel: { flags: "--judge-model <id>", description: "the judge's model id (with a base URL)" },
    configFile: { flags: "-c, --config <file>", description: "config file naming the judge endpoint (default: ./kfm.yaml when present)" },
    json: { flags: "--json", description: "print the new summary as JSON" },
  },
  async action(args, { json, ...options }) {
    const [{ rescore }, { renderSummary }] = await Promise.all([import("../app/rescore.js"), import("../report/console-summary.js")]);
    const result = await rescore({ ...options, runDir: args[0]! });
    if (json) process.stdout.write(`${JSON.stringify(result.summary, null, 2)}\n`);
    else {
      process.stdout.write(`${renderSummary(result.summary)}\n`);
      process.stderr.write(`kfm: re-scored ${result.rescored} items; ${result.changed} changed status -> ${result.runDir}\n`);
    }
    return ExitCode.ok;
  },
});
