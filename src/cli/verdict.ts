import type { CommandDefinition, OptionDefinition } from "./command.js";
import { integer, positiveNumber, usageError } from "./command.js";
import { ExitCode } from "./exit-codes.js";

const DECIDE_BY = ["ratio-of-averages", "mean-of-ratios"] as const;

// Checked in the action, not by commander, so the error reads like every other kfm usage error.
function decideBy(value: unknown): (typeof DECIDE_BY)[number] | undefined {
  if (value === undefined) return undefined;
  const found = DECIDE_BY.find((method) => method === value);
  if (!found) throw usageError(`--decide-by is ratio-of-averages or mean-of-ratios, got "${String(value)}"`);
  return found;
}

/** Options shared by `kfm verdict` and `kfm report --verdict`. */
export const verdictOptions: OptionDefinition[] = [
  { flags: "--scores <file>", description: "a team's self-reported scores (YAML), judged without item-level intervals (repeatable)", repeatable: true },
  { flags: "--as-of <date>", description: "decide as of this date (YYYY-MM-DD; default today, UTC)" },
  { flags: "--stage <id>", description: "a stage profile (stages/): its date, benchmarks, weights, rule and threshold" },
  { flags: "--window <span>", description: "global models released within this span before --as-of: months (6mo) or days (180d); default 6mo" },
  { flags: "--reference <rule>", description: "best | mean | top-<k> | target:<model> (default best)" },
  { flags: "--threshold <ratio>", description: "required ratio to the reference (default 0.95)", parse: positiveNumber },
  { flags: "--decide-by <method>", description: "ratio-of-averages | mean-of-ratios (default ratio-of-averages)" },
  { flags: "--expert <score>", description: "expert-panel score 0-100 for a stage scorecard", parse: positiveNumber },
  { flags: "--user <score>", description: "user-evaluation score 0-100 for a stage scorecard", parse: positiveNumber },
  { flags: "--allow-setting-mismatch", description: "also compare with baselines measured in another setting (listed as such)" },
  { flags: "--baselines <dir>", description: "baseline registry folder (default: kfm's own baselines/)" },
  { flags: "--runs-dir <dir>", description: "where runs named by kfm-measured baselines live (paired intervals)" },
  { flags: "--seed <n>", description: "bootstrap seed (default 0)", parse: integer(0) },
  { flags: "--replicates <n>", description: "bootstrap replicates (default 2000)", parse: integer(100) },
  { flags: "--reviews <dates>", description: "stage-review dates for the timeline, comma-separated" },
  { flags: "--min-provenance <level>", description: "primary | secondary | mirror: leave weaker registry scores out (default secondary)" },
  { flags: "--max-registry-age <span>", description: "past the registry's review date by more than this, no PASS (default 1mo)" },
];

const isScoresFile = (path: string) => /\.ya?ml$/i.test(path);

/** Turns parsed flags into `verdict()` options; a positional `*.yaml` is a scores table, any other a run directory. */
export function verdictOptionsFrom(args: string[], options: Record<string, unknown>) {
  const scores = [options.scores ?? []].flat().map(String);
  const method = decideBy(options.decideBy);
  return {
    runDirs: args.filter((path) => !isScoresFile(path)),
    ...(scores.length || args.some(isScoresFile) ? { scoresFiles: [...scores, ...args.filter(isScoresFile)] } : {}),
    ...(options.asOf ? { asOf: String(options.asOf) } : {}),
    ...(options.window ? { window: String(options.window) } : {}),
    ...(options.reference ? { reference: String(options.reference) } : {}),
    ...(options.threshold !== undefined ? { threshold: options.threshold as number } : {}),
    ...(method ? { decideBy: method } : {}),
    ...(options.stage ? { stage: String(options.stage) } : {}),
    ...(options.expert !== undefined ? { expert: options.expert as number } : {}),
    ...(options.user !== undefined ? { user: options.user as number } : {}),
    ...(options.allowSettingMismatch ? { allowSettingMismatch: true } : {}),
    ...(options.baselines ? { baselinesDir: String(options.baselines) } : {}),
    ...(options.runsDir ? { runsDir: String(options.runsDir) } : {}),
    ...(options.seed !== undefined ? { seed: options.seed as number } : {}),
    ...(options.replicates !== undefined ? { replicates: options.replicates as number } : {}),
    ...(options.minProvenance ? { minProvenance: String(options.minProvenance) } : {}),
    ...(options.maxRegistryAge ? { maxRegistryAge: String(options.maxRegistryAge) } : {}),
    ...(options.reviews ? { reviews: String(options.reviews).split(",").map((date) => date.trim()).filter(Boolean) } : {}),
  };
}

const EXIT_CODES = { PASS: ExitCode.ok, FAIL: ExitCode.failure, INCONCLUSIVE: ExitCode.inconclusive, "NO-REFERENCE": ExitCode.inconclusive } as const;

export const verdictCommand: CommandDefinition = {
  name: "verdict",
  description: "Decide PASS / FAIL / INCONCLUSIVE against the moving target: >= 95% of the best global models of the last six months.",
  arguments: [{ syntax: "[inputs...]", description: "run directories (one per benchmark) and/or self-reported scores tables (*.yaml)" }],
  options: [...verdictOptions, { flags: "--json", description: "print the verdict report as JSON" }],
  async action(args, options) {
    const [{ verdict }, { renderVerdict, verdictFooter }] = await Promise.all([import("../app/verdict.js"), import("../report/console-verdict.js")]);
    const report = await verdict(verdictOptionsFrom(args, options));
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`${renderVerdict(report)}\n${verdictFooter(report)}\n`);
    return EXIT_CODES[report.overall.decision];
  },
};
