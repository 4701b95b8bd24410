import { decide } from "../baseline/decision.js";
import { formatReferenceRule, parseReferenceRule, referenceFor, type Reference, type ReferenceRule } from "../baseline/reference.js";
import { builtInBaselinesDir, loadRegistry, type BaselineEntry } from "../baseline/registry.js";
import { builtInStagesDir, loadStage, type Stage } from "../baseline/stage.js";
import { BOUNDARY_RULE, formatWindow, parseDate, parseWindow, today, windowStart, type Window } from "../baseline/window.js";
import type { VerdictView } from "../report/report-input.js";
import { KfmError } from "../spec/errors.js";
import type { BenchmarkVerdict, DecideBy, ExcludedView, VerdictReport } from "../spec/verdict.js";
import { binomialStandardError } from "../stats/binomial.js";
import { ratioBootstrap, type RatioInput } from "../stats/ratio-bootstrap.js";
import { pairWithMeasuredReference, teamFromRun, teamsFromScores, type TeamInput } from "./verdict-inputs.js";
import { explainVerdict, referenceTimeline, settleEstimates, stageResult } from "./verdict-explain.js";

export type { BenchmarkVerdict, DecideBy, ExcludedView, VerdictReport } from "../spec/verdict.js";

export interface VerdictOptions {
  /** kfm run directories, one per benchmark. */
  runDirs?: string[];
  /** A team's self-reported scores (YAML), for tables without item-level data. */
  scoresFile?: string;
  scoresFiles?: string[];
  /** YYYY-MM-DD; today (UTC) by default. */
  asOf?: string;
  /** `6mo` (default) or `180d`. */
  window?: string;
  /** best (default) | mean | top-<k> | target:<model>. */
  reference?: string;
  /** Required ratio to the reference; 0.95 by default. */
  threshold?: number;
  decideBy?: DecideBy;
  allowSettingMismatch?: boolean;
  baselinesDir?: string;
  /** Where to find run directories named by baselines measured by kfm (for paired intervals). */
  runsDir?: string;
  seed?: number;
  replicates?: number;
  /** Stage-review dates drawn on the reference timeline. */
  reviews?: string[];
  /** A stage profile (id or file): its date, benchmarks, weights, rule and threshold apply unless given here. */
  stage?: string;
  stagesDir?: string;
  /** Panel scores (0–100) for a stage scorecard. */
  expert?: number;
  user?: number;
}

/** The verdict's settings after defaults and the stage profile, checked. */
export interface VerdictSettings {
  asOf: string;
  window: Window;
  rule: ReferenceRule;
  threshold: number;
  decideBy: DecideBy;
  seed: number;
  replicates: number;
}

const DECIDE_BY: readonly DecideBy[] = ["ratio-of-averages", "mean-of-ratios"];

function settingsFrom(options: VerdictOptions): VerdictSettings {
  const threshold = options.threshold ?? 0.95;
  if (!(threshold > 0 && threshold <= 2)) throw new KfmError("usage", `--threshold expects a ratio such as 0.95, got ${threshold}`);
  const decideBy = options.decideBy ?? "ratio-of-averages";
  if (!DECIDE_BY.includes(decideBy)) throw new KfmError("usage", `--decide-by is ratio-of-averages or mean-of-ratios, got "${decideBy}"`);
  const replicates = options.replicates ?? 2000;
  if (!Number.isInteger(replicates) || replicates < 100) throw new KfmError("usage", `--replicates expects a whole number >= 100, got ${replicates}`);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0) throw new KfmError("usage", `--seed expects a whole number >= 0, got ${seed}`);
  return {
    asOf: options.asOf ? parseDate(options.asOf) : today(),
    window: parseWindow(options.window ?? "6mo"),
    rule: parseReferenceRule(options.reference ?? "best"),
    threshold,
    decideBy,
    seed,
    replicates,
  };
}

