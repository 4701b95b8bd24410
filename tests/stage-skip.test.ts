import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startSimServer } from "../src/sim/index.js";
import type { RunSummary } from "../src/spec/run.js";
import { projectRoot, runKfm, temporaryDirectory } from "./helpers/cli.js";

/** Fixture files in each supplied suite's published layout (tests/fixtures/stage-benchmarks/SOURCE.txt). */
const dataDir = join(projectRoot, "tests", "fixtures", "stage-benchmarks");

describe("kfm eval --stage with something missing", () => {
  it("a stage skips a suite needing a judge or a simulated user that was not named, says what would let it run, and runs the rest", async () => {
    const out = await temporaryDirectory();
    const stage = join(out, "small-stage.yaml");
    await writeFile(
      stage,
      [
        "kfm: stage/v1",
        "id: small-stage",
        "title: three benchmarks, two of which need a helper model",
        "window: 6mo",
        "reference: best",
        "threshold: 0.95",
        "decide_by: ratio-of-averages",
        "benchmarks:",
        "  - { benchmark: AIME 2025, weight: 1 }",
        "  - { benchmark: AA-LCR, weight: 1 }",
        "  - { benchmark: tau2-bench (Telecom), weight: 1 }",
        "",
      ].join("\n"),
    );
    // A real server on loopback, not the in-process simulator: nothing plays the user unless --user-sim names it.
    const server = await startSimServer({ seed: 5, accuracy: 1, noAnswerRate: 0 });
    try {
      const result = await runKfm([
        "eval",
        "--stage",
        stage,
        "--endpoint",
        server.url,
        "--model",
        "kfm-sim-1",
        "--data-dir",
        dataDir,
        "--out",
        join(out, "runs"),
        "--limit",
        "1",
        "--repeats",
        "1",
        "--json",
        "--no-probes",
      ]);
      expect(result.code).toBe(0);
      expect((JSON.parse(result.stdout) as RunSummary).suite.benchmark).toBe("AIME 2025");
      expect(result.stderr).toMatch(/skipping aa-lcr: suite aa-lcr is judged by a model: name the judge with --judge\n {2}Pass --judge/);
      expect(result.stderr).toMatch(
        /skipping tau2-telecom: suite tau2-telecom is a dual-control suite: name the simulated user with --user-sim/,
      );
      expect(result.stderr).toContain("2 suites skipped (aa-lcr, tau2-telecom); they earn no points until they run");
    } finally {
      await server.close();
    }
  });
});
