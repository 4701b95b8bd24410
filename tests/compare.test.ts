import type { HistoryRow } from "../src/results/history.js";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerKey } from "../src/sim/index.js";
import type { Comparison } from "../src/app/compare.js";
import { startSimServer, type SimServer } from "../src/sim/index.js";
import { loadSuite } from "../src/suite/index.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

describe("kfm compare", () => {
  let strong: SimServer;
  let weak: SimServer;
  let out: string;
  beforeAll(async () => {
    const suite = await loadSuite("kmmlu");
    const key = answerKey(suite.items);
    // Same seed: the weak model is right on a subset of the items the strong one gets right.
    [strong, weak] = await Promise.all([
      startSimServer({ seed: 2, accuracy: 0.7, answerKey: key }),
      startSimServer({ seed: 2, accuracy: 0.55, answerKey: key }),
    ]);
    out = await temporaryDirectory();
    const base = ["eval", "kmmlu", "--model", "kfm-sim-1", "--sample", "400", "--seed", "3", "--out", out, "--quiet"];
    for (const [name, url] of [
      ["main", strong.url],
      ["again", strong.url],
      ["checkpoint", weak.url],
    ] as const)
      expect((await runKfm([...base, "--endpoint", url, "--run-id", name])).code).toBe(0);
  });
  afterAll(async () => {
    await Promise.all([strong.close(), weak.close()]);
  });

  it("flags a significant drop and exits 1 with --fail-if-drop", async () => {
    const result = await runKfm(["compare", join(out, "main"), join(out, "checkpoint"), "--fail-if-drop", "5", "--json"]);
    expect(result.code).toBe(1);
    const comparison = JSON.parse(result.stdout) as Comparison;
    expect(comparison.shared).toBe(400);
    expect(comparison.overall.differencePoints).toBeLessThan(-5);
    expect(comparison.overall.onlyB).toBe(0);
    expect(comparison.overall.pValue).toBeLessThan(0.001);
    expect(comparison.overall.intervalPoints[1]).toBeLessThan(0);
    expect(comparison.regression?.failed).toBe(true);
    expect(comparison.bySupercategory.map((group) => group.group)).toEqual(["Applied Science", "HUMSS", "Other", "STEM"]);
  });

  it("two runs of the same model do not differ, exit 0, and the table says so", async () => {
    const result = await runKfm(["compare", join(out, "main"), join(out, "again"), "--fail-if-drop", "1"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("+0.00");
    expect(result.stdout).toContain("ok: no drop");
  });

  it("refuses to pair runs of different suite contents unless forced", async () => {
    const other = await runKfm([
      "eval",
      "kmmlu-5shot",
      "--endpoint",
      strong.url,
      "--model",
      "kfm-sim-1",
      "--limit",
      "20",
      "--out",
      out,
      "--run-id",
      "five",
      "--quiet",
    ]);
    expect(other.code).toBe(0);
    const refused = await runKfm(["compare", join(out, "main"), join(out, "five")]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("different suite contents");
    expect(refused.stderr).toContain("--force");
  });
});

describe("kfm history", () => {
  it("lists an endpoint's runs oldest first with the change, and draws the chart", async () => {
    const out = await temporaryDirectory();
    const config = join(out, "kfm.yaml");
    for (const [index, accuracy] of [0.5, 0.6, 0.7].entries()) {
      await import("node:fs/promises").then((fs) =>
        fs.writeFile(
          config,
          `endpoints:\n  team-a:\n    adapter: simulated\n    simulation: { accuracy: ${accuracy}, seed: 1, noAnswerRate: 0 }\n`,
        ),
      );
      expect(
        (
          await runKfm([
            "eval",
            "kmmlu",
            "--config",
            config,
            "--endpoint",
            "team-a",
            "--sample",
            "200",
            "--out",
            out,
            "--run-id",
            `ckpt-${index}`,
            "--quiet",
          ])
        ).code,
      ).toBe(0);
    }

    // A quick check on other items: listed, but never compared with the checkpoints.
    const quick = ["eval", "kmmlu", "--config", config, "--endpoint", "team-a", "--sample", "200", "--limit", "20"];
    expect((await runKfm([...quick, "--out", out, "--run-id", "ckpt-3-quick", "--quiet"])).code).toBe(0);

    const result = await runKfm(["history", out, "--endpoint", "team-a", "--json"]);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as HistoryRow[];
    expect(rows.map((row) => row.runId)).toEqual(["ckpt-0", "ckpt-1", "ckpt-2", "ckpt-3-quick"]);
    expect(rows[2]!.accuracy).toBeGreaterThan(rows[0]!.accuracy);
    expect(rows.map((row) => row.selection)).toEqual([...Array(3).fill("sample 200 seed 0"), "sample 200 seed 0, limit 20"]);
    expect(rows[2]!.change).toEqual({ from: "ckpt-1", points: 100 * (rows[2]!.accuracy - rows[1]!.accuracy) });
    expect(rows[3]!.change).toBeUndefined();
    expect(rows[3]!.notCompared).toEqual({ previous: "ckpt-2", why: "selection-differs", previousSelection: "sample 200 seed 0" });
    const html = join(out, "history.html");
    const table = await runKfm(["history", out, "--endpoint", "team-a", "--html", html]);
    expect(table.stdout).toContain("Δ prev");
    expect(table.stdout).toContain("ckpt-3-quick not compared with ckpt-2: other items (sample 200 seed 0, limit 20 vs sample 200 seed 0)");
    expect(await import("node:fs/promises").then((fs) => fs.readFile(html, "utf8"))).toContain('id="history"');
    const none = await runKfm(["history", out, "--endpoint", "nobody"]);
    expect(none.code).toBe(2);
  }, 120_000);
});