async function gatherTeams(options: VerdictOptions, stage: Stage | undefined): Promise<{ teams: TeamInput[]; ignored: string[] }> {
  const teams: TeamInput[] = [];
  for (const dir of options.runDirs ?? []) teams.push(await teamFromRun(dir));
  for (const file of [...(options.scoresFile ? [options.scoresFile] : []), ...(options.scoresFiles ?? [])]) teams.push(...(await teamsFromScores(file)));
  if (teams.length === 0) throw new KfmError("usage", "nothing to judge", { hint: "Pass run directories and/or --scores team.yaml." });
  let ignored: string[] = [];
  let kept = teams;
  if (stage) {
    const wanted = new Set(stage.benchmarks.map((row) => row.benchmark));
    ignored = teams.filter((team) => !wanted.has(team.benchmark)).map((team) => `${team.benchmark} (${team.source})`);
    kept = teams.filter((team) => wanted.has(team.benchmark));
    if (kept.length === 0) throw new KfmError("usage", `none of the inputs is a benchmark of stage ${stage.id}`, { hint: `The stage's benchmarks: ${[...wanted].join(", ")}.` });
  }
  const seen = new Map<string, string>();
  for (const team of kept) {
    const earlier = seen.get(team.benchmark);
    if (earlier) throw new KfmError("usage", `two inputs for benchmark ${team.benchmark}: ${earlier} and ${team.source}`, { hint: "Give one run or score per benchmark." });
    seen.set(team.benchmark, team.source);
  }
  return { teams: kept, ignored };
}

function excludedView(entries: Array<{ entry: BaselineEntry; reason: string }>): ExcludedView[] {
  return entries.map(({ entry, reason }) => ({ model: entry.model, score: entry.score, releaseDate: entry.release_date, reason }));
}

/**
 * The sampling error of a reference formed from published scores: binomial where the item count is
 * known; a mean of k scores has the root of the summed variances over k. Scores without a count
 * are treated as exact, and the text says so.
 */
function publishedError(reference: Reference): { standardError?: number; uncertainty: string } {
  const entries = reference.entries;
  const known = entries.filter((entry) => entry.items !== undefined);
  if (known.length === 0) return { uncertainty: "reference treated as exact: item count unknown" };
  const variance = known.reduce((sum, entry) => sum + binomialStandardError(entry.score / 100, entry.items!) ** 2, 0);
  const standardError = Math.sqrt(variance) / entries.length;
  if (entries.length === 1) return { standardError, uncertainty: `sampling error of the published score over ${known[0]!.items} items` };
  const unknown = entries.filter((entry) => entry.items === undefined).map((entry) => entry.model);
  return {
    standardError,
    uncertainty:
      unknown.length === 0
        ? `sampling error of the ${entries.length} published scores over their items`
        : `sampling error of ${known.length} of the ${entries.length} published scores; ${unknown.join(", ")} treated as exact: item count unknown`,
  };
}

function teamRatioInput(team: TeamInput): RatioInput["team"] {
  if (team.outcomes) return { outcomes: team.outcomes };
  return { fixed: team.fixed!, ...(team.items ? { items: team.items } : {}) };
}

interface Judged {
  row: BenchmarkVerdict;
  input: RatioInput;
  /** Team items behind the interval, when there are any to scale. */
  items?: number;
}

