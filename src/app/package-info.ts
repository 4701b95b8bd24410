import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root: both src/app/x.ts (tests, tsx) and dist/app/x.js (installed) sit two levels below it. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

let cachedVersion: string | undefined;

export function kfmVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string }).version;
  return cachedVersion;
}

let revision: Promise<string | undefined> | undefined;

/** The git revision of the kfm checkout, when it is one; recorded so a run can be reproduced. Asked of git once a process. */
export function gitRevision(): Promise<string | undefined> {
  return (revision ??= new Promise((resolve) => {
    execFile("git", ["rev-parse", "HEAD"], { cwd: packageRoot, timeout: 2000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      const text = stdout.trim();
      resolve(/^[0-9a-f]{40}$/.test(text) ? text : undefined);
    });
  }));
}
