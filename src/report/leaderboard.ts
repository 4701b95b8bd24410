import Table from "cli-table3";
import type { CampaignStatus, CellStatus, Leaderboard, LeaderboardNote, LeaderboardRow } from "../spec/campaign.js";
import { percent, percentSpan } from "../spec/format.js";
import { escapeHtml } from "./escape.js";

/** The leaderboard's notes as sentences (the only place they are worded). */
export function leaderboardNotes(board: Leaderboard): string[] {
  const wording: { [Kind in LeaderboardNote["kind"]]: (note: Extract<LeaderboardNote, { kind: Kind }>) => string } = {
    "one-team": () => "One team only: a self-check, no cut line.",
    "tie-at-cut": (note) => `${note.teams.join(" and ")} tie at the cut line: the scores alone do not say which team is dropped.`,
    unfinished: (note) =>
      `Unfinished runs for ${note.teams.join(", ")}: their benchmarks count only what finished (kfm campaign status lists what is left).`,
    "panels-missing": (note) => `No panel score yet for ${note.teams.join(", ")}: their totals count the parts scored so far.`,
  };
  const lines = board.notes.map((note) => (wording[note.kind] as (value: LeaderboardNote) => string)(note));
  if (board.provisional) lines.unshift("PROVISIONAL: the ranking or the cut may change (see below).");
  return lines;
}

const points = (value: number | undefined, of: number) => (value === undefined ? `-/${of}` : `${value.toFixed(1)}/${of}`);

function cells(row: LeaderboardRow) {
  const card = row.scorecard;
  return {
    rank: `${row.rank}`,
    benchmarks: card ? points(card.benchmarks, card.points.benchmarks) : "-",
    expert: card ? points(card.expert, card.points.expert) : "-",
    user: card ? points(card.user, card.points.user) : "-",
    total: card ? points(card.total, card.maximum) : "-",
    ratio: row.ratio ? percentSpan(row.ratio) : "-",
  };
}

const cutLabel = "── cut line ──";

/** A terminal table: one row per team, best first, the cut line above the dropped team. */
export function renderLeaderboard(board: Leaderboard): string {
  const table = new Table({
    head: ["rank", "team", "benchmarks", "expert", "user", "total", "ratio to reference", "verdict"],
    style: { head: [], border: [] },
  });
  for (const row of board.rows) {
    if (row.belowCut) table.push([{ colSpan: 8, content: cutLabel, hAlign: "center" }]);
    const shown = cells(row);
    table.push([shown.rank, row.team, shown.benchmarks, shown.expert, shown.user, shown.total, shown.ratio, row.decision]);
  }
  const heading = `${board.stage.title}: campaign ${board.campaign}${board.stage.asOf ? ` (as of ${board.stage.asOf})` : ""}`;
  return [heading, table.toString(), ...leaderboardNotes(board)].join("\n");
}

function benchmarkLines(row: LeaderboardRow): string[] {
  return row.benchmarks.map(
    (benchmark) =>
      `| ${benchmark.benchmark} | ${percent(benchmark.team.estimate / 100)}${benchmark.team.items ? ` (${benchmark.team.items} items)` : ""} | ` +
      `${benchmark.reference ? `${percent(benchmark.reference.score / 100)} (${benchmark.reference.models.join(", ") || benchmark.reference.rule})` : "none"} | ` +
      `${benchmark.ratio ? percentSpan(benchmark.ratio) : "-"} | ${benchmark.decision} |`,
  );
}