/** One benchmark: its reference in the window, and how the ratio's uncertainty will be drawn. */
async function judgeBenchmark(team: TeamInput, registry: readonly BaselineEntry[], settings: VerdictSettings, options: VerdictOptions): Promise<Judged | BenchmarkVerdict> {
  const { reference, excluded, notes } = referenceFor(team.benchmark, registry, {
    asOf: settings.asOf,
    window: settings.window,
    rule: settings.rule,
    ...(team.setting ? { setting: team.setting } : {}),
    ...(options.allowSettingMismatch ? { allowSettingMismatch: true } : {}),
  });
  const teamScore = team.fixed ?? team.outcomes!.reduce((a, b) => a + b, 0) / team.outcomes!.length;
  const row: BenchmarkVerdict = {
    benchmark: team.benchmark,
    team: {
      score: 100 * teamScore,
      low: 100 * teamScore,
      high: 100 * teamScore,
      ...(team.outcomes ? { items: team.outcomes.length } : team.items ? { items: team.items } : {}),
      source: team.source,
      selfReported: team.fixed !== undefined,
    },
    decision: "NO-REFERENCE",
    excluded: excludedView(excluded),
    notes: [...team.notes],
  };
  if (!reference) {
    row.notes.push(...notes);
    if (settings.rule.kind !== "target") {
      row.notes.push(`no global model released in the window ${windowStart(settings.asOf, settings.window)} < date <= ${settings.asOf} has a ${team.benchmark} score in a matching setting`);
    }
    return row;
  }
  row.notes.push(...reference.notes);
  const single = reference.entries.length === 1 ? reference.entries[0]! : undefined;
  const pairing = single ? await pairWithMeasuredReference(single, team, options.runsDir) : undefined;
  let input: RatioInput;
  let uncertainty: string;
  if (pairing && !("refused" in pairing)) {
    input = { team: { outcomes: pairing.team }, reference: { pairedOutcomes: pairing.reference } };
    uncertainty = `paired bootstrap over ${pairing.team.length} shared items (kfm run ${pairing.run})`;
    if (pairing.team.length < team.outcomes!.length) row.notes.push(`the team score is over the ${pairing.team.length} items both runs answered, of the team's ${team.outcomes!.length}`);
  } else {
    if (pairing) row.notes.push(pairing.refused);
    const published = publishedError(reference);
    input = { team: teamRatioInput(team), reference: { score: reference.score / 100, ...(published.standardError !== undefined ? { standardError: published.standardError } : {}) } };
    uncertainty = published.uncertainty;
  }
  row.reference = {
    score: reference.score,
    low: reference.score,
    high: reference.score,
    rule: formatReferenceRule(settings.rule),
    models: reference.entries.map((entry) => ({ model: entry.model, vendor: entry.vendor, score: entry.score, releaseDate: entry.release_date, citation: entry.citation, ...(entry.items ? { items: entry.items } : {}) })),
    uncertainty,
  };
  const items = "outcomes" in input.team ? input.team.outcomes.length : team.items;
  return { row, input, ...(items ? { items } : {}) };
}

function emptyWindowError(teams: TeamInput[], settings: VerdictSettings, rows: BenchmarkVerdict[]): KfmError {
  const benchmarks = teams.map((team) => team.benchmark).join(", ");
  if (settings.rule.kind === "target") {
    return new KfmError("usage", `the target ${settings.rule.model} has no usable score for ${benchmarks}`, {
      hint: [...new Set(rows.flatMap((row) => row.notes.filter((note) => note.startsWith("the target"))))].join("\n") || "Check the model name with kfm baselines list.",
    });
  }
  return new KfmError("usage", `no global model released in the window ${windowStart(settings.asOf, settings.window)} < date <= ${settings.asOf} has a score for ${benchmarks} in a matching setting`, {
    hint:
      "Add published entries to the registry (kfm baselines validate checks them), measure a global model with kfm and import it " +
      "(kfm baselines import <runDir> --model <name> --release-date <date>), or choose another --as-of date (kfm baselines list shows what each date has)." +
      (rows.some((row) => row.excluded.some((entry) => entry.reason.startsWith("setting differs"))) ? " Entries in another setting were left out: --allow-setting-mismatch lets them in." : ""),
  });
}

/**
 * The moving-target decision: for each benchmark the team's score against the reference formed
 * from global models released in the window, with a seeded bootstrap interval of the ratio, and
 * an overall decision by the configured aggregate. Everything it used is in the report.
 */
