import { describe, expect, it } from "vitest";
import { fixtureLeaderboard } from "../campaign/__fixtures__/leaderboards.js";
import { leaderboardHtml, leaderboardSections } from "./leaderboard.js";

const HOSTILE = `<img src=x onerror="alert(1)">"'&`;
const board = fixtureLeaderboard("mini", [
  { name: "alpha", total: 81, decision: "PASS", ratio: 1.02, suites: ["kmmlu", "hrm8k"] },
  { name: HOSTILE, total: 55, decision: "FAIL", ratio: 0.81, suites: ["kmmlu"] },
]);

describe("the leaderboard in HTML", () => {
  it("shows rank, points out of 40/35/25/100, each benchmark's ratio, interval and decision, the cut line and the notes", () => {
    const html = leaderboardSections(board);
    expect(html).toContain(
      '<td>1</td><td><a href="#team-alpha">alpha</a></td><td>31.0/40</td><td>28.0/35</td><td>22.0/25</td><td><b>81.0/100</b></td>',
    );
    expect(html).toContain('<tr class="cut"><td colspan="8">── cut line ──</td></tr>');
    expect(html).toContain("<td>KMMLU</td><td>61.2%</td><td>60.0% GPT-5.1</td><td>102.0% [97.0%, 107.0%]</td><td>PASS</td>");
    expect(html).toContain("No finished run (0 points): HRM8K.");
    // The files kfm campaign report writes link each run relative to the leaderboard.
    expect(html).toContain('<a href="alpha/hrm8k/">hrm8k</a>');
    expect(html).toContain('<a href="alpha/verdict.json">alpha/verdict.json</a>');
  });

  it("keeps a hostile team name as text, in the table, the anchors and the links", () => {
    for (const html of [leaderboardSections(board), leaderboardHtml(board)]) {
      expect(html).not.toContain("<img");
      expect(html).not.toContain('onerror="');
      expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&quot;&#39;&amp;");
    }
  });

  it("links runs where the caller says and shows the rest as text", () => {
    const html = leaderboardSections(board, { run: (runDir) => (runDir === "alpha/kmmlu" ? "/run?id=mini%2Falpha%2Fkmmlu" : undefined) });
    expect(html).toContain('Runs: <a href="/run?id=mini%2Falpha%2Fkmmlu">kmmlu</a>, hrm8k</p>');
    expect(html).toContain("(alpha/verdict.json)");
  });
});
