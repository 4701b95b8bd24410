import type { CommandDefinition } from "./command.js";
import { integer, positiveNumber, usageError } from "./command.js";
import { ExitCode } from "./exit-codes.js";

/** Options shared by `kfm verdict` and `kfm report --verdict`. */
export const verdictOptions = [
  { flags: "--scores <file>", description: "a team's self-reported scores (YAML), judged without item-level intervals" },
  { flags: "--as-of <date>", description: "decide as of this date (YYYY-MM-DD; default today)" },
  { flags: "--stage <id>", description: "a stage profile (stages/): its date, benchmarks, weights, rule and threshold" },
  { flags: "--window <span>", description: "global models released within this span before --as-of (default 6mo)" },
  { flags: "--reference <rule>", description: "best | mean | top-<k> | target:<model> (default best)" },
  { flags: "--threshold <ratio>", description: "required ratio to the reference (default 0.95)", parse: positiveNumber },
  { flags: "--decide-by <method>", description: "ratio-of-averages | mean-of-ratios (default ratio-of-averages)" },
  { flags: "--expert <score>", description: "expert-panel score 0-100 for a stage scorecard", parse: positiveNumber },
  { flags: "--user <score>", description: "user-evaluation score 0-100 for a stage scorecard", parse: positiveNumber },
  { flags: "--allow-setting-mismatch", description: "also compare with baselines measured in another setting" },
  { flags: "--baselines <dir>", description: "baseline registry folder (default: kfm's own baselines/)" },
  { flags: "--runs-dir <dir>", description: "where runs named by kfm-measured baselines live (paired intervals)" },
  { flags: "--seed <n>", description: "bootstrap seed", parse: integer(0), default: 0 },
  { flags: "--reviews <dates>", description: "stage-review dates for the timeline, comma-separated" },
];

export function verdictOptionsFrom(args: string[], options: Record<string, unknown>) {
  const decideBy = options.decideBy === undefined ? undefined : String(options.decideBy);
  if (decideBy !== undefined && decideBy !== "ratio-of-averages" && decideBy !== "mean-of-ratios") throw usageError(`--decide-by is ratio-of-averages or mean-of-ratios, got "${decideBy}"`);
  return {
    runDirs: args,
    ...(options.scores ? { scoresFile: String(options.scores) } : {}),
    ...(options.asOf ? { asOf: String(options.asOf) } : {}),
    ...(options.window ? { window: String(options.window) } : {}),
    ...(options.reference ? { reference: String(options.reference) } : {}),
    ...(options.threshold !== undefined ? { threshold: options.threshold as number } : {}),
    ...(decideBy ? { decideBy: decideBy as "ratio-of-averages" | "mean-of-ratios" } : {}),
    ...(options.stage ? { stage: String(options.stage) } : {}),
    ...(options.expert !== undefined ? { expert: options.expert as number } : {}),
    ...(options.user !== undefined ? { user: options.user as number } : {}),
    ...(options.allowSettingMismatch ? { allowSettingMismatch: true } : {}),
    ...(options.baselines ? { baselinesDir: String(options.baselines) } : {}),
    ...(options.runsDir ? { runsDir: String(options.runsDir) } : {}),
    seed: options.seed as number,
    ...(options.reviews ? { reviews: String(options.reviews).split(",").map((date) => date.trim()).filter(Boolean) } : {}),
  };
}

export const verdictCommand: CommandDefinition = {
  name: "verdict",
  description: "Decide PASS / FAIL / INCONCLUSIVE against the moving target: >= 95% of the best global models of the last six months.",
  arguments: [{ syntax: "[runDir...]", description: "run directories (one per benchmark)" }],
  options: [...verdictOptions, { flags: "--json", description: "print the verdict report as JSON" }],
  async action(args, options) {
    const [{ verdict }, { renderVerdict }] = await Promise.all([import("../app/verdict.js"), import("../report/console-verdict.js")]);
    const report = await verdict(verdictOptionsFrom(args, options));
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`${renderVerdict(report)}\n`);
    switch (report.overall.decision) {
      case "PASS":
        return ExitCode.ok;
      case "FAIL":
        return ExitCode.failure;
      case "INCONCLUSIVE":
        return ExitCode.inconclusive;
      default:
        process.stderr.write("kfm: no benchmark had a reference in the window; nothing was decided\n");
        return ExitCode.inconclusive;
    }
  },
};
