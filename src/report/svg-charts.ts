import { percentWithError } from "../spec/format.js";
import { escapeHtml } from "./escape.js";
import type { TimelinePoint, Verdict } from "../spec/verdict.js";
import type { RunReportEntry } from "./report-input.js";
import { overallRow, verdictRows } from "./verdict-rows.js";

/**
 * Charts as generated SVG: no script, no network, nothing to inline, and every label passes
 * through escapeHtml. A charting library would add ~200 KB of JavaScript to a file that must
 * open offline in a committee room years from now.
 */
const WIDTH = 760;

function color(decision: string): string {
  return decision === "PASS" ? "#1a7f37" : decision === "FAIL" ? "#cf222e" : "#9a6700";
}

/** Horizontal bars of team/reference ratio per benchmark, the interval as a whisker, the threshold as a line. */
export function ratioBars(verdict: Verdict): string {
  const rows = [...verdictRows(verdict), { benchmark: "overall", ...overallRow(verdict) }];
  const left = 170;
  const barHeight = 22;
  const gap = 12;
  const height = rows.length * (barHeight + gap) + 40;
  const max = Math.max(1.2, ...rows.map((row) => row.interval[1] + 0.05));
  const x = (ratio: number) => left + ((WIDTH - left - 20) * Math.max(0, ratio)) / max;
  const parts = rows.map((row, index) => {
    const y = 10 + index * (barHeight + gap);
    const mid = y + barHeight / 2;
    return [
      `<text x="${left - 8}" y="${mid + 4}" text-anchor="end" class="label">${escapeHtml(row.benchmark)}</text>`,
      `<rect x="${left}" y="${y}" width="${(x(row.ratio) - left).toFixed(1)}" height="${barHeight}" fill="${color(row.decision)}" opacity="0.75"><title>${escapeHtml(`${row.benchmark}: ${(100 * row.ratio).toFixed(1)}%`)}</title></rect>`,
      `<line x1="${x(row.interval[0]).toFixed(1)}" x2="${x(row.interval[1]).toFixed(1)}" y1="${mid}" y2="${mid}" stroke="#24292f" stroke-width="2" class="interval"/>`,
      `<line x1="${x(row.interval[0]).toFixed(1)}" x2="${x(row.interval[0]).toFixed(1)}" y1="${mid - 5}" y2="${mid + 5}" stroke="#24292f" stroke-width="2"/>`,
      `<line x1="${x(row.interval[1]).toFixed(1)}" x2="${x(row.interval[1]).toFixed(1)}" y1="${mid - 5}" y2="${mid + 5}" stroke="#24292f" stroke-width="2"/>`,
      `<text x="${(x(row.interval[1]) + 6).toFixed(1)}" y="${mid + 4}" class="value">${(100 * row.ratio).toFixed(1)}%</text>`,
    ].join("");
  });
  const threshold = x(verdict.threshold);
  return `<svg class="chart" id="ratio-bars" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="ratio to reference per benchmark">${parts.join("")}<line x1="${threshold}" x2="${threshold}" y1="0" y2="${height - 24}" stroke="#0969da" stroke-dasharray="4 3" stroke-width="2" class="threshold"/><text x="${threshold}" y="${height - 8}" text-anchor="middle" class="label">${(100 * verdict.threshold).toFixed(0)}% threshold</text></svg>`;
}

/** The moving target: the reference score per benchmark month by month, with stage-review dates. */
export function referenceTimeline(verdict: Verdict): string {
  const points = (verdict.timeline ?? []).filter((point) => point.reference !== null);
  if (points.length === 0) return "";
  const dates = [...new Set((verdict.timeline ?? []).map((point) => point.date))].sort();
  const benchmarks = [...new Set(points.map((point) => point.benchmark))];
  const height = 260;
  const left = 50;
  const bottom = height - 40;
  const values = points.map((point) => point.reference!);
  const low = Math.max(0, Math.floor(Math.min(...values) / 10) * 10 - 5);
  const high = Math.min(100, Math.ceil(Math.max(...values) / 10) * 10 + 5);
  const x = (date: string) => left + ((WIDTH - left - 150) * dates.indexOf(date)) / Math.max(1, dates.length - 1);
  const y = (value: number) => bottom - ((bottom - 20) * (value - low)) / Math.max(1, high - low);
  const palette = ["#0969da", "#8250df", "#bf3989", "#1a7f37", "#9a6700", "#cf222e", "#57606a"];
  const lines = benchmarks.map((benchmark, index) => {
    const series = points.filter((point) => point.benchmark === benchmark).sort((a, b) => a.date.localeCompare(b.date));
    const path = series
      .map((point, step) => `${step === 0 ? "M" : "L"}${x(point.date).toFixed(1)},${y(point.reference!).toFixed(1)}`)
      .join(" ");
    const last = series.at(-1)!;
    // A month where the bar fell only because models aged out is ringed: the registry needs newer entries.
    const dot = (point: TimelinePoint) =>
      point.fellByAgeing
        ? ` r="5" stroke="#cf222e" stroke-width="2" class="fell-by-ageing"><title>${escapeHtml(`${point.date} ${benchmark}: ${point.reference} (${point.model ?? ""}); fell from ${point.fellByAgeing.previous} by ageing alone: ${point.fellByAgeing.agedOut.join(", ")} aged out, nothing newer`)}</title>`
        : ` r="3"><title>${escapeHtml(`${point.date} ${benchmark}: ${point.reference} (${point.model ?? ""})`)}</title>`;
    const dots = series
      .map(
        (point) =>
          `<circle cx="${x(point.date).toFixed(1)}" cy="${y(point.reference!).toFixed(1)}" fill="${palette[index % palette.length]}"${dot(point)}</circle>`,
      )
      .join("");
    return `<path d="${path}" fill="none" stroke="${palette[index % palette.length]}" stroke-width="2"/>${dots}<text x="${(x(last.date) + 8).toFixed(1)}" y="${(y(last.reference!) + 4).toFixed(1)}" class="label">${escapeHtml(benchmark)}</text>`;
  });
  const reviews = (verdict.reviews ?? [])
    .filter((date) => date >= dates[0]! && date <= dates.at(-1)!)
    .map((date) => {
      const position = dates.findIndex((candidate) => candidate >= date);
      const rx = x(dates[Math.max(0, position)]!);
      return `<line x1="${rx}" x2="${rx}" y1="10" y2="${bottom}" stroke="#cf222e" stroke-dasharray="3 3"/><text x="${rx}" y="${bottom + 30}" text-anchor="middle" class="label">review ${escapeHtml(date)}</text>`;
    });
  const ticks = dates
    .filter((_, index) => index % Math.ceil(dates.length / 8) === 0)
    .map(
      (date) =>
        `<text x="${x(date).toFixed(1)}" y="${bottom + 16}" text-anchor="middle" class="tick">${escapeHtml(date.slice(0, 7))}</text>`,
    );
  const axis = [low, (low + high) / 2, high].map(
    (value) => `<text x="${left - 6}" y="${y(value) + 4}" text-anchor="end" class="tick">${value.toFixed(0)}</text>`,
  );
  return `<svg class="chart" id="reference-timeline" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="reference score over time"><line x1="${left}" x2="${left}" y1="10" y2="${bottom}" stroke="#8c959f"/><line x1="${left}" x2="${WIDTH - 150}" y1="${bottom}" y2="${bottom}" stroke="#8c959f"/>${axis.join("")}${ticks.join("")}${reviews.join("")}${lines.join("")}</svg>`;
}

