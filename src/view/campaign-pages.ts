import type { FoundLeaderboard, LeaderboardSearch } from "../spec/campaign.js";
import { escapeHtml, layout } from "./html.js";

export const campaignLink = (entry: FoundLeaderboard) => `/campaign?id=${encodeURIComponent(entry.id)}`;

const status = (entry: FoundLeaderboard) => (entry.board.provisional ? "provisional" : "final");

function skippedList(skipped: LeaderboardSearch["skipped"]): string {
  if (!skipped.length) return "";
  const items = skipped.map((skip) => `<li><code>${escapeHtml(skip.file)}</code>: ${escapeHtml(skip.why)}</li>`).join("");
  return `<section><h2>Not shown</h2><ul id="skipped-leaderboards">${items}</ul></section>`;
}

/** Every campaign leaderboard in the results folder, or how to make one; files that are not leaderboards say why. */
export function campaignsPage(search: LeaderboardSearch, resultsDir: string): string {
  const rows = search.found
    .map((entry) => {
      const { board } = entry;
      return `<tr><td><a href="${escapeHtml(campaignLink(entry))}">${escapeHtml(board.campaign)}</a></td><td>${escapeHtml(board.stage.title)}</td><td><code>${escapeHtml(entry.id)}</code></td><td>${escapeHtml(
        String(board.generatedAt ?? "")
          .slice(0, 16)
          .replace("T", " "),
      )}</td><td>${escapeHtml(board.stage.asOf || "-")}</td><td class="status ${status(entry)}">${status(entry)}</td><td class="num">${board.rows.length}</td></tr>`;
    })
    .join("\n");
  const table = search.found.length
    ? `<table id="campaigns"><thead><tr><th>campaign</th><th>stage</th><th>folder</th><th>generated (UTC)</th><th>as of</th><th>cut</th><th>teams</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p>No campaign leaderboard in ${escapeHtml(resultsDir)} or its sub-folders (two levels down). <code>kfm campaign report &lt;campaign.yaml&gt;</code> writes one (leaderboard.json) into the campaign's results folder; it appears here on the next load. A campaign's runs are ordinary run directories and are listed under <a href="/">Runs</a>.</p>`;
  return layout(
    "kfm view: campaigns",
    `<h1>Campaigns</h1><p class="muted">${escapeHtml(resultsDir)}</p><section>${table}</section>${skippedList(search.skipped)}`,
  );
}

/** One campaign's leaderboard: the report's ranking and team sections, each run a link to its page here. */
export function campaignPage(entry: FoundLeaderboard, sections: string): string {
  const { board } = entry;
  const facts = [
    `campaign ${board.campaign}`,
    `stage ${board.stage.id}`,
    board.stage.asOf ? `as of ${board.stage.asOf}` : "",
    `generated ${String(board.generatedAt ?? "")}`,
    status(entry),
    entry.file,
  ].filter(Boolean);
  return layout(
    `kfm view: ${board.stage.title}`,
    `<h1>Leaderboard: ${escapeHtml(board.stage.title)}</h1><p class="muted">${escapeHtml(facts.join(" · "))}</p><div class="board">${sections}</div><p><a href="/campaigns">All campaigns</a></p>`,
  );
}
