import type { Comparison, GroupComparison } from "../spec/comparison.js";
import { escapeHtml, layout, percent } from "./html.js";
import type { RunRow } from "./source.js";

const options = (values: string[]) => values.map((value) => `<option>${escapeHtml(value)}</option>`).join("");
const distinct = (rows: RunRow[], key: (row: RunRow) => string) => [...new Set(rows.map(key))].sort();
const runLink = (row: RunRow) => `/run?id=${encodeURIComponent(row.id)}`;

function accuracyCell(row: RunRow): string {
  const interval = row.interval
    ? ` <small title="95% binomial interval">${percent(row.interval[0])}–${percent(row.interval[1])}</small>`
    : "";
  return `<td class="num">${percent(row.accuracy)}${interval}</td>`;
}

/** Every run under the results folder, newest first, with filters and a choice of two runs to compare. */
export function runsPage(rows: RunRow[], resultsDir: string): string {
  const sorted = [...rows].sort((a, b) => b.date.localeCompare(a.date));
  const body = sorted
    .map((row) => {
      const text = [row.id, row.suite, row.endpoint, row.model, row.status, row.runId].join(" ").toLowerCase();
      return `<tr data-suite="${escapeHtml(row.suite)}" data-endpoint="${escapeHtml(row.endpoint)}" data-status="${escapeHtml(row.status)}" data-text="${escapeHtml(text)}">
<td><input type="radio" name="a" value="${escapeHtml(row.id)}" aria-label="compare: run A"></td><td><input type="radio" name="b" value="${escapeHtml(row.id)}" aria-label="compare: run B"></td>
<td><a href="${escapeHtml(runLink(row))}">${escapeHtml(row.suite)}</a></td><td>${escapeHtml(row.endpoint)}</td><td>${escapeHtml(row.model)}</td>
<td>${escapeHtml(row.date.slice(0, 16).replace("T", " "))}</td><td class="num">${row.done.toLocaleString("en")}${row.done === row.total ? "" : ` / ${row.total.toLocaleString("en")}`}${row.selection ? `<br><small>${escapeHtml(row.selection)}</small>` : ""}</td>
${accuracyCell(row)}<td class="status ${escapeHtml(row.status)}">${escapeHtml(row.status)}</td></tr>`;
    })
    .join("\n");
  const table = rows.length
    ? `<form action="/compare" method="get">
<div class="filters"><label>search <input type="search" id="run-search" placeholder="suite, endpoint, model, run id…"></label>
<label>suite <select id="filter-suite"><option value="">all</option>${options(distinct(rows, (row) => row.suite))}</select></label>
<label>endpoint <select id="filter-endpoint"><option value="">all</option>${options(distinct(rows, (row) => row.endpoint))}</select></label>
<label>status <select id="filter-run-status"><option value="">all</option>${options(distinct(rows, (row) => row.status))}</select></label>
<span id="run-count">${rows.length} runs</span><button type="submit">Compare A → B</button></div>
<table id="runs"><thead><tr><th>A</th><th>B</th><th>suite</th><th>endpoint</th><th>model</th><th>started (UTC)</th><th>items</th><th>accuracy (95%)</th><th>status</th></tr></thead>
<tbody>${body}</tbody></table></form>`
    : `<p>No runs in ${escapeHtml(resultsDir)} yet. Make one with <code>kfm eval kmmlu --sample 100 --endpoint sim</code>.</p>`;
  return layout("kfm view: runs", `<h1>Runs</h1><p class="muted">${escapeHtml(resultsDir)}</p><section>${table}</section>`, {
    scripts: ["view.js"],
  });
}

/** One run: the HTML report's content, its item browser fed page by page from the server. */
export function runPage(row: RunRow, sections: string): string {
  const title = `${row.suite} on ${row.model}`;
  return layout(
    `kfm view: ${title}`,
    `<h1>${escapeHtml(title)}</h1><p class="muted">${escapeHtml(`${row.runId} · ${row.endpoint} · ${row.status} · ${row.done}/${row.total} items`)}</p>${sections}`,
    { scripts: ["item-browser.js"], reportStyle: true },
  );
}

