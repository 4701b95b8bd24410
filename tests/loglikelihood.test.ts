import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ItemRecord } from "../src/spec/record.js";
import type { RunManifest, RunSummary } from "../src/spec/run.js";
import { projectRoot, runKfm, temporaryDirectory } from "./helpers/cli.js";

const records = async (dir: string) =>
  (await readFile(join(dir, "items.jsonl"), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as ItemRecord);

describe("kfm eval --scoring loglikelihood (lm-evaluation-harness style) over HTTP", () => {
  it("scores KMMLU 5-shot by each label's log-probability, and picks exactly the answers the same model gives in chat", async () => {
    const out = await temporaryDirectory();
    const common = ["eval", "kmmlu-5shot", "--endpoint", "sim", "--sample", "120", "--seed", "3", "--out", out, "--json", "--no-probes"];
    const byLikelihood = await runKfm([...common, "--run-id", "ll", "--scoring", "loglikelihood"]);
    expect(byLikelihood.code).toBe(0);
    const generated = await runKfm([...common, "--run-id", "gen"]);
    expect(generated.code).toBe(0);
    const ll = await records(join(out, "ll"));
    const gen = new Map((await records(join(out, "gen"))).map((record) => [record.id, record]));
    expect(ll).toHaveLength(120);
    // The simulator's chat answers and its label likelihoods come from the same seeded policy.
    for (const record of ll) {
      expect(record.rule).toBe("loglikelihood");
      expect(Object.keys(record.details!.logLikelihood!)).toEqual(["A", "B", "C", "D"]);
      if (gen.get(record.id)!.status === "correct") expect(record.status).toBe("correct");
    }
    const summary = JSON.parse(byLikelihood.stdout) as RunSummary;
    expect(summary.counts["no-answer"]).toBe(0);
    expect(summary.counts.correct).toBe([...gen.values()].filter((record) => record.status === "correct").length);
    const manifest = JSON.parse(await readFile(join(out, "ll", "manifest.json"), "utf8")) as RunManifest;
    expect(manifest.scoringMethod).toBe("loglikelihood");
    // A re-score keeps the recorded argmax (there is no reply to re-read).
    const rescored = await runKfm(["rescore", join(out, "ll"), "--json"]);
    expect((JSON.parse(rescored.stdout) as RunSummary).counts).toEqual(summary.counts);
  });

  it("refuses a suite without options and an adapter that cannot score log-likelihood, with exit 2", async () => {
    const out = await temporaryDirectory();
    const open = await runKfm(["eval", "hrm8k", "--endpoint", "sim", "--scoring", "loglikelihood", "--out", out]);
    expect(open.code).toBe(2);
    expect(open.stderr).toMatch(/log-likelihood scoring needs a multiple-choice suite/);
    const plugin = join(projectRoot, "examples", "adapter-plugin", "tgi-adapter.js");
    await writeFile(
      join(out, "kfm.yaml"),
      `plugins:\n  - ${plugin}\nendpoints:\n  local-tgi:\n    adapter: tgi\n    baseUrl: http://127.0.0.1:9/\n`,
    );
    const tgi = await runKfm(
      ["eval", "kmmlu-5shot", "--endpoint", "local-tgi", "--scoring", "loglikelihood", "--limit", "2", "--no-probes", "--out", out],
      { cwd: out },
    );
    expect(tgi.code).toBe(2);
    expect(tgi.stderr).toMatch(/cannot score by log-likelihood/);
    const bad = await runKfm(["eval", "kmmlu-5shot", "--scoring", "logprob", "--out", out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--scoring expects generate or loglikelihood/);
  });
});
