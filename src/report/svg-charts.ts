import { escapeHtml } from "./escape.js";
import { intervalLabel, percentWithError } from "../spec/format.js";
import type { TimelinePoint, Verdict } from "../spec/verdict.js";
import type { RunReportEntry } from "./report-input.js";
import { overallRow, verdictRows } from "./verdict-rows.js";
import { readableSubject, subjectGroups } from "./subject-names.js";

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
  // Values sit in a column of their own right of the plot, so no whisker can run into them.
  const plotRight = WIDTH - 110;
  const barHeight = 22;
  const gap = 12;
  const top = 26;
  const axisY = top + rows.length * (barHeight + gap);
  const height = axisY + 44;
  const max = Math.ceil(Math.max(1.2, ...rows.map((row) => row.interval[1] + 0.05)) * 5) / 5;
  const x = (ratio: number) => left + ((plotRight - left) * Math.min(max, Math.max(0, ratio))) / max;
  const parts = rows.map((row, index) => {
    const y = top + index * (barHeight + gap);
    const mid = y + barHeight / 2;
    const [low, high] = [x(row.interval[0]).toFixed(1), x(row.interval[1]).toFixed(1)];
    return [
      `<text x="${left - 8}" y="${mid + 4}" text-anchor="end" class="label">${escapeHtml(row.benchmark)}</text>`,
      `<rect x="${left}" y="${y}" width="${(x(row.ratio) - left).toFixed(1)}" height="${barHeight}" fill="${color(row.decision)}" opacity="0.75"><title>${escapeHtml(`${row.benchmark}: ${(100 * row.ratio).toFixed(1)}% (${(100 * row.interval[0]).toFixed(1)}–${(100 * row.interval[1]).toFixed(1)}%)`)}</title></rect>`,
      `<line x1="${low}" x2="${high}" y1="${mid}" y2="${mid}" stroke="#24292f" stroke-width="2" class="interval"/>`,
      `<line x1="${low}" x2="${low}" y1="${mid - 5}" y2="${mid + 5}" stroke="#24292f" stroke-width="2"/>`,
      `<line x1="${high}" x2="${high}" y1="${mid - 5}" y2="${mid + 5}" stroke="#24292f" stroke-width="2"/>`,
      `<text x="${plotRight + 12}" y="${mid + 4}" class="value">${(100 * row.ratio).toFixed(1)}%</text>`,
    ].join("");
  });
  const ticks = Array.from({ length: Math.round(max / 0.2) + 1 }, (_, step) => step * 0.2).map(
    (value) =>
      `<line x1="${x(value).toFixed(1)}" x2="${x(value).toFixed(1)}" y1="${axisY}" y2="${axisY + 5}" stroke="#8c959f"/><text x="${x(value).toFixed(1)}" y="${axisY + 17}" text-anchor="middle" class="tick">${(100 * value).toFixed(0)}%</text>`,
  );
  const threshold = x(verdict.threshold).toFixed(1);
  return `<svg class="chart" id="ratio-bars" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="ratio to reference per benchmark">${parts.join("")}<line x1="${left}" x2="${plotRight}" y1="${axisY}" y2="${axisY}" stroke="#8c959f" class="axis"/>${ticks.join("")}<text x="${(left + plotRight) / 2}" y="${axisY + 36}" text-anchor="middle" class="axis-title">team score ÷ reference score (bar: estimate, whisker: ${escapeHtml(intervalLabel(verdict.level))})</text><line x1="${threshold}" x2="${threshold}" y1="${top - 6}" y2="${axisY}" stroke="#0969da" stroke-dasharray="4 3" stroke-width="2" class="threshold"/><text x="${threshold}" y="${top - 10}" text-anchor="middle" class="label">${(100 * verdict.threshold).toFixed(0)}% threshold</text><text x="${plotRight + 12}" y="${top - 10}" class="tick">ratio</text></svg>`;
}

const day = (date: string) => Date.parse(`${date.slice(0, 10)}T00:00:00Z`);

/**
 * The moving target: the reference score per benchmark over time, on a time axis. A month with no
 * reference breaks the line (a gap, marked on the axis); every requested review date is drawn,
 * those after the as-of date marked so.
 */
