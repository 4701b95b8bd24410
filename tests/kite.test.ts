import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ItemRecord } from "../src/spec/record.js";
import type { RunSummary } from "../src/spec/run.js";
import { loadSuite } from "../src/suite/index.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

describe("KITE over HTTP", () => {
  it("loads the full set and reports IFEval's four numbers on a sample, with unsupported types skipped and counted", async () => {
    const suite = await loadSuite("kite");
    expect(suite.items).toHaveLength(527);
    const bySubset: Record<string, number> = {};
    for (const item of suite.items) bySubset[item.subject] = (bySubset[item.subject] ?? 0) + 1;
    expect(bySubset).toEqual({ "KITE-Korean": 100, "KITE-General": 427 });
    const out = await temporaryDirectory();
    const result = await runKfm(["eval", "kite", "--endpoint", "sim", "--sample", "200", "--out", out, "--run-id", "kite", "--json"]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as RunSummary;
    const following = summary.instructionFollowing!;
    // Every instruction type in the set has a checker: none is skipped.
    expect(following.skipped).toEqual({});
    expect(following.prompts).toBeGreaterThan(150);
    for (const value of [following.promptStrict, following.promptLoose, following.instructionStrict, following.instructionLoose]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(following.promptLoose).toBeGreaterThanOrEqual(following.promptStrict);
    const records = (await readFile(join(out, "kite", "items.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as ItemRecord);
    expect(records.every((record) => Array.isArray(record.details?.instructions))).toBe(true);
    // Re-scoring from the stored replies gives the same numbers.
    const rescored = await runKfm(["rescore", join(out, "kite"), "--json"]);
    expect((JSON.parse(rescored.stdout) as RunSummary).instructionFollowing).toEqual(following);
  });
});

describe("KITE in the HTML report", () => {
  it("shows the instruction-following numbers, and no skipped types when every type is checked", async () => {
    const out = await temporaryDirectory();
    expect((await runKfm(["eval", "kite", "--endpoint", "sim", "--sample", "60", "--out", out, "--run-id", "k", "--quiet"])).code).toBe(0);
    const result = await runKfm(["report", join(out, "k"), "--format", "html", "--out", "-"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/prompt strict \d+\.\d% ± \d+\.\d \/ loose \d+\.\d% ± \d+\.\d/);
    expect(result.stdout).not.toContain("skipped:");
  });
});
