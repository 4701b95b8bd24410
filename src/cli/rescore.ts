import type { CommandDefinition } from "./command.js";
import { ExitCode } from "./exit-codes.js";

export const rescoreCommand: CommandDefinition = {
  name: "rescore",
  description: "Re-score a run from its stored replies with the suite's current scorer, without calling the model.",
  arguments: [{ syntax: "<runDir>", description: "a run directory written by `kfm eval`" }],
  options: [
    { flags: "--out <runDir>", description: "write the re-scored run here (default: update the run in place, keeping items.jsonl.bak)" },
    { flags: "--judge <nameOrUrl>", description: "judged suites: the judge for what the stored judge replies do not cover (judge errors); cached judgments cost nothing" },
    { flags: "--judge-model <id>", description: "the judge's model id (with a base URL)" },
    { flags: "-c, --config <file>", description: "config file naming the judge endpoint (default: ./kfm.yaml when present)" },
    { flags: "--json", description: "print the new summary as JSON" },
  ],
  async action(args, options) {
    const [{ rescore }, { renderSummary }] = await Promise.all([import("../app/rescore.js"), import("../report/console-summary.js")]);
    const result = await rescore({
      runDir: args[0]!,
      ...(options.out ? { outDir: String(options.out) } : {}),
      ...(options.judge ? { judge: String(options.judge) } : {}),
      ...(options.judgeModel ? { judgeModel: String(options.judgeModel) } : {}),
      ...(options.config ? { configFile: String(options.config) } : {}),
    });
    if (options.json) process.stdout.write(`${JSON.stringify(result.summary, null, 2)}\n`);
    else {
      process.stdout.write(`${renderSummary(result.summary)}\n`);
      process.stderr.write(`kfm: re-scored ${result.rescored} items; ${result.changed} changed status -> ${result.runDir}\n`);
    }
    return ExitCode.ok;
  },
};