export function referenceTimeline(verdict: Verdict): string {
  const timeline = verdict.timeline ?? [];
  const points = timeline.filter((point) => point.reference !== null);
  if (points.length === 0) return "";
  const dates = [...new Set(timeline.map((point) => point.date))].sort();
  const reviews = [...new Set(verdict.reviews ?? [])].sort();
  const benchmarks = [...new Set(points.map((point) => point.benchmark))];
  const left = 50;
  const plotRight = WIDTH - 150;
  const top = 24;
  const bottom = 220;
  const height = bottom + 44 + 16 * Math.max(0, reviews.length - 1);
  const values = points.map((point) => point.reference!);
  const low = Math.max(0, Math.floor(Math.min(...values) / 10) * 10 - 5);
  const high = Math.min(100, Math.ceil(Math.max(...values) / 10) * 10 + 5);
  const start = Math.min(day(dates[0]!), ...reviews.map(day));
  const end = Math.max(day(dates.at(-1)!), day(verdict.asOf), ...reviews.map(day));
  const x = (date: string) => left + ((plotRight - left) * (day(date) - start)) / Math.max(1, end - start);
  const y = (value: number) => bottom - ((bottom - top) * (value - low)) / Math.max(1, high - low);
  const palette = ["#0969da", "#8250df", "#bf3989", "#1a7f37", "#9a6700", "#cf222e", "#57606a"];
  const lines = benchmarks.map((benchmark, index) => {
    const series = timeline.filter((point) => point.benchmark === benchmark).sort((a, b) => a.date.localeCompare(b.date));
    // A point without a reference ends the segment: the line never bridges months that had none.
    let path = "";
    let pen = "M";
    for (const point of series) {
      if (point.reference === null) {
        pen = "M";
        continue;
      }
      path += `${pen}${x(point.date).toFixed(1)},${y(point.reference).toFixed(1)} `;
      pen = "L";
    }
    const last = series.filter((point) => point.reference !== null).at(-1)!;
    // A month where the bar fell only because models aged out is ringed: the registry needs newer entries.
    const dot = (point: TimelinePoint) =>
      point.fellByAgeing
        ? ` r="5" stroke="#cf222e" stroke-width="2" class="fell-by-ageing"><title>${escapeHtml(`${point.date} ${benchmark}: ${point.reference} (${point.model ?? ""}); fell from ${point.fellByAgeing.previous} by ageing alone: ${point.fellByAgeing.agedOut.join(", ")} aged out, nothing newer`)}</title>`
        : ` r="3"><title>${escapeHtml(`${point.date} ${benchmark}: ${point.reference} (${point.model ?? ""})`)}</title>`;
    const dots = series
      .map((point) =>
        point.reference === null
          ? `<text x="${x(point.date).toFixed(1)}" y="${bottom - 4}" text-anchor="middle" class="gap" fill="${palette[index % palette.length]}">×<title>${escapeHtml(`${point.date} ${benchmark}: no reference in the window`)}</title></text>`
          : `<circle cx="${x(point.date).toFixed(1)}" cy="${y(point.reference).toFixed(1)}" fill="${palette[index % palette.length]}"${dot(point)}</circle>`,
      )
      .join("");
    return `<path d="${path.trim()}" fill="none" stroke="${palette[index % palette.length]}" stroke-width="2"/>${dots}<text x="${(x(last.date) + 8).toFixed(1)}" y="${(y(last.reference!) + 4).toFixed(1)}" class="label">${escapeHtml(benchmark)}</text>`;
  });
  const reviewMarks = reviews.map((date, index) => {
    const after = date > verdict.asOf;
    const rx = x(date).toFixed(1);
    const label = `review ${date}${after ? " (after the as-of date)" : ""}`;
    return `<line x1="${rx}" x2="${rx}" y1="${top}" y2="${bottom}" stroke="${after ? "#8c959f" : "#cf222e"}" stroke-dasharray="3 3" class="review${after ? " after-as-of" : ""}"/><text x="${rx}" y="${bottom + 34 + 16 * index}" text-anchor="${Number(rx) > plotRight - 100 ? "end" : "middle"}" class="label">${escapeHtml(label)}</text>`;
  });
  const asOf = x(verdict.asOf).toFixed(1);
  const tickDates = dates.filter((_, index) => index % Math.ceil(dates.length / 8) === 0);
  const ticks = tickDates.map(
    (date) =>
      `<line x1="${x(date).toFixed(1)}" x2="${x(date).toFixed(1)}" y1="${bottom}" y2="${bottom + 4}" stroke="#8c959f"/><text x="${x(date).toFixed(1)}" y="${bottom + 16}" text-anchor="middle" class="tick">${escapeHtml(date.slice(0, 7))}</text>`,
  );
  const axis = [low, (low + high) / 2, high].map(
    (value) => `<text x="${left - 6}" y="${y(value) + 4}" text-anchor="end" class="tick">${value.toFixed(0)}</text>`,
  );
  const gaps = timeline.some((point) => point.reference === null)
    ? `<text x="${plotRight + 8}" y="${bottom - 4}" class="tick">× no reference</text>`
    : "";
  return `<svg class="chart" id="reference-timeline" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="reference score over time"><line x1="${left}" x2="${left}" y1="${top}" y2="${bottom}" stroke="#8c959f"/><line x1="${left}" x2="${plotRight}" y1="${bottom}" y2="${bottom}" stroke="#8c959f"/><text x="${left - 40}" y="${top - 10}" class="tick">score</text>${axis.join("")}${ticks.join("")}<line x1="${asOf}" x2="${asOf}" y1="${top}" y2="${bottom}" stroke="#0969da" class="as-of"/><text x="${asOf}" y="${top - 8}" text-anchor="middle" class="tick">as of ${escapeHtml(verdict.asOf)}</text>${reviewMarks.join("")}${lines.join("")}${gaps}</svg>`;
}

