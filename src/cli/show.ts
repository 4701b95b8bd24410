import { defineCommand } from "./command.js";
import { ExitCode } from "./exit-codes.js";

export const showCommand = defineCommand<{ json?: boolean; noSubjects?: boolean }>({
  name: "show",
  description: "Print a run's summary as tables (or JSON).",
  arguments: [{ syntax: "<runDir>", description: "a run directory written by `kfm eval`" }],
  options: {
    json: { flags: "--json", description: "print summary.json as it is" },
    noSubjects: { flags: "--no-subjects", description: "leave out the per-subject table" },
  },
  async action(args, options) {
    const [{ readSummary }, { renderSummary }] = await Promise.all([import("../results/index.js"), import("../report/console-summary.js")]);
    const summary = await readSummary(args[0]!);
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else process.stdout.write(`${renderSummary(summary, { subjects: !options.noSubjects })}\n`);
    return ExitCode.ok;
  },
});
