import type { CommandDefinition } from "./command.js";
import { integer, positiveNumber } from "./command.js";
import { ExitCode } from "./exit-codes.js";

export const compareCommand: CommandDefinition = {
  name: "compare",
  description: "Compare two runs item by item: accuracy difference with a paired bootstrap interval and McNemar's test.",
  arguments: [
    { syntax: "<runA>", description: "the baseline run (e.g. the last main run)" },
    { syntax: "<runB>", description: "the run to judge (e.g. the new checkpoint)" },
  ],
  options: [
    { flags: "--fail-if-drop <points>", description: "exit 1 when accuracy drops significantly by at least this many points", parse: positiveNumber },
    { flags: "--force", description: "pair runs even if their suite content hashes differ" },
    { flags: "--seed <n>", description: "bootstrap seed", parse: integer(0), default: 0 },
    { flags: "--subjects", description: "also list every subject" },
    { flags: "--json", description: "print the comparison as JSON" },
  ],
  async action(args, options) {
    const [{ compare }, { renderComparison }] = await Promise.all([import("../app/compare.js"), import("../report/console-comparison.js")]);
    const comparison = await compare({
      runA: args[0]!,
      runB: args[1]!,
      seed: options.seed as number,
      ...(options.force ? { force: true } : {}),
      ...(options.failIfDrop !== undefined ? { failIfDrop: options.failIfDrop as number } : {}),
    });
    if (options.json) process.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
    else process.stdout.write(`${renderComparison(comparison, { subjects: options.subjects === true })}\n`);
    return comparison.regression?.failed ? ExitCode.failure : ExitCode.ok;
  },
};
