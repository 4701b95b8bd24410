import type { CommandDefinition } from "./command.js";
import { ExitCode } from "./exit-codes.js";

export const rescoreCommand: CommandDefinition = {
  name: "rescore",
  description: "Re-score a run from its stored replies with the suite's current scorer, without calling the model.",
  arguments: [{ syntax: "<runDir>", description: "a run directory written by `kfm eval`" }],
  options: [
    { flags: "--out <runDir>", description: "write the re-scored run here (default: update the run in place, keeping items.jsonl.bak)" },
    { flags: "--json", description: "print the new summary as JSON" },
  ],
  async action(args, options) {
    const [{ rescore }, { renderSummary }] = await Promise.all([import("../app/rescore.js"), import("../report/console-summary.js")]);
    const result = await rescore({ runDir: args[0]!, ...(options.out ? { outDir: String(options.out) } : {}) });
    if (options.json) process.stdout.write(`${JSON.stringify(result.summary, null, 2)}\n`);
    else {
      process.stdout.write(`${renderSummary(result.summary)}\n`);
      process.stderr.write(`kfm: re-scored ${result.rescored} items; ${result.changed} changed status -> ${result.runDir}\n`);
    }
    return ExitCode.ok;
  },
};
