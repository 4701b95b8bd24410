import { createHash } from "node:crypto";
import { escapeHtml, jsonForScript } from "./escape.js";
import { intervalLabel, percentWithError } from "../spec/format.js";
import { extraMetrics } from "./extra-metrics.js";
import type { ReportInput } from "./report-input.js";
import { overallRow, verdictRows } from "./verdict-rows.js";
import { ITEM_BROWSER_SCRIPT, ITEM_BROWSER_STYLE, itemBrowserMarkup } from "./item-browser.js";
import { historyChart, ratioBars, referenceTimeline, subjectHeatmap } from "./svg-charts.js";

/** The report's styles; the viewer serves the same sheet for a run's page. */
export const REPORT_STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:1100px;margin:0 auto;padding:24px}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px 20px;margin:16px 0;overflow-x:auto}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 12px}
.banner{border-radius:8px;padding:18px 22px;color:#fff;font-size:20px;font-weight:600}
.banner.PASS{background:#1a7f37}.banner.FAIL{background:#cf222e}.banner.INCONCLUSIVE{background:#9a6700}.banner.NONE{background:#57606a}
.banner small{display:block;font-size:13px;font-weight:400;opacity:.9;margin-top:4px}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d8dee4;padding:4px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
table.runs{table-layout:fixed;font-size:12px}table.runs td,table.runs th{overflow-wrap:anywhere;padding:4px 5px}
.chart text{font-size:12px;fill:#1f2328}.chart .tick{font-size:11px;fill:#57606a}.chart .cell{font-size:10px;fill:#fff}.chart .group{font-size:12px;font-weight:600}.chart .axis-title{font-size:11px;fill:#57606a}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:8px;border-radius:6px;margin:4px 0 12px}
${ITEM_BROWSER_STYLE}`;

/** Only kfm's own script may run: the CSP names its hash, so even a missed escape could not execute. */
const SCRIPT_HASH = `sha256-${createHash("sha256").update(ITEM_BROWSER_SCRIPT).digest("base64")}`;

function metadataTable(input: ReportInput): string {
  const rows = input.runs.map(({ manifest, summary }) =>
    [
      summary.runId,
      `${manifest.suite.id} ${manifest.suite.version}`,
      manifest.suite.contentHash.slice(0, 15) + "…",
      `${manifest.endpoint.name} (${manifest.endpoint.adapter}, ${manifest.endpoint.model})`,
      `${summary.status} ${summary.done}/${summary.total}`,
      percentWithError(summary.accuracy, summary.accuracyError),
      percentWithError(summary.macroAccuracy, summary.macroAccuracyError),
      `${summary.counts["no-answer"]} / ${summary.counts.error}`,
      extraMetrics(summary).join("; "),
      `${manifest.kfmVersion}${manifest.gitRevision ? ` @${manifest.gitRevision.slice(0, 8)}` : ""}`,
      `${manifest.startedAt.slice(0, 16)} → ${manifest.endedAt?.slice(0, 16) ?? "?"}`,
    ]
      .map((value, index) => `<td${index >= 5 && index <= 7 ? ' class="num"' : ""}>${escapeHtml(value)}</td>`)
      .join(""),
  );
  return `<table class="runs"><thead><tr>${["run", "suite", "content hash", "endpoint", "status", "accuracy", "macro", "no-answer / error", "other metrics", "kfm", "time"].map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${rows.map((row) => `<tr>${row}</tr>`).join("")}</tbody></table>`;
}

function verdictSection(input: ReportInput): string {
  const { verdict } = input;
  if (!verdict) {
    return `<div class="banner NONE" id="verdict">No verdict<small>${escapeHtml("Run `kfm report --verdict` (or `kfm verdict`) with a baseline registry to decide against the moving target.")}</small></div>`;
  }
  const overall = overallRow(verdict);
  const label = intervalLabel(verdict.level);
  const rows = verdictRows(verdict)
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.benchmark)}</td><td class="num">${row.teamScore.toFixed(1)}</td><td class="num">${row.referenceScore.toFixed(1)}</td><td>${escapeHtml(row.referenceModels.join(", "))}</td><td class="num">${(100 * row.ratio).toFixed(1)}%</td><td class="num">${(100 * row.interval[0]).toFixed(1)}–${(100 * row.interval[1]).toFixed(1)}%</td><td>${escapeHtml(row.decision)}</td><td>${escapeHtml(row.notes.join("; "))}</td></tr>`,
    )
    .join("");
  return `<div class="banner ${escapeHtml(overall.decision)}" id="verdict">Verdict: ${escapeHtml(overall.decision)}<small>${escapeHtml(
    `overall ${(100 * overall.ratio).toFixed(1)}% of the reference (${label} ${(100 * overall.interval[0]).toFixed(1)}–${(100 * overall.interval[1]).toFixed(1)}%), threshold ${(100 * verdict.threshold).toFixed(0)}%, ${verdict.rule}, global models released ${verdict.windowStart} – ${verdict.asOf}, decided by ${verdict.decideBy}`,
  )}</small></div>
<section><h2>Ratio to the reference, per benchmark</h2>${ratioBars(verdict)}
<table><thead><tr><th>benchmark</th><th>team</th><th>reference</th><th>reference model</th><th>ratio</th><th>${escapeHtml(label)}</th><th>decision</th><th>notes</th></tr></thead><tbody>${rows}</tbody></table>
${verdict.reasons.length ? `<ul>${verdict.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join("")}</ul>` : ""}</section>
${verdict.timeline?.length ? `<section><h2>The moving target: reference score over time</h2>${referenceTimeline(verdict)}</section>` : ""}`;
}

/** Where the item browser gets its items: the page's data island, or the viewer's API. */
export interface ReportSectionsOptions {
  itemsApi?: { list: string; item: string };
}

/** The report's content below its title: banners, verdict, charts, runs, subjects, the item browser. */
export function renderReportSections(input: ReportInput, options: ReportSectionsOptions = {}): string {
  const comparisons = (input.comparisons ?? [])
    .map(
      (comparison) =>
        `<p>${escapeHtml(`${comparison.runA.runId} → ${comparison.runB.runId}: ${comparison.overall.differencePoints.toFixed(2)} points (95% interval ${comparison.overall.intervalPoints[0].toFixed(2)} to ${comparison.overall.intervalPoints[1].toFixed(2)}), McNemar p = ${comparison.overall.pValue.toPrecision(2)}${comparison.regression ? `; ${comparison.regression.failed ? "REGRESSION" : "ok"}: ${comparison.regression.reason}` : ""}`)}</p>`,
    )
    .join("");
  return `${input.runs
    .filter((run) => run.summary.endpointChanged)
    .map(
      (run) =>
        `<div class="banner FAIL" id="endpoint-changed">Endpoint changed during run ${escapeHtml(run.summary.runId)}<small>${escapeHtml((run.manifest.identity?.reasons ?? []).join("; "))}</small></div>`,
    )
    .join("")}
${verdictSection(input)}
${comparisons ? `<section><h2>Comparison</h2>${comparisons}</section>` : ""}
${input.history && input.history.length > 1 ? `<section><h2>History</h2>${historyChart(input.history)}</section>` : ""}
<section><h2>Runs</h2>${metadataTable(input)}</section>
<section><h2>Accuracy by subject</h2>${subjectHeatmap(input.runs)}</section>
<section><h2>Items</h2>${itemBrowserMarkup(options.itemsApi)}</section>`;
}

/** One self-contained HTML file: no network, no external assets; all model output escaped. */
export function renderHtml(input: ReportInput): string {
  const items = input.runs.flatMap((run) => (run.items ?? []).map((item) => ({ run: run.summary.runId, ...item })));
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src '${SCRIPT_HASH}'; img-src data:">
<title>${escapeHtml(input.title)}</title><style>${REPORT_STYLE}</style></head>
<body><main>
<h1>${escapeHtml(input.title)}</h1><p>${escapeHtml(`kfm ${input.kfmVersion} · generated ${input.generatedAt}`)}</p>
${renderReportSections(input)}
</main>
<script type="application/json" id="kfm-items">${jsonForScript(items)}</script>
<script>${ITEM_BROWSER_SCRIPT}</script>
</body></html>
`;
}
