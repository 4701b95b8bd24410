import type { Calendar } from "../baseline/calendar.js";
import { reviewNote } from "../baseline/completeness.js";
import { formatReferenceRule } from "../baseline/reference.js";
import type { BaselineEntry } from "../baseline/registry.js";
import type { Stage } from "../baseline/stage.js";
import { BOUNDARY_RULE, formatWindow, windowStart } from "../baseline/window.js";
import { KfmError } from "../spec/errors.js";
import type { BenchmarkVerdict, Interval, RegistryState, Verdict, VerdictNote, VerdictSettings } from "../spec/verdict.js";
import { ratioBootstrap } from "../stats/ratio-bootstrap.js";
import { capDecision, capOverall } from "./blocking.js";
import { decide } from "./decision.js";
import { judgeBenchmark, type Judged, type PairReference } from "./judge-benchmark.js";
import { settleEstimates } from "./settle.js";
import { stageResult } from "./stage-result.js";
import type { TeamInput } from "./team-input.js";
import { referenceTimeline } from "./timeline.js";

export interface DecideInput {
  teams: readonly TeamInput[];
  registry: readonly BaselineEntry[];
  /** The registry's release calendar and review date; without one, completeness is unknown (noted, not held against a PASS). */
  calendar?: Calendar;
  settings: VerdictSettings;
  pair: PairReference;
  allowSettingMismatch?: boolean;
  stage?: { profile: Stage; ignored: string[]; expert?: number; user?: number };
  reviews?: string[];
}

const interval = (value: Interval): Interval => ({ estimate: value.estimate, low: value.low, high: value.high });

/** The reason there is nothing to decide on, as the error the user sees (exit 2). */
function emptyWindowError(teams: readonly TeamInput[], settings: VerdictSettings, rows: readonly BenchmarkVerdict[]): KfmError {
  const benchmarks = teams.map((team) => team.benchmark).join(", ");
  if (settings.rule.kind === "target") {
    const missing = rows.flatMap((row) => row.notes.filter((note) => note.kind === "target-missing"));
    const known = [...new Set(missing.flatMap((note) => note.known))];
    return new KfmError("usage", `the target ${settings.rule.model} has no usable score for ${benchmarks}`, {
      hint: known.length
        ? `The registry has ${benchmarks} scores for: ${known.join(", ")}.`
        : "Check the model name with kfm baselines list.",
    });
  }
  const settingExcluded = rows.some((row) => row.excluded.some((entry) => entry.reason.kind === "setting-differs"));
  return new KfmError(
    "usage",
    `no global model released in the window ${windowStart(settings.asOf, settings.window)} < date <= ${settings.asOf} has a score for ${benchmarks} in a matching setting`,
    {
      hint:
        "Add published entries to the registry (kfm baselines validate checks them), measure a global model with kfm and import it " +
        "(kfm baselines import <runDir> --model <name> --release-date <date>), or choose another --as-of date (kfm baselines list shows what each date has)." +
        (settingExcluded ? " Entries in another setting were left out: --allow-setting-mismatch lets them in." : ""),
    },
  );
}

/**
 * The moving-target decision: for each benchmark the team's score against the reference formed
 * from global models released in the window, with a seeded bootstrap interval of the ratio, and
 * an overall decision by the configured aggregate. Reasons are data; `explainVerdict` words them.
 */