/** Markdown: the ranking, then each team's scorecard with links to its verdict and runs. */
export function leaderboardMarkdown(board: Leaderboard): string {
  const lines = [
    `# Leaderboard: ${board.stage.title}`,
    "",
    `Campaign ${board.campaign}; stage ${board.stage.id}${board.stage.asOf ? `, as of ${board.stage.asOf}` : ""}; bar ${percent(board.stage.threshold)} of the reference.`,
    "",
    "| rank | team | benchmarks | expert | user | total | ratio to reference | verdict |",
    "|---:|---|---:|---:|---:|---:|---|---|",
  ];
  for (const row of board.rows) {
    if (row.belowCut) lines.push(`| | **${cutLabel}** | | | | | | |`);
    const shown = cells(row);
    lines.push(
      `| ${shown.rank} | [${row.team}](#${row.team}) | ${shown.benchmarks} | ${shown.expert} | ${shown.user} | **${shown.total}** | ${shown.ratio} | ${row.decision} |`,
    );
  }
  const notes = leaderboardNotes(board);
  if (notes.length) lines.push("", ...notes.map((note) => `- ${note}`));
  for (const row of board.rows) {
    lines.push("", `## ${row.team}`, "", `Reference: ${row.reference}. Verdict: **${row.decision}** ([verdict.json](${row.verdictFile})).`);
    if (row.benchmarks.length)
      lines.push("", "| benchmark | team | reference | ratio | decision |", "|---|---:|---|---|---|", ...benchmarkLines(row));
    if (row.missing.length) lines.push("", `No finished run (0 points): ${row.missing.join(", ")}.`);
    if (row.unfinished.length) lines.push("", `Not done: ${row.unfinished.map((cell) => `${cell.suite} (${cell.state})`).join(", ")}.`);
    if (row.runs.length) lines.push("", `Runs: ${row.runs.map((run) => `[${run.suite}](${run.runDir}/)`).join(", ")}.`);
  }
  return `${lines.join("\n")}\n`;
}

/** Where the HTML's links go: a run directory or the verdict file (relative to the leaderboard); undefined: shown as text. */
export interface LeaderboardLinks {
  run?(runDir: string): string | undefined;
  verdict?(verdictFile: string): string | undefined;
}

/** Relative links, as the files kfm campaign report writes sit beside the run directories. */
const FILE_LINKS: Required<LeaderboardLinks> = { run: (runDir) => `${runDir}/`, verdict: (file) => file };

const link = (href: string | undefined, text: string) =>
  href === undefined ? escapeHtml(text) : `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;

function teamSection(row: LeaderboardRow, links: LeaderboardLinks): string {
  const benchmarks = row.benchmarks
    .map(
      (benchmark) =>
        `<tr><td>${escapeHtml(benchmark.benchmark)}</td><td>${escapeHtml(percent(benchmark.team.estimate / 100))}</td><td>${benchmark.reference ? `${escapeHtml(percent(benchmark.reference.score / 100))} ${escapeHtml(benchmark.reference.models.join(", "))}` : "none"}</td><td>${benchmark.ratio ? escapeHtml(percentSpan(benchmark.ratio)) : "-"}</td><td>${escapeHtml(benchmark.decision)}</td></tr>`,
    )
    .join("");
  const runs = row.runs.map((run) => link(links.run?.(run.runDir), run.suite)).join(", ");
  const unfinished = row.unfinished.map((cell) => `${cell.suite} (${cell.state})`).join(", ");
  return `<section id="team-${escapeHtml(row.team)}"><h2>${escapeHtml(row.team)}</h2><p>Reference: ${escapeHtml(row.reference)}. Verdict: <b>${escapeHtml(row.decision)}</b> (${link(links.verdict?.(row.verdictFile), row.verdictFile)}).</p>${benchmarks ? `<table><tr><th>benchmark</th><th>team</th><th>reference</th><th>ratio [95% interval]</th><th>decision</th></tr>${benchmarks}</table>` : ""}${row.missing.length ? `<p>No finished run (0 points): ${escapeHtml(row.missing.join(", "))}.</p>` : ""}${unfinished ? `<p>Not done: ${escapeHtml(unfinished)}.</p>` : ""}${runs ? `<p>Runs: ${runs}</p>` : ""}</section>`;
}

/**
 * The leaderboard's HTML body: the ranking with its cut line, the notes, then each team's benchmarks
 * and runs. One renderer for the file kfm campaign report writes and the viewer's campaign page.
 */
export function leaderboardSections(board: Leaderboard, links: LeaderboardLinks = FILE_LINKS): string {
  const rows = board.rows
    .map((row) => {
      const shown = cells(row);
      const cut = row.belowCut ? `<tr class="cut"><td colspan="8">${cutLabel}</td></tr>` : "";
      return `${cut}<tr><td>${escapeHtml(shown.rank)}</td><td><a href="#team-${escapeHtml(row.team)}">${escapeHtml(row.team)}</a></td><td>${escapeHtml(shown.benchmarks)}</td><td>${escapeHtml(shown.expert)}</td><td>${escapeHtml(shown.user)}</td><td><b>${escapeHtml(shown.total)}</b></td><td>${escapeHtml(shown.ratio)}</td><td>${escapeHtml(row.decision)}</td></tr>`;
    })
    .join("\n");
  const notes = leaderboardNotes(board)
    .map((note) => `<li>${escapeHtml(note)}</li>`)
    .join("");
  return `<table class="leaderboard"><tr><th>rank</th><th>team</th><th>benchmarks</th><th>expert</th><th>user</th><th>total</th><th>ratio to reference</th><th>verdict</th></tr>
