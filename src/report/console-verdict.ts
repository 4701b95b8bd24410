import Table from "cli-table3";
import { intervalLabel, percent, percentSpan } from "../spec/format.js";
import type { Verdict } from "../spec/verdict.js";

/** The verdict for a terminal: a banner with the decision, the per-benchmark table, the reasons. */
export function renderVerdict(report: Verdict): string {
  const lines: string[] = [];
  const registry = report.registry;
  lines.push(
    `VERDICT: ${report.overall.decision}  (threshold ${percent(report.threshold)} of the reference; rule ${report.rule}; global models released ${report.windowStart} < date <= ${report.asOf}; decided by ${report.decideBy})`,
  );
  const table = new Table({
    head: ["benchmark", "team", "reference", "reference model (released)", "ratio", intervalLabel(report.level), "decision"],
    colAligns: ["left", "right", "right", "left", "right", "right", "left"],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [null, null, null, 40, null, null, null] as unknown as number[],
  });
  for (const row of report.benchmarks) {
    table.push([
      row.benchmark,
      `${row.team.estimate.toFixed(1)}${row.team.selfReported ? " (self)" : ""}`,
      row.reference ? row.reference.estimate.toFixed(1) : "-",
      row.reference
        ? row.reference.models.map((model) => `${model.model} (${model.releaseDate}, ${model.provenance})`).join(", ")
        : "none in window",
      row.ratio ? percent(row.ratio.estimate) : "-",
      row.ratio ? `${percent(row.ratio.low)}–${percent(row.ratio.high)}` : "-",
      row.decision + (row.capped ? ` (interval: ${row.capped.from})` : "") + (row.itemsToSettle ? ` (~${row.itemsToSettle} items)` : ""),
    ]);
  }
  lines.push(table.toString());
  if (registry) {
    lines.push(
      `registry: ${registry.reviewedThrough ? `reviewed through ${registry.reviewedThrough}` : "no review date"}` +
        (registry.daysPastReview
          ? `, ${registry.daysPastReview} days before the as-of date${registry.stale ? ` (STALE: more than ${registry.maxAge})` : ""}`
          : "") +
        `; ${registry.calendar ? "release calendar checked" : "no release calendar: completeness unknown"}; scores of provenance ${registry.minProvenance} or stronger`,
    );
  }
  const { ratioOfAverages, meanOfRatios } = report.overall;
  if (ratioOfAverages && meanOfRatios) {
    lines.push(
      `overall: ratio of averages ${percentSpan(ratioOfAverages)}${report.decideBy === "ratio-of-averages" ? " (decides)" : ""}; ` +
        `mean of ratios ${percentSpan(meanOfRatios)}${report.decideBy === "mean-of-ratios" ? " (decides)" : ""}`,
    );
  }
  if (report.stage) {
    lines.push(`stage ${report.stage.id}: ${report.stage.title}`);
    if (report.stage.missing.length) lines.push(`  not evaluated (0 points): ${report.stage.missing.join(", ")}`);
    if (report.stage.ignored.length) lines.push(`  not part of the stage, left out: ${report.stage.ignored.join(", ")}`);
    const card = report.stage.scorecard;
    if (card) {
      lines.push(
        `  scorecard: benchmarks ${card.benchmarkPoints.toFixed(1)}/${card.points.benchmarks}` +
          (card.expertPoints !== undefined
            ? `, expert ${card.expertPoints.toFixed(1)}/${card.points.expert}`
            : `, expert -/${card.points.expert} (pass --expert)`) +
          (card.userPoints !== undefined
            ? `, user ${card.userPoints.toFixed(1)}/${card.points.user}`
            : `, user -/${card.points.user} (pass --user)`) +
          ` = ${card.total.toFixed(1)} of ${card.maximum}`,
      );
      if (card.panelsMissing.length)
        lines.push(
          `  panels missing (${card.panelsMissing.join(", ")}): the total counts the benchmark part, ${card.benchmarkPoints.toFixed(1)} / ${card.points.benchmarks}, and the panels given only`,
        );
    }
  }
  for (const row of report.benchmarks) {
    const notes = [
      ...(row.reference ? [row.reference.uncertainty.text ?? row.reference.uncertainty.kind] : []),
      ...row.notes.map((note) => note.text ?? note.kind),
    ];
    if (notes.length) lines.push(`${row.benchmark}: ${notes.join("; ")}`);
    if (row.excluded.length)
      lines.push(
        `  left out: ${row.excluded.map((entry) => `${entry.model} ${entry.score} (${entry.reason.text ?? entry.reason.kind})`).join("; ")}`,
      );
  }
  return lines.join("\n");
}

/** What the console shows under the table: the reasons, and the rule that drew the window. */
export function verdictFooter(report: Verdict): string {
  return [
    `why (${report.decideBy} decides; seed ${report.seed}, ${report.replicates} bootstrap replicates, ${intervalLabel(report.level)}s):`,
    ...report.reasons.map((reason) => `  - ${reason}`),
    `window: ${report.boundaryRule}.`,
  ].join("\n");
}
