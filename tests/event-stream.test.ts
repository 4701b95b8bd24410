import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerKey } from "../src/sim/index.js";
import { expectedOutcome, startSimServer } from "../src/sim/index.js";
import type { RunSummary } from "../src/spec/run.js";
import { loadSuite, selectItems } from "../src/suite/index.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

describe("server-sent events as the standard allows them", () => {
  it("a stream whose lines end in CRLF, with a comment first, evaluates without errors and scores as expected", async () => {
    const suite = await loadSuite("kobest-copa");
    const sample = selectItems(suite.items, { sample: 40 });
    const options = { seed: 5, accuracy: 0.7, noAnswerRate: 0.05 };
    const sim = await startSimServer({ ...options, eventLineEnding: "crlf", answerKey: answerKey(sample, (item) => suite.render(item)) });
    try {
      const out = await temporaryDirectory();
      await writeFile(
        join(out, "kfm.yaml"),
        `endpoints:\n  crlf:\n    baseUrl: ${sim.url}\n    model: kfm-sim-1\n    stream: true\n    retry: { maxRetries: 0 }\n`,
      );
      const result = await runKfm([
        "eval",
        "kobest-copa",
        "--config",
        join(out, "kfm.yaml"),
        "--endpoint",
        "crlf",
        "--sample",
        "40",
        "--out",
        out,
        "--run-id",
        "crlf",
        "--json",
      ]);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout) as RunSummary;
      const expected = { correct: 0, incorrect: 0, "no-answer": 0, error: 0 };
      for (const entry of answerKey(sample, (item) => suite.render(item))) expected[expectedOutcome(options, entry)]++;
      expect(summary.counts).toEqual(expected);
      expect(summary.ttftMs?.p50).toBeGreaterThanOrEqual(0);
    } finally {
      await sim.close();
    }
  });
});
