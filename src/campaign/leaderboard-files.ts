import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Writes the leaderboard (JSON and its renderings) at the top of the results folder and each team's verdict in its folder. */
export async function writeLeaderboardFiles(
  resultsDir: string,
  files: { json: unknown; markdown: string; html: string },
  verdicts: ReadonlyMap<string, unknown>,
): Promise<string[]> {
  const written = [join(resultsDir, "leaderboard.json"), join(resultsDir, "leaderboard.md"), join(resultsDir, "leaderboard.html")];
  await mkdir(resultsDir, { recursive: true });
  await writeFile(written[0]!, `${JSON.stringify(files.json, null, 2)}\n`);
  await writeFile(written[1]!, files.markdown);
  await writeFile(written[2]!, files.html);
  for (const [team, verdict] of verdicts) {
    await mkdir(join(resultsDir, team), { recursive: true });
    await writeFile(join(resultsDir, team, "verdict.json"), `${JSON.stringify(verdict, null, 2)}\n`);
  }
  return written;
}
