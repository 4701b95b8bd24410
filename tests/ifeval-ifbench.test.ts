import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunSummary } from "../src/spec/run.js";
import { IFBENCH_SKIPPED } from "../src/scoring/ifbench-checkers.js";
import { loadSuite } from "../src/suite/index.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

async function evaluate(suite: string, limit?: number): Promise<{ summary: RunSummary; run: string }> {
  const out = await temporaryDirectory();
  const selection = limit === undefined ? [] : ["--limit", String(limit)];
  const result = await runKfm(["eval", suite, "--endpoint", "sim", ...selection, "--out", out, "--run-id", suite, "--quiet"]);
  expect(result.code, result.stderr).toBe(0);
  const run = join(out, suite);
  return { summary: JSON.parse(await readFile(join(run, "summary.json"), "utf8")) as RunSummary, run };
}

function expectFourNumbers(summary: RunSummary): NonNullable<RunSummary["instructionFollowing"]> {
  const following = summary.instructionFollowing!;
  for (const value of [following.promptStrict, following.promptLoose, following.instructionStrict, following.instructionLoose]) {
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(1);
  }
  expect(following.promptLoose).toBeGreaterThanOrEqual(following.promptStrict);
  expect(following.instructionLoose).toBeGreaterThanOrEqual(following.instructionStrict);
  return following;
}

describe("IFEval and IFBench over HTTP", () => {
  it("ships IFEval's 541 prompts and IFBench's 300 (the 2026-04-11 revision)", async () => {
    const ifeval = await loadSuite("ifeval");
    const ifbench = await loadSuite("ifbench");
    expect(ifeval.items).toHaveLength(541);
    expect(ifbench.items).toHaveLength(300);
    expect(ifbench.definition.version).toBe("2026.4.11");
  });

  it("runs IFEval against the simulator and writes the four numbers to summary.json, checking every type", async () => {
    const { summary, run } = await evaluate("ifeval", 40);
    const following = expectFourNumbers(summary);
    expect(following.skipped).toEqual({});
    expect(following.prompts).toBe(40);
    const rescored = await runKfm(["rescore", run, "--json"]);
    expect((JSON.parse(rescored.stdout) as RunSummary).instructionFollowing).toEqual(following);
  });

  it("runs all of IFBench against the simulator, checking every type", async () => {
    const { summary } = await evaluate("ifbench");
    const following = expectFourNumbers(summary);
    // syllapy and NLTK's tagger are ported, so no instruction is left out.
    expect(following.skipped).toEqual({});
    expect(IFBENCH_SKIPPED).toEqual({});
    expect(following.prompts).toBe(300);
    expect(following.instructions).toBe(344);
  });
});