function groupRow(group: GroupComparison): string {
  const [low, high] = group.intervalPoints;
  return `<tr class="${group.significant ? "significant" : ""}"><td>${escapeHtml(group.group)}</td><td class="num">${group.n.toLocaleString("en")}</td><td class="num">${percent(group.accuracyA)}</td><td class="num">${percent(group.accuracyB)}</td><td class="num difference">${group.differencePoints >= 0 ? "+" : ""}${group.differencePoints.toFixed(2)}</td><td class="num">${low.toFixed(2)} to ${high.toFixed(2)}</td><td class="num">${group.onlyA} / ${group.onlyB}</td><td class="num">${group.pValue.toPrecision(2)}</td><td>${group.significant ? "yes" : "no"}</td></tr>`;
}

function groupTable(groups: GroupComparison[], id: string): string {
  return `<table id="${id}"><thead><tr><th>group</th><th>paired items</th><th>A</th><th>B</th><th>B − A (points)</th><th>95% interval</th><th>only A / only B right</th><th>McNemar p</th><th>significant</th></tr></thead><tbody>${groups.map(groupRow).join("")}</tbody></table>`;
}

/** Two runs side by side, with kfm compare's paired numbers (B − A). */
export function comparePage(a: RunRow, b: RunRow, comparison: Comparison, subjectName: (subject: string) => string): string {
  const side = (label: string, row: RunRow) =>
    `<div class="side"><h2>${label}: <a href="${escapeHtml(runLink(row))}">${escapeHtml(row.suite)} on ${escapeHtml(row.model)}</a></h2><p>${escapeHtml(`${row.endpoint} · ${row.runId} · ${row.done} items · ${row.status}`)}</p><p class="big">${percent(row.accuracy)}</p></div>`;
  const { overall, leftOut } = comparison;
  const warning = comparison.sameSuite
    ? ""
    : `<p class="warning">The two runs used different suite contents: items were paired by id (forced).</p>`;
  const body = `<h1>Compare</h1><div class="sides">${side("A", a)}${side("B", b)}</div>
<section><h2 id="paired-difference">Paired difference: ${overall.differencePoints >= 0 ? "+" : ""}${overall.differencePoints.toFixed(2)} points (95% interval ${overall.intervalPoints[0].toFixed(2)} to ${overall.intervalPoints[1].toFixed(2)}), McNemar p = ${overall.pValue.toPrecision(2)}${overall.significant ? ", significant" : ", not significant"}</h2>
${warning}<p>${escapeHtml(`${comparison.shared} items answered by both runs; left out: ${leftOut.onlyInA} only in A, ${leftOut.onlyInB} only in B, ${leftOut.errored} errored on either side. The same numbers as kfm compare (paired bootstrap interval, McNemar's exact test).`)}</p>
${groupTable([overall], "compare-overall")}</section>
${comparison.bySupercategory.length ? `<section><h2>By supercategory</h2>${groupTable(comparison.bySupercategory, "compare-supercategories")}</section>` : ""}
<section><h2>By subject</h2>${groupTable(
    comparison.bySubject.map((group) => ({ ...group, group: subjectName(group.group) })),
    "compare-subjects",
  )}</section>`;
  return layout("kfm view: compare", body);
}

/** A request the viewer cannot answer, said as kfm's errors are: what went wrong and what to do. */
export function errorPage(status: number, message: string, hint?: string, link?: { href: string; text: string }): string {
  return layout(
    `kfm view: ${status}`,
    `<h1>${status === 404 ? "Not found" : "Cannot show this"}</h1><section><p class="error">${escapeHtml(message)}</p>${hint ? `<p>${escapeHtml(hint)}</p>` : ""}${link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : ""}<p><a href="/">Back to the runs</a></p></section>`,
  );
}