export async function verdict(options: VerdictOptions): Promise<VerdictReport> {
  const stage = options.stage ? await loadStage(options.stage, options.stagesDir ?? builtInStagesDir) : undefined;
  if (stage) {
    options = {
      ...options,
      asOf: options.asOf ?? stage.as_of,
      window: options.window ?? stage.window,
      reference: options.reference ?? stage.reference,
      threshold: options.threshold ?? stage.threshold,
      decideBy: options.decideBy ?? stage.decide_by,
    };
  }
  const settings = settingsFrom(options);
  const registry = await loadRegistry(options.baselinesDir ?? builtInBaselinesDir);
  const { teams, ignored } = await gatherTeams(options, stage);

  const benchmarks: BenchmarkVerdict[] = [];
  const judged: Judged[] = [];
  for (const team of teams) {
    const result = await judgeBenchmark(team, registry, settings, options);
    if ("input" in result) {
      judged.push(result);
      benchmarks.push(result.row);
    } else benchmarks.push(result);
  }
  if (judged.length === 0) throw emptyWindowError(teams, settings, benchmarks);

  const weights = judged.map(({ row }) => stage?.benchmarks.find((entry) => entry.benchmark === row.benchmark)?.weight ?? 1);
  const bootstrap = { seed: settings.seed, replicates: settings.replicates, weights };
  const result = ratioBootstrap(judged.map(({ input }) => input), bootstrap);
  judged.forEach(({ row }, index) => {
    const team = result.team[index]!;
    const reference = result.reference[index]!;
    const ratio = result.ratio[index]!;
    row.team = { ...row.team, score: 100 * team.estimate, low: 100 * team.low, high: 100 * team.high };
    row.reference = { ...row.reference!, score: 100 * reference.estimate, low: 100 * reference.low, high: 100 * reference.high };
    row.ratio = { estimate: ratio.estimate, low: ratio.low, high: ratio.high };
    row.decision = decide(ratio.low, ratio.high, settings.threshold);
  });
  const interval = (value: { estimate: number; low: number; high: number }) => ({ estimate: value.estimate, low: value.low, high: value.high });
  const deciding = settings.decideBy === "ratio-of-averages" ? result.ratioOfAverages : result.meanOfRatios;

  const report: VerdictReport = {
    asOf: settings.asOf,
    window: formatWindow(settings.window),
    windowStart: windowStart(settings.asOf, settings.window),
    boundaryRule: BOUNDARY_RULE,
    rule: formatReferenceRule(settings.rule),
    threshold: settings.threshold,
    decideBy: settings.decideBy,
    seed: settings.seed,
    replicates: settings.replicates,
    benchmarks,
    overall: {
      decision: decide(deciding.low, deciding.high, settings.threshold),
      decidedBy: settings.decideBy,
      ratioOfAverages: interval(result.ratioOfAverages),
      meanOfRatios: interval(result.meanOfRatios),
      benchmarks: judged.map(({ row }) => row.benchmark),
    },
    reasons: [],
    timeline: referenceTimeline(teams, registry, settings, options.allowSettingMismatch === true),
    reviews: options.reviews ?? [],
  };
  const overallSettle = settleEstimates(judged, result, bootstrap, report);
  if (stage) report.stage = stageResult(stage, teams, ignored, benchmarks, { ...(options.expert !== undefined ? { expert: options.expert } : {}), ...(options.user !== undefined ? { user: options.user } : {}) });
  report.reasons = explainVerdict(report, overallSettle);
  return report;
}

/** The verdict as the report renderers draw it. */
export function toVerdictView(report: VerdictReport): VerdictView | undefined {
  const deciding = report.decideBy === "ratio-of-averages" ? report.overall.ratioOfAverages : report.overall.meanOfRatios;
  if (!deciding || report.overall.decision === "NO-REFERENCE") return undefined;
  return {
    decision: report.overall.decision,
    threshold: report.threshold,
    asOf: report.asOf,
    windowStart: report.windowStart,
    rule: report.rule,
    method: report.decideBy,
    overall: { ratio: deciding.estimate, interval: [deciding.low, deciding.high], decision: report.overall.decision },
    benchmarks: report.benchmarks
      .filter((row) => row.ratio && row.reference && row.decision !== "NO-REFERENCE")
      .map((row) => ({
        benchmark: row.benchmark,
        teamScore: row.team.score,
        referenceScore: row.reference!.score,
        referenceModels: row.reference!.models.map((model) => model.model),
        ratio: row.ratio!.estimate,
        interval: [row.ratio!.low, row.ratio!.high] as [number, number],
        decision: row.decision as "PASS" | "FAIL" | "INCONCLUSIVE",
        notes: [row.reference!.uncertainty, ...row.notes],
      })),
    timeline: report.timeline,
    reviews: report.reviews,
    reasons: report.reasons,
  };
}
