import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { readGitRevision } from "../results/git-revision.js";
import { fileURLToPath } from "node:url";

/** The package root: both src/app/x.ts (tests, tsx) and dist/app/x.js (installed) sit two levels below it. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

let cachedVersion: string | undefined;

export function kfmVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string }).version;
  return cachedVersion;
}

let revision: Promise<string | undefined> | undefined;

/** The git revision of the kfm checkout, when it is one; recorded so a run can be reproduced. Read once a process. */
export function gitRevision(): Promise<string | undefined> {
  return (revision ??= readGitRevision(packageRoot));
}