export async function decideVerdict(input: DecideInput): Promise<Verdict> {
  const { teams, registry, settings, stage } = input;
  const review = input.calendar ? reviewNote(input.calendar, settings.asOf, settings.maxRegistryAge) : undefined;
  const benchmarks: BenchmarkVerdict[] = [];
  const judged: Judged[] = [];
  for (const team of teams) {
    const result = await judgeBenchmark(team, registry, settings, {
      pair: input.pair,
      ...(input.allowSettingMismatch ? { allowSettingMismatch: true } : {}),
      ...(input.calendar ? { calendar: input.calendar } : {}),
      ...(review ? { registryNotes: [review] } : {}),
    });
    if ("input" in result) {
      judged.push(result);
      benchmarks.push(result.row);
    } else benchmarks.push(result);
  }
  const undecidable = benchmarks.some((row) => !row.reference && capDecision(row.decision, row.notes, settings.rule).capped);
  if (judged.length === 0 && !undecidable) throw emptyWindowError(teams, settings, benchmarks);

  const verdict: Verdict = {
    asOf: settings.asOf,
    window: formatWindow(settings.window),
    windowStart: windowStart(settings.asOf, settings.window),
    boundaryRule: BOUNDARY_RULE,
    rule: formatReferenceRule(settings.rule),
    threshold: settings.threshold,
    decideBy: settings.decideBy,
    seed: settings.seed,
    replicates: settings.replicates,
    level: settings.level,
    benchmarks,
    overall: { decision: "INCONCLUSIVE", decidedBy: settings.decideBy, benchmarks: judged.map(({ row }) => row.benchmark) },
    registry: { ...registryState(input.calendar, review, settings), ...(stage?.profile.vendors ? { vendors: stage.profile.vendors } : {}) },
    reasons: [],
    timeline: referenceTimeline(teams, registry, settings, input.allowSettingMismatch === true),
    reviews: input.reviews ?? [],
  };
  const intervalDecision = judged.length > 0 ? decideByInterval(judged, verdict, settings, stage) : "NO-REFERENCE";
  for (const row of benchmarks) {
    const capped = capDecision(row.decision, row.notes, settings.rule);
    row.decision = capped.decision;
    if (capped.capped) row.capped = capped.capped;
  }
  const overall = capOverall(intervalDecision, benchmarks, settings.rule);
  verdict.overall.decision = overall.decision;
  if (overall.capped) verdict.overall.capped = overall.capped;
  if (stage) {
    const panel = {
      ...(stage.expert !== undefined ? { expert: stage.expert } : {}),
      ...(stage.user !== undefined ? { user: stage.user } : {}),
    };
    verdict.stage = stageResult(stage.profile, teams, stage.ignored, benchmarks, panel);
  }
  return verdict;
}

/** The decisions the intervals reach, each benchmark's and overall, with the items that would settle them. */
function decideByInterval(
  judged: readonly Judged[],
  verdict: Verdict,
  settings: VerdictSettings,
  stage: DecideInput["stage"],
): Verdict["overall"]["decision"] {
  const weights = judged.map(({ row }) => stage?.profile.benchmarks.find((entry) => entry.benchmark === row.benchmark)?.weight ?? 1);
  const bootstrap = { seed: settings.seed, replicates: settings.replicates, level: settings.level, weights };
  const result = ratioBootstrap(
    judged.map(({ input: ratioInput }) => ratioInput),
    bootstrap,
  );
  judged.forEach(({ row }, index) => {
    const scale = (value: Interval) => ({ estimate: 100 * value.estimate, low: 100 * value.low, high: 100 * value.high });
    row.team = { ...row.team, ...scale(result.team[index]!) };
    row.reference = { ...row.reference!, ...scale(result.reference[index]!) };
    row.ratio = interval(result.ratio[index]!);
    row.decision = decide(row.ratio.low, row.ratio.high, settings.threshold);
  });
  const deciding = settings.decideBy === "ratio-of-averages" ? result.ratioOfAverages : result.meanOfRatios;
  verdict.overall.decision = decide(deciding.low, deciding.high, settings.threshold);
  verdict.overall.ratioOfAverages = interval(result.ratioOfAverages);
  verdict.overall.meanOfRatios = interval(result.meanOfRatios);
  const settle = settleEstimates(judged, result, bootstrap, verdict);
  if (settle) verdict.overall.settle = settle;
  return verdict.overall.decision;
}

function registryState(calendar: Calendar | undefined, review: VerdictNote | undefined, settings: VerdictSettings): RegistryState {
  return {
    ...(calendar ? { reviewedThrough: calendar.reviewedThrough } : {}),
    ...(review && "days" in review ? { daysPastReview: review.days } : {}),
    stale: review?.kind === "registry-stale",
    maxAge: formatWindow(settings.maxRegistryAge),
    calendar: calendar !== undefined,
    minProvenance: settings.minProvenance,
  };
}
