import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureLeaderboard } from "./__fixtures__/leaderboards.js";
import { findLeaderboards } from "./find-leaderboards.js";

const board = (name: string) => fixtureLeaderboard(name, [{ name: "alpha", total: 80, decision: "PASS", ratio: 1 }]);

async function write(file: string, text: string) {
  await mkdir(join(file, ".."), { recursive: true });
  await writeFile(file, text);
}

describe("findLeaderboards", () => {
  it("finds leaderboard.json in the folder and two levels down, not deeper, keyed by folder", async () => {
    const root = await mkdtemp(join(tmpdir(), "kfm-leaderboards-"));
    await write(join(root, "leaderboard.json"), JSON.stringify(board("top")));
    await write(join(root, "mini", "leaderboard.json"), JSON.stringify(board("mini")));
    await write(join(root, "2026", "review", "leaderboard.json"), JSON.stringify(board("review")));
    await write(join(root, "a", "b", "c", "leaderboard.json"), JSON.stringify(board("too-deep")));
    const search = await findLeaderboards(root);
    expect(search.found.map((entry) => [entry.id, entry.board.campaign])).toEqual([
      [".", "top"],
      ["2026/review", "review"],
      ["mini", "mini"],
    ]);
    expect(search.found[1]!.file).toBe(join(root, "2026", "review", "leaderboard.json"));
    expect(search.skipped).toEqual([]);
  });

  it("skips a malformed file, another kind of file and a symbolic link out of the folder, saying which and why", async () => {
    const root = await mkdtemp(join(tmpdir(), "kfm-leaderboards-"));
    const outside = await mkdtemp(join(tmpdir(), "kfm-leaderboards-outside-"));
    await write(join(outside, "leaderboard.json"), JSON.stringify(board("outside")));
    await write(join(root, "broken", "leaderboard.json"), '{"kfm": "leaderboard/v1", "rows": [');
    await write(join(root, "status", "leaderboard.json"), JSON.stringify({ kfm: "campaign-status/v1", rows: [] }));
    await write(join(root, "no-rows", "leaderboard.json"), JSON.stringify({ ...board("x"), rows: undefined }));
    const rowless = board("y");
    await write(join(root, "bad-row", "leaderboard.json"), JSON.stringify({ ...rowless, rows: [rowless.rows[0], { team: "b" }] }));
    await write(join(root, "good", "leaderboard.json"), JSON.stringify(board("good")));
    await mkdir(join(root, "linked"));
    await symlink(join(outside, "leaderboard.json"), join(root, "linked", "leaderboard.json"));
    await symlink(outside, join(root, "linked-folder"));
    const search = await findLeaderboards(root);
    expect(search.found.map((entry) => entry.id)).toEqual(["good"]);
    const why = Object.fromEntries(search.skipped.map((skip) => [skip.file.slice(root.length + 1), skip.why]));
    expect(Object.keys(why).sort()).toEqual([
      "bad-row/leaderboard.json",
      "broken/leaderboard.json",
      "linked/leaderboard.json",
      "no-rows/leaderboard.json",
      "status/leaderboard.json",
    ]);
    expect(why["broken/leaderboard.json"]).toMatch(/^not JSON: /);
    expect(why["status/leaderboard.json"]).toBe('kfm is "campaign-status/v1", not "leaderboard/v1"');
    expect(why["no-rows/leaderboard.json"]).toBe("no rows");
    expect(why["bad-row/leaderboard.json"]).toBe("row 2 is not a team's row (team, rank, benchmarks, missing, unfinished, runs)");
    expect(why["linked/leaderboard.json"]).toBe("a symbolic link (not followed)");
  });

  it("a folder that does not exist holds no leaderboard", async () => {
    expect(await findLeaderboards(join(tmpdir(), "kfm-no-such-folder-4711"))).toEqual({ found: [], skipped: [] });
  });
});