function heat(accuracy: number): string {
  // Red (0%) through yellow to green (100%).
  const hue = Math.round(120 * Math.max(0, Math.min(1, accuracy)));
  return `hsl(${hue}, 65%, 45%)`;
}

/** Subjects × runs, coloured by accuracy: where a model loses. */
export function subjectHeatmap(runs: RunReportEntry[]): string {
  const subjects = [...new Set(runs.flatMap((run) => Object.keys(run.summary.bySubject)))].sort();
  if (subjects.length === 0) return "";
  const cell = 26;
  const left = 290;
  const top = 110;
  const height = top + subjects.length * (cell - 8) + 20;
  const width = left + runs.length * cell * 3 + 20;
  const headers = runs.map(
    (run, column) =>
      `<text transform="translate(${left + column * cell * 3 + cell * 1.5},${top - 8}) rotate(-35)" class="tick">${escapeHtml(run.summary.endpoint.model)} · ${escapeHtml(run.summary.suite.id)}</text>`,
  );
  const rows = subjects.map((subject, row) => {
    const y = top + row * (cell - 8);
    const cells = runs.map((run, column) => {
      const metrics = run.summary.bySubject[subject];
      if (!metrics) return "";
      return `<rect x="${left + column * cell * 3}" y="${y}" width="${cell * 3 - 2}" height="${cell - 10}" fill="${heat(metrics.accuracy)}"><title>${escapeHtml(`${subject}: ${percentWithError(metrics.accuracy, metrics.error)} of ${metrics.total}`)}</title></rect><text x="${left + column * cell * 3 + cell * 1.5}" y="${y + cell - 14}" text-anchor="middle" class="cell">${(100 * metrics.accuracy).toFixed(0)}</text>`;
    });
    return `<text x="${left - 6}" y="${y + cell - 14}" text-anchor="end" class="tick">${escapeHtml(subject)}</text>${cells.join("")}`;
  });
  return `<svg class="chart" id="subject-heatmap" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="accuracy per subject">${headers.join("")}${rows.join("")}</svg>`;
}

/** Accuracy of an endpoint's runs over time. */
export function historyChart(history: Array<{ runId: string; date: string; benchmark: string; accuracy: number }>): string {
  if (history.length < 2) return "";
  const height = 200;
  const left = 50;
  const bottom = height - 30;
  const x = (index: number) => left + ((WIDTH - left - 40) * index) / Math.max(1, history.length - 1);
  const y = (accuracy: number) => bottom - (bottom - 15) * accuracy;
  const path = history.map((point, index) => `${index === 0 ? "M" : "L"}${x(index).toFixed(1)},${y(point.accuracy).toFixed(1)}`).join(" ");
  const dots = history.map(
    (point, index) =>
      `<circle cx="${x(index).toFixed(1)}" cy="${y(point.accuracy).toFixed(1)}" r="4" fill="#0969da"><title>${escapeHtml(`${point.date} ${point.runId}: ${(100 * point.accuracy).toFixed(1)}%`)}</title></circle>`,
  );
  return `<svg class="chart" id="history" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="accuracy over runs"><line x1="${left}" x2="${WIDTH - 40}" y1="${bottom}" y2="${bottom}" stroke="#8c959f"/><path d="${path}" fill="none" stroke="#0969da" stroke-width="2"/>${dots.join("")}</svg>`;
}
