import type { VerdictOptions } from "../app/verdict.js";
import type { DecideBy } from "../spec/verdict.js";
import type { OptionMap } from "./command.js";
import { checkedByUseCase, defineCommand, integer, positiveNumber } from "./command.js";
import { ExitCode } from "./exit-codes.js";

/** Flags shared by `kfm verdict` and `kfm report --verdict`, keyed by the `verdict()` option each sets. */
export const verdictFlags = {
  scoresFiles: {
    flags: "--scores <file>",
    description: "a team's self-reported scores (YAML), judged without item-level intervals (repeatable)",
    repeatable: true,
  },
  asOf: { flags: "--as-of <date>", description: "decide as of this date (YYYY-MM-DD; default today, UTC)" },
  stage: { flags: "--stage <id>", description: "a stage profile (stages/): its date, benchmarks, weights, rule and threshold" },
  window: {
    flags: "--window <span>",
    description: "global models released within this span before --as-of: months (6mo) or days (180d); default 6mo",
  },
  reference: { flags: "--reference <rule>", description: "best | mean | top-<k> | target:<model> (default best)" },
  threshold: { flags: "--threshold <ratio>", description: "required ratio to the reference (default 0.95)", parse: positiveNumber },
  // verdict() checks the method (its library callers get the same check and message).
  decideBy: {
    flags: "--decide-by <method>",
    description: "ratio-of-averages | mean-of-ratios (default ratio-of-averages)",
    parse: checkedByUseCase<DecideBy>(),
  },
  expert: { flags: "--expert <score>", description: "expert-panel score 0-100 for a stage scorecard", parse: positiveNumber },
  user: { flags: "--user <score>", description: "user-evaluation score 0-100 for a stage scorecard", parse: positiveNumber },
  allowSettingMismatch: {
    flags: "--allow-setting-mismatch",
    description: "also compare with baselines measured in another setting (listed as such)",
  },
  baselinesDir: { flags: "--baselines <dir>", description: "baseline registry folder (default: kfm's own baselines/)" },
  runsDir: { flags: "--runs-dir <dir>", description: "where runs named by kfm-measured baselines live (paired intervals)" },
  seed: { flags: "--seed <n>", description: "bootstrap seed (default 0)", parse: integer(0) },
  replicates: { flags: "--replicates <n>", description: "bootstrap replicates (default 2000)", parse: integer(100) },
  // verdict() checks the range, as for every other setting of the decision.
  level: { flags: "--level <p>", description: "interval level of every interval in the verdict (default 0.95)", parse: positiveNumber },
  minProvenance: {
    flags: "--min-provenance <level>",
    description: "primary | secondary | mirror: leave weaker registry scores out (default secondary)",
  },
  maxRegistryAge: {
    flags: "--max-registry-age <span>",
    description: "past the registry's review date by more than this, no PASS (default 1mo)",
  },
  reviews: {
    flags: "--reviews <dates>",
    description: "stage-review dates for the timeline, comma-separated",
    parse: (value: string) =>
      value
        .split(",")
        .map((date) => date.trim())
        .filter(Boolean),
  },
} satisfies OptionMap<VerdictOptions>;

const isScoresFile = (path: string) => /\.ya?ml$/i.test(path);

/** Completes the flags with the positional inputs: a `*.yaml` is a scores table, any other a run directory. */
export function verdictOptionsFrom(args: string[], options: Partial<VerdictOptions>): VerdictOptions {
  const scoresFiles = [...(options.scoresFiles ?? []), ...args.filter(isScoresFile)];
  return { ...options, runDirs: args.filter((path) => !isScoresFile(path)), scoresFiles: scoresFiles.length ? scoresFiles : undefined };
}

const EXIT_CODES = { PASS: ExitCode.ok, FAIL: ExitCode.failure, INCONCLUSIVE: ExitCode.inconclusive } as const;

export const verdictCommand = defineCommand<VerdictOptions & { json?: boolean }>({
  name: "verdict",
  description: "Decide PASS / FAIL / INCONCLUSIVE against the moving target: >= 95% of the best global models of the last six months.",
  arguments: [{ syntax: "[inputs...]", description: "run directories (one per benchmark) and/or self-reported scores tables (*.yaml)" }],
  options: { ...verdictFlags, json: { flags: "--json", description: "print the verdict report as JSON" } },
  async action(args, { json, ...options }) {
    const [{ verdict }, { renderVerdict, verdictFooter }] = await Promise.all([
      import("../app/verdict.js"),
      import("../report/console-verdict.js"),
    ]);
    const report = await verdict(verdictOptionsFrom(args, options));
    if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`${renderVerdict(report)}\n${verdictFooter(report)}\n`);
    return EXIT_CODES[report.overall.decision];
  },
});
