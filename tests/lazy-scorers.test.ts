import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimServer, type SimServer } from "../src/sim/index.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

/**
 * The source files (from each bundle chunk's source map) of every module `kfm <args>` loaded, recorded by
 * a module-loader hook in the CLI's own process.
 */
async function sourcesLoaded(args: string[]): Promise<Set<string>> {
  const log = join(await temporaryDirectory(), "loaded.txt");
  const hooks = `import { appendFileSync } from "node:fs";
export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + "\\n"); return next(url, context); }`;
  const register = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  const result = await runKfm(args, { env: { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(register)}` } });
  expect(result.stderr).not.toMatch(/error/i);
  expect(result.code).toBe(0);
  const sources = new Set<string>();
  for (const url of (await readFile(log, "utf8")).trim().split("\n")) {
    if (!url.startsWith("file:") || !url.includes("/dist/bundle/")) continue;
    const map = `${fileURLToPath(url)}.map`;
    if (!existsSync(map)) continue;
    for (const source of (JSON.parse(await readFile(map, "utf8")) as { sources: string[] }).sources)
      sources.add(source.replace(/^(\.\.\/)+/, ""));
  }
  return sources;
}

describe("a run loads the scorer its suite names and no other", () => {
  let sim: SimServer;
  beforeAll(async () => {
    sim = await startSimServer({ seed: 1 });
  });
  afterAll(() => sim.close());
  const run = async (suite: string) =>
    sourcesLoaded([
      "eval",
      suite,
      "--endpoint",
      sim.url,
      "--model",
      "kfm-sim-1",
      "--limit",
      "1",
      "--out",
      await temporaryDirectory(),
      "--quiet",
    ]);

  it("KMMLU (multiple-choice): not the IFEval checkers, the judges, the code-tests harness or the tool-call matcher", async () => {
    const loaded = await run("kmmlu");
    expect(loaded).toContain("src/scoring/multiple-choice.ts");
    expect(loaded).toContain("src/scoring/extract-choice.ts");
    for (const other of [
      "src/scoring/instruction-following.ts",
      "src/scoring/ifeval-checkers.ts",
      "src/scoring/judge.ts",
      "src/scoring/hle-judge.ts",
      "src/scoring/code-tests.ts",
      "src/scoring/python-pickle.ts",
      "src/scoring/call-match.ts",
      "src/scoring/numeric.ts",
    ])
      expect(loaded).not.toContain(other);
  });

  it("HRM8K (numeric): its number extraction, not the multiple-choice reader", async () => {
    const loaded = await run("hrm8k");
    expect(loaded).toContain("src/scoring/numeric.ts");
    expect(loaded).not.toContain("src/scoring/multiple-choice.ts");
    expect(loaded).not.toContain("src/scoring/choice-reader.ts");
  });
});
