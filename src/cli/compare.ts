import type { CompareOptions } from "../app/compare.js";
import { defineCommand, integer, positiveNumber } from "./command.js";
import { ExitCode } from "./exit-codes.js";

export const compareCommand = defineCommand<Omit<CompareOptions, "runA" | "runB"> & { subjects?: boolean; json?: boolean }>({
  name: "compare",
  description: "Compare two runs item by item: accuracy difference with a paired bootstrap interval and McNemar's test.",
  arguments: [
    { syntax: "<runA>", description: "the baseline run (e.g. the last main run)" },
    { syntax: "<runB>", description: "the run to judge (e.g. the new checkpoint)" },
  ],
  options: {
    failIfDrop: {
      flags: "--fail-if-drop <points>",
      description: "exit 1 when accuracy drops significantly by at least this many points",
      parse: positiveNumber,
    },
    force: { flags: "--force", description: "pair runs even if their suite content hashes differ" },
    seed: { flags: "--seed <n>", description: "bootstrap seed", parse: integer(0), default: 0 },
    subjects: { flags: "--subjects", description: "also list every subject" },
    json: { flags: "--json", description: "print the comparison as JSON" },
  },
  async action(args, { subjects, json, ...options }) {
    const [{ compare }, { renderComparison }] = await Promise.all([import("../app/compare.js"), import("../report/console-comparison.js")]);
    const comparison = await compare({ ...options, runA: args[0]!, runB: args[1]! });
    if (json) process.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
    else process.stdout.write(`${renderComparison(comparison, { subjects: subjects === true })}\n`);
    return comparison.regression?.failed ? ExitCode.failure : ExitCode.ok;
  },
});
