import { describe, expect, it } from "vitest";
import { fixtureLeaderboard } from "../campaign/__fixtures__/leaderboards.js";
import { campaignPage, campaignsPage } from "./campaign-pages.js";

const HOSTILE = `</title><script>alert(1)</script>`;

describe("the campaigns pages", () => {
  it("lists each leaderboard with its dates, provisional or final, and its teams; names stay text", () => {
    const board = fixtureLeaderboard(HOSTILE, [
      { name: "alpha", total: 81, decision: "PASS", ratio: 1.02 },
      { name: "beta", total: 55, decision: "FAIL", ratio: 0.81 },
    ]);
    const html = campaignsPage(
      {
        found: [{ id: "2026/mini", file: "/r/2026/mini/leaderboard.json", board }],
        skipped: [{ file: "/r/x/leaderboard.json", why: "no rows" }],
      },
      "/r",
    );
    expect(html).toContain('<a href="/campaign?id=2026%2Fmini">&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a>');
    expect(html).toContain(
      '<td>A two-benchmark review</td><td><code>2026/mini</code></td><td>2026-12-01 09:30</td><td>2025-12-30</td><td class="status final">final</td><td class="num">2</td>',
    );
    expect(html).toContain("<code>/r/x/leaderboard.json</code>: no rows");
    expect(html).not.toContain("<script>alert");
    expect(campaignPage({ id: "2026/mini", file: "f", board }, "<table></table>")).not.toContain("<script>alert");
  });

  it("with no leaderboard, says so and how to make one", () => {
    const html = campaignsPage({ found: [], skipped: [] }, "/r");
    expect(html).toContain("No campaign leaderboard in /r or its sub-folders");
    expect(html).toContain("<code>kfm campaign report &lt;campaign.yaml&gt;</code> writes one");
    expect(html).not.toMatch(/not yet|shown yet/);
  });
});