function heat(accuracy: number): string {
  // Red (0%) through yellow to green (100%).
  const hue = Math.round(120 * Math.max(0, Math.min(1, accuracy)));
  return `hsl(${hue}, 65%, 45%)`;
}

/** Subjects × runs, coloured by accuracy, grouped by supercategory under readable names: where a model loses. */
export function subjectHeatmap(runs: RunReportEntry[]): string {
  const groups = subjectGroups(runs);
  if (groups.length === 0) return "";
  const named = groups.some((group) => group.supercategory !== undefined);
  const cell = 26;
  const rowHeight = cell - 8;
  const left = 290;
  const top = 110;
  const lines = groups.flatMap((group) => [
    ...(named ? [{ header: group.supercategory ?? "no supercategory" }] : []),
    ...group.subjects.map((subject) => ({ subject })),
  ]);
  const height = top + lines.length * rowHeight + 20;
  // Room on the right for the last column's slanted header.
  const width = left + runs.length * cell * 3 + 160;
  const headers = runs.map(
    (run, column) =>
      `<text transform="translate(${left + column * cell * 3 + cell * 1.5},${top - 8}) rotate(-35)" class="tick">${escapeHtml(run.summary.endpoint.model)} · ${escapeHtml(run.summary.suite.id)}</text>`,
  );
  const rows = lines.map((line, row) => {
    const y = top + row * rowHeight;
    if ("header" in line) return `<text x="8" y="${y + cell - 13}" class="group">${escapeHtml(line.header)}</text>`;
    const { subject } = line;
    const cells = runs.map((run, column) => {
      const metrics = run.summary.bySubject[subject];
      if (!metrics) return "";
      return `<rect x="${left + column * cell * 3}" y="${y}" width="${cell * 3 - 2}" height="${cell - 10}" fill="${heat(metrics.accuracy)}"><title>${escapeHtml(`${readableSubject(subject)}: ${percentWithError(metrics.accuracy, metrics.error)} of ${metrics.total}`)}</title></rect><text x="${left + column * cell * 3 + cell * 1.5}" y="${y + cell - 14}" text-anchor="middle" class="cell">${(100 * metrics.accuracy).toFixed(0)}</text>`;
    });
    return `<text x="${left - 6}" y="${y + cell - 14}" text-anchor="end" class="tick">${escapeHtml(readableSubject(subject))}</text>${cells.join("")}`;
  });
  return `<svg class="chart" id="subject-heatmap" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="accuracy per subject, grouped by supercategory">${headers.join("")}${rows.join("")}</svg>`;
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