${rows}
</table>
${notes ? `<ul class="leaderboard-notes">${notes}</ul>` : ""}
${board.rows.map((row) => teamSection(row, links)).join("\n")}`;
}

/** A self-contained HTML page: the same content, each team's runs and verdict one click away. */
export function leaderboardHtml(board: Leaderboard): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Leaderboard: ${escapeHtml(board.stage.title)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;margin:.5em 0}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:right}td:nth-child(2),th:nth-child(2){text-align:left}tr.cut td{border-top:2px dashed #c00;color:#c00;text-align:center}</style>
</head><body>
<h1>Leaderboard: ${escapeHtml(board.stage.title)}</h1>
<p>Campaign ${escapeHtml(board.campaign)}; stage ${escapeHtml(board.stage.id)}${board.stage.asOf ? `, as of ${escapeHtml(board.stage.asOf)}` : ""}.</p>
${leaderboardSections(board)}
</body></html>
`;
}

const STATE_LABEL: Record<CellStatus["state"], string> = {
  done: "done",
  running: "running",
  partial: "partial",
  failed: "FAILED",
  "missing-data": "missing data",
  "not-started": "not started",
};

/** The matrix, one row per suite and one column per team, then what each cell left needs. */
export function renderCampaignStatus(status: CampaignStatus): string {
  const table = new Table({ head: ["suite", ...status.teams], style: { head: [], border: [] } });
  for (const suite of status.suites) {
    table.push([
      suite,
      ...status.teams.map((team) => {
        const cell = status.cells.find((candidate) => candidate.team === team && candidate.suite === suite)!;
        const counts = cell.total !== undefined ? ` ${cell.done}/${cell.total}${cell.errors ? ` (${cell.errors} errors)` : ""}` : "";
        return `${STATE_LABEL[cell.state]}${counts}`;
      }),
    ]);
  }
  const notStarted = status.cells.filter((cell) => cell.state === "not-started");
  const todo = status.cells
    .filter((cell) => cell.action && cell.state !== "not-started")
    .map((cell) => `${cell.team} × ${cell.suite}: ${cell.problem ? `${cell.problem.message}\n    ` : ""}${cell.action}`);
  if (notStarted.length) todo.push(`${notStarted.length} cells not started: kfm campaign run ${status.campaign} starts them`);
  const header = `campaign ${status.campaign}${status.running ? " (running now)" : ""}; results in ${status.resultsDir}`;
  return [
    header,
    table.toString(),
    ...(todo.length ? ["", "To do:", ...todo.map((line) => `  ${line}`)] : ["", "Every cell is done."]),
  ].join("\n");
}
