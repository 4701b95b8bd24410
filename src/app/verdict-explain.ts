import { itemsToSettle } from "../baseline/decision.js";
import { referenceFor } from "../baseline/reference.js";
import type { BaselineEntry } from "../baseline/registry.js";
import { scorecard, type Stage } from "../baseline/stage.js";
import type { BenchmarkVerdict, StageResult, VerdictReport } from "../spec/verdict.js";
import { ratioBootstrap, type RatioBootstrapOptions, type RatioBootstrapResult, type RatioInput } from "../stats/ratio-bootstrap.js";
import type { TeamInput } from "./verdict-inputs.js";
import type { VerdictSettings } from "./verdict.js";

const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
const span = (value: { estimate: number; low: number; high: number }) => `${percent(value.estimate)} [${percent(value.low)}, ${percent(value.high)}]`;

/** The half-width on the side of the interval that faces the threshold. */
function facingHalfWidth(value: { estimate: number; low: number; high: number }, threshold: number): number {
  return value.estimate >= threshold ? value.estimate - value.low : value.high - value.estimate;
}

/**
 * For INCONCLUSIVE benchmarks (and overall), how many team items would settle it. The part of the
 * interval that more team items cannot shrink, the published references' own sampling error, is
 * measured by the same bootstrap with the team held at its estimate.
 * Sets `itemsToSettle` (items in all) and a note per benchmark; returns the overall sentence.
 */
export function settleEstimates(
  judged: ReadonlyArray<{ row: BenchmarkVerdict; input: RatioInput; items?: number }>,
  result: RatioBootstrapResult,
  options: RatioBootstrapOptions,
  report: VerdictReport,
): string | undefined {
  const threshold = report.threshold;
  const undecided = judged.some(({ row }) => row.decision === "INCONCLUSIVE") || report.overall.decision === "INCONCLUSIVE";
  if (!undecided) return undefined;
  const referenceOnly = ratioBootstrap(
    judged.map(({ input }, index) => ({
      team: { fixed: result.team[index]!.estimate },
      // A paired reference shrinks with the team's items, so none of it is fixed.
      reference: "pairedOutcomes" in input.reference ? { score: result.reference[index]!.estimate } : input.reference,
    })),
    options,
  );
  judged.forEach(({ row, items }, index) => {
    if (row.decision !== "INCONCLUSIVE" || !row.ratio) return;
    if (!items) {
      row.notes.push("self-reported without an item count: no estimate of the items that would settle it");
      return;
    }
    const settle = itemsToSettle({ ...row.ratio, threshold, items, fixedHalfWidth: facingHalfWidth(referenceOnly.ratio[index]!, threshold) });
    if ("reason" in settle) row.notes.push(`INCONCLUSIVE: ${settle.reason}`);
    else {
      row.itemsToSettle = settle.items;
      row.notes.push(`about ${settle.more} more items (${settle.items} in all) would settle it, if the ratio held`);
    }
  });
  // With one benchmark the overall interval is that benchmark's, and its note already says it.
  if (report.overall.decision !== "INCONCLUSIVE" || judged.length === 1) return undefined;
  const deciding = report.decideBy === "ratio-of-averages" ? report.overall.ratioOfAverages! : report.overall.meanOfRatios!;
  const fixed = report.decideBy === "ratio-of-averages" ? referenceOnly.ratioOfAverages : referenceOnly.meanOfRatios;
  const total = judged.reduce((sum, { items }) => sum + (items ?? 0), 0);
  if (total === 0) return "overall: self-reported scores without item counts; no estimate of the items that would settle it";
  const settle = itemsToSettle({ ...deciding, threshold, items: total, fixedHalfWidth: facingHalfWidth(fixed, threshold) });
  if ("reason" in settle) return `overall INCONCLUSIVE: ${settle.reason}`;
  return `overall: about ${settle.more} more team items across the benchmarks (${(settle.items / total).toFixed(1)}x the ${total} judged) would settle it, if the ratios held`;
}

