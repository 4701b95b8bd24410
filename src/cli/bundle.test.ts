import { execFile } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bundledMain = join(root, "dist", "bundle", "main.mjs");

/** Runs the bundled CLI (run npm run build first) in a fresh process; returns its exit code and the CommonJS files it loaded from node_modules. */
async function bundledRun(args: string[]): Promise<{ code: number; loaded: string[] }> {
  const script = [
    'import { createRequire } from "node:module";',
    `const { main } = await import(${JSON.stringify(pathToFileURL(bundledMain).href)});`,
    `const code = await main(["node", "kfm", ...${JSON.stringify(args)}]);`,
    'const loaded = Object.keys(createRequire(import.meta.url).cache).filter((file) => file.includes("node_modules"));',
    "console.log(JSON.stringify({ code, loaded }));",
  ].join("\n");
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { cwd: root });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as { code: number; loaded: string[] };
}

describe("the bundled CLI", () => {
  it("loads nothing from node_modules at run time: fdir's optional picomatch probe is given the bundled copy (scripts/bundle.mjs)", async () => {
    // `kfm suites list` globs the suites folder through tinyglobby, whose fdir probed for picomatch by a
    // runtime require and so read picomatch's six CommonJS files from node_modules on every start.
    const { code, loaded } = await bundledRun(["suites", "list"]);
    expect(code).toBe(0);
    expect(loaded).toEqual([]);
  });
});
