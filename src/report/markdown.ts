import { failingTestsMarkdown } from "./code-tests-report.js";
import { extraMetrics } from "./extra-metrics.js";
import { intervalLabel, percent, percentWithError } from "../spec/format.js";
import type { ReportInput } from "./report-input.js";
import { overallRow, verdictRows } from "./verdict-rows.js";

/** Markdown cells: pipes and newlines would break the table. */
function cell(value: unknown): string {
  return String(value ?? "")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ");
}

/** The report as GitHub-flavoured Markdown (PR comments, `$GITHUB_STEP_SUMMARY`). */
export function renderMarkdown(input: ReportInput): string {
  const lines: string[] = [`# ${cell(input.title)}`, ""];
  const { verdict } = input;
  if (verdict) {
    const decision = verdict.overall.decision;
    const overall = overallRow(verdict);
    const label = intervalLabel(verdict.level);
    const icon = decision === "PASS" ? "✅" : decision === "FAIL" ? "❌" : "⚠️";
    lines.push(
      `## ${icon} Verdict: **${decision}**`,
      "",
      `Threshold ${percent(verdict.threshold)} of the reference (${cell(verdict.rule)}), global models released ${verdict.windowStart} – ${verdict.asOf}; decided by ${cell(verdict.decideBy)}.`,
      "",
      `Overall ratio **${percent(overall.ratio)}** (${label} ${percent(overall.interval[0])} – ${percent(overall.interval[1])}).`,
      "",
      `| benchmark | team | reference | reference model | ratio | ${label} | decision |`,
      "|---|---:|---:|---|---:|---|---|",
      ...verdictRows(verdict).map(
        (row) =>
          `| ${cell(row.benchmark)} | ${row.teamScore.toFixed(1)} | ${row.referenceScore.toFixed(1)} | ${cell(row.referenceModels.join(", "))} | ${percent(row.ratio)} | ${percent(row.interval[0])} – ${percent(row.interval[1])} | ${row.decision} |`,
      ),
      "",
    );
    if (verdict.reasons.length > 0) lines.push(...verdict.reasons.map((reason) => `- ${cell(reason)}`), "");
  }
  lines.push(
    "## Runs",
    "",
    "| run | suite | model | status | items | accuracy | macro | no-answer | errors |",
    "|---|---|---|---|---:|---:|---:|---:|---:|",
  );
  for (const { summary } of input.runs) {
    lines.push(
      `| ${cell(summary.runId)} | ${cell(summary.suite.id)} | ${cell(summary.endpoint.model)} | ${summary.status} | ${summary.done}/${summary.total} | ${percentWithError(summary.accuracy, summary.accuracyError)} | ${percentWithError(summary.macroAccuracy, summary.macroAccuracyError)} | ${percent(summary.noAnswerRate)} | ${summary.counts.error} |`,
    );
  }
  lines.push("");
  for (const { summary } of input.runs) {
    const groups = Object.entries(summary.bySupercategory);
    if (groups.length === 0) continue;
    lines.push(
      `### ${cell(summary.suite.id)} by supercategory (${cell(summary.runId)})`,
      "",
      "| supercategory | items | accuracy |",
      "|---|---:|---:|",
    );
    for (const [name, metrics] of groups)
      lines.push(`| ${cell(name)} | ${metrics.total} | ${percentWithError(metrics.accuracy, metrics.error)} |`);
    lines.push("");
  }
  for (const { summary } of input.runs) {
    const extra = extraMetrics(summary);
    if (extra.length > 0) lines.push(`**${cell(summary.runId)}**: ${extra.map(cell).join("; ")}`, "");
    if (summary.codeTests) lines.push(...failingTestsMarkdown(summary.codeTests, cell));
    if (summary.judged) {
      lines.push(
        `### ${cell(summary.suite.id)} by category, mean rating / ${summary.judged.scale} (${cell(summary.runId)})`,
        "",
        "| category | mean |",
        "|---|---:|",
      );
      for (const [category, mean] of Object.entries(summary.judged.byCategory)) lines.push(`| ${cell(category)} | ${mean.toFixed(2)} |`);
      lines.push("");
    }
  }
  for (const comparison of input.comparisons ?? []) {
    const overall = comparison.overall;
    lines.push(
      `## Comparison: ${cell(comparison.runA.runId)} → ${cell(comparison.runB.runId)}`,
      "",
      `${comparison.shared} shared items; B − A = **${overall.differencePoints.toFixed(2)} points** (95% interval ${overall.intervalPoints[0].toFixed(2)} to ${overall.intervalPoints[1].toFixed(2)}), McNemar p = ${overall.pValue.toPrecision(2)}.`,
      "",
    );
    if (comparison.regression)
      lines.push(`${comparison.regression.failed ? "❌ **Regression**" : "✅ ok"}: ${cell(comparison.regression.reason)}`, "");
  }
  lines.push(`<sub>kfm ${cell(input.kfmVersion)}, ${input.generatedAt}</sub>`, "");
  return lines.join("\n");
}