/** The reasons a reader needs, one line each: per benchmark, then overall, then what is missing. */
export function explainVerdict(report: VerdictReport, overallSettle: string | undefined): string[] {
  const reasons: string[] = [];
  for (const row of report.benchmarks) {
    if (!row.ratio || !row.reference) {
      const why = row.notes.find((note) => note.startsWith("no global model") || note.startsWith("the target"));
      reasons.push(`${row.benchmark}: no reference${why ? `: ${why}` : ""} (not counted)`);
      continue;
    }
    const models = row.reference.models.map((model) => `${model.model} (${model.releaseDate})`).join(", ");
    const more = row.notes.find((note) => note.startsWith("about ") && note.endsWith("would settle it, if the ratio held"));
    const unsettled = row.notes.find((note) => note.startsWith("INCONCLUSIVE: "));
    reasons.push(
      `${row.benchmark}: ${row.team.score.toFixed(1)} vs ${row.reference.score.toFixed(1)} of ${models} = ${span(row.ratio)} -> ${row.decision}` +
        (more ? ` (${more.replace(", if the ratio held", "")})` : "") +
        (unsettled ? ` (${unsettled.slice("INCONCLUSIVE: ".length)})` : "") +
        (row.team.selfReported && row.team.items === undefined ? " (self-reported, no item-level interval)" : ""),
    );
  }
  const { ratioOfAverages, meanOfRatios } = report.overall;
  if (ratioOfAverages && meanOfRatios) {
    const deciding = report.decideBy === "ratio-of-averages" ? ratioOfAverages : meanOfRatios;
    const other = report.decideBy === "ratio-of-averages" ? `mean of ratios ${span(meanOfRatios)}` : `ratio of averages ${span(ratioOfAverages)}`;
    reasons.push(`overall (${report.decideBy}, decides): ${span(deciding)} against ${percent(report.threshold)} -> ${report.overall.decision}; ${other}`);
  }
  if (overallSettle) reasons.push(overallSettle);
  if (report.stage?.missing.length) reasons.push(`stage ${report.stage.id}: no team score for ${report.stage.missing.join(", ")} (0 points each)`);
  return reasons;
}

/** Month ends from `months` months before `asOf` up to `asOf`. */
function monthEnds(asOf: string, months: number): string[] {
  const end = new Date(`${asOf}T00:00:00Z`);
  const dates: string[] = [];
  for (let back = months; back >= 1; back--) dates.push(new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - back + 1, 0)).toISOString().slice(0, 10));
  dates.push(asOf);
  return dates;
}

/** The moving target, month by month: what the same rule would have chosen on each date. */
export function referenceTimeline(teams: readonly TeamInput[], registry: readonly BaselineEntry[], settings: VerdictSettings, allowSettingMismatch: boolean): VerdictReport["timeline"] {
  const timeline: VerdictReport["timeline"] = [];
  for (const date of monthEnds(settings.asOf, 18)) {
    for (const team of teams) {
      const { reference } = referenceFor(team.benchmark, registry, {
        asOf: date,
        window: settings.window,
        rule: settings.rule,
        ...(team.setting ? { setting: team.setting } : {}),
        ...(allowSettingMismatch ? { allowSettingMismatch: true } : {}),
      });
      timeline.push({
        date,
        benchmark: team.benchmark,
        reference: reference ? Number(reference.score.toFixed(2)) : null,
        ...(reference ? { model: reference.entries.map((entry) => entry.model).join(", ") } : {}),
      });
    }
  }
  return timeline;
}

/** A stage review's part of the report: what is missing or left out, and the scorecard. */
export function stageResult(stage: Stage, teams: readonly TeamInput[], ignored: string[], benchmarks: readonly BenchmarkVerdict[], panel: { expert?: number; user?: number }): StageResult {
  const result: StageResult = {
    id: stage.id,
    title: stage.title,
    file: stage.file,
    missing: stage.benchmarks.map((row) => row.benchmark).filter((name) => !teams.some((team) => team.benchmark === name)),
    ignored,
  };
  if (stage.scorecard) {
    const card = scorecard({
      benchmarks: stage.benchmarks.map((row) => {
        const ratio = benchmarks.find((candidate) => candidate.benchmark === row.benchmark)?.ratio?.estimate;
        return { benchmark: row.benchmark, weight: row.weight, ...(ratio !== undefined ? { ratio } : {}) };
      }),
      points: stage.scorecard,
      ...panel,
    });
    result.scorecard = {
      benchmarkPoints: card.benchmarkPoints,
      ...(card.expertPoints !== undefined ? { expertPoints: card.expertPoints } : {}),
      ...(card.userPoints !== undefined ? { userPoints: card.userPoints } : {}),
      total: card.total,
      maximum: card.maximum,
      points: stage.scorecard,
    };
  }
  return result;
}

/** What the console shows under the table: the reasons, and the rule that drew the window. */
export function verdictFooter(report: VerdictReport): string {
  return [
    `why (${report.decideBy} decides; seed ${report.seed}, ${report.replicates} bootstrap replicates):`,
    ...report.reasons.map((reason) => `  - ${reason}`),
    `window: ${report.boundaryRule}.`,
  ].join("\n");
}
