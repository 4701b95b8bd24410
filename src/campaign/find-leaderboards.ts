import type { Dirent } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { Leaderboard, LeaderboardRow, LeaderboardSearch } from "../spec/campaign.js";

export const LEADERBOARD_FILE = "leaderboard.json";

function isRow(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const row = value as Partial<Record<keyof LeaderboardRow, unknown>>;
  const lists = [row.benchmarks, row.missing, row.unfinished, row.runs];
  return typeof row.team === "string" && typeof row.rank === "number" && lists.every(Array.isArray);
}

/** Why a parsed leaderboard.json cannot be shown as a leaderboard/v1, or undefined when it can. */
function notALeaderboard(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const board = value as Partial<Record<keyof Leaderboard, unknown>>;
  if (board.kfm !== "leaderboard/v1") return `kfm is ${JSON.stringify(board.kfm) ?? "missing"}, not "leaderboard/v1"`;
  if (typeof board.campaign !== "string") return "no campaign name";
  const stage = board.stage as Partial<Leaderboard["stage"]> | undefined;
  if (typeof stage !== "object" || stage === null || typeof stage.title !== "string" || typeof stage.id !== "string")
    return "no stage id and title";
  if (!Array.isArray(board.rows)) return "no rows";
  const row = (board.rows as unknown[]).findIndex((candidate) => !isRow(candidate));
  if (row >= 0) return `row ${row + 1} is not a team's row (team, rank, benchmarks, missing, unfinished, runs)`;
  if (!Array.isArray(board.notes)) return "no notes";
  return undefined;
}

/**
 * The campaign leaderboards (kfm campaign report's leaderboard.json) in a results folder and its
 * sub-folders down to `depth` levels. Symbolic links are not followed, so nothing outside the folder
 * is read; a file that cannot be read or is not a leaderboard/v1 is skipped with the reason.
 */
export async function findLeaderboards(resultsDir: string, depth = 2): Promise<LeaderboardSearch> {
  const search: LeaderboardSearch = { found: [], skipped: [] };
  const visit = async (dir: string, level: number): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // a folder kfm cannot list holds nothing it could show
    }
    const file = join(dir, LEADERBOARD_FILE);
    const entry = entries.find((candidate) => candidate.name === LEADERBOARD_FILE);
    if (entry?.isSymbolicLink()) search.skipped.push({ file, why: "a symbolic link (not followed)" });
    else if (entry?.isFile()) {
      try {
        const board: unknown = JSON.parse(await readFile(file, "utf8"));
        const problem = notALeaderboard(board);
        if (problem) search.skipped.push({ file, why: problem });
        else search.found.push({ id: relative(resultsDir, dir).split(sep).join("/") || ".", file, board: board as Leaderboard });
      } catch (error) {
        search.skipped.push({ file, why: error instanceof SyntaxError ? `not JSON: ${error.message}` : (error as Error).message });
      }
    }
    if (level >= depth) return;
    const folders = entries.filter((candidate) => candidate.isDirectory()).map((candidate) => candidate.name);
    for (const name of folders.sort()) await visit(join(dir, name), level + 1);
  };
  await visit(resultsDir, 0);
  return search;
}
