import { execFile } from "node:child_process";
import { cp, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { answerKey } from "../src/sim/index.js";
import { startSimServer, type SimServer } from "../src/sim/index.js";
import type { RunSummary } from "../src/spec/run.js";
import { loadSuite } from "../src/suite/index.js";
import { kfmBin, projectRoot, temporaryDirectory } from "../tests/helpers/cli.js";

const exec = promisify(execFile);
const here = join(projectRoot, "examples");

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
}

/** Runs a workflow's shell steps as the runner would, with `npx kfm` pointing at this checkout. */
async function runStep(step: Step, cwd: string, env: Record<string, string>, expressions: Record<string, string> = {}) {
  let script = step.run!.replace(/npx kfm/g, `node ${kfmBin}`);
  for (const [expression, value] of Object.entries(expressions)) script = script.split(`\${{ ${expression} }}`).join(value);
  expect(script).not.toContain("${{");
  return exec("bash", ["-euo", "pipefail", "-c", script], { cwd, env: { ...process.env, ...env }, maxBuffer: 32 * 1024 * 1024 });
}

const summaryOf = async (dir: string) => JSON.parse(await readFile(join(dir, "summary.json"), "utf8")) as RunSummary;
function scoring(summary: RunSummary) {
  const { runId: _r, elapsedSeconds: _e, latencyMs: _l, resumeCommand: _c, ...rest } = summary;
  return rest;
}

let sim: SimServer;
const key = "sk-example-workflow-key-000111";
beforeAll(async () => {
  const suite = await loadSuite("kmmlu");
  sim = await startSimServer({ seed: 6, accuracy: 0.6, apiKey: key, answerKey: answerKey(suite.items) });
});
afterAll(() => sim.close());

describe("examples/github-actions", () => {
  it("the checkpoint workflow's steps run locally: evaluate, compare with main, reports", async () => {
    const workflow = parse(await readFile(join(here, "github-actions", "kfm-checkpoint.yml"), "utf8")) as {
      jobs: { evaluate: { steps: Step[] } };
    };
    const steps = workflow.jobs.evaluate.steps;
    const cwd = await temporaryDirectory();
    const env = { KFM_ENDPOINT: sim.url, KFM_MODEL: "kfm-sim-1", KFM_API_KEY: key };
    const evaluate = steps.find((step) => step.name === "Evaluate the checkpoint")!;
    // "main" is the same model evaluated earlier; the artifact download is emulated by a copy.
    await runStep(evaluate, cwd, env);
    await cp(join(cwd, "results", "candidate"), join(cwd, "results", "main"), { recursive: true });
    await exec("rm", ["-rf", join(cwd, "results", "candidate")]);
    await runStep(evaluate, cwd, env);
    expect((await summaryOf(join(cwd, "results", "candidate"))).total).toBe(1000);
    const compare = await runStep(
      steps.find((step) => step.name === "Compare with main")!,
      cwd,
      env,
    );
    expect(compare.stdout).toContain("ok: no drop");
    await runStep(
      steps.find((step) => step.name === "Reports")!,
      cwd,
      env,
    );
    for (const file of ["kfm-report.html", "kfm-junit.xml", "kfm-report.md"])
      expect((await readFile(join(cwd, file), "utf8")).length).toBeGreaterThan(200);
    expect(await readFile(join(cwd, "kfm-report.html"), "utf8")).not.toContain(key);
  });

  it("the workflows install kfm from the team's copy of its repository, never from npm by name", async () => {
    for (const file of ["kfm-checkpoint.yml", "kfm-sharded.yml"]) {
      const text = await readFile(join(here, "github-actions", file), "utf8");
      const installs = [...text.matchAll(/run: (npm .*)/g)].map((match) => match[1]);
      expect(installs.length).toBeGreaterThan(0);
      for (const install of installs) expect(install).toMatch(/^npm install --no-save "\$\{\{ vars\.KFM_PACKAGE \}\}"/);
      expect(text).toMatch(/git\+https:\/\/github\.com\/<your-org>\/kfm\.git#|kfm-checkpoint\.yml/);
    }
  });

  it("the sharded workflow's matrix and merge give the unsharded result", async () => {
    const workflow = parse(await readFile(join(here, "github-actions", "kfm-sharded.yml"), "utf8")) as {
      jobs: { shard: { strategy: { matrix: { shard: number[] } }; steps: Step[] }; merge: { steps: Step[] } };
    };
    const cwd = await temporaryDirectory();
    const env = { KFM_API_KEY: key };
    const shards = workflow.jobs.shard.strategy.matrix.shard;
    const evalStep = workflow.jobs.shard.steps.find((step) => step.run?.includes("kfm eval"))!;
    // Shard a 200-item sample to keep the test quick; the recipe itself runs the full suite.
    const sampled: Step = { run: `${evalStep.run!} --sample 200 --seed 2` };
    for (const shard of shards) {
      await runStep(sampled, cwd, env, { "vars.KFM_ENDPOINT": sim.url, "vars.KFM_MODEL": "kfm-sim-1", "matrix.shard": String(shard) });
      await mkdir(join(cwd, "shards"), { recursive: true });
      await cp(join(cwd, "results", `shard-${shard}`), join(cwd, "shards", `kfm-shard-${shard}`), { recursive: true });
    }
    await runStep(
      workflow.jobs.merge.steps.find((step) => step.run?.includes("kfm merge"))!,
      cwd,
      env,
    );
    const single = await temporaryDirectory();
    await exec(
      process.execPath,
      [
        kfmBin,
        "eval",
        "kmmlu",
        "--endpoint",
        sim.url,
        "--model",
        "kfm-sim-1",
        "--api-key-env",
        "KFM_API_KEY",
        "--sample",
        "200",
        "--seed",
        "2",
        "--out",
        single,
        "--run-id",
        "one",
        "--quiet",
      ],
      {
        env: { ...process.env, ...env },
      },
    );
    expect(scoring(await summaryOf(join(cwd, "results", "kmmlu-full")))).toEqual(scoring(await summaryOf(join(single, "one"))));
  });
});

describe("examples/kubernetes", () => {
  it("the Indexed Job runs one shard per JOB_COMPLETION_INDEX and the merge job joins them", async () => {
    const [job, merge] = parseAllDocuments(await readFile(join(here, "kubernetes", "kfm-indexed-job.yaml"), "utf8")).map((document) =>
      document.toJS(),
    ) as Array<{
      spec: {
        completionMode?: string;
        completions?: number;
        parallelism?: number;
        template: { spec: { containers: Array<{ command: string[]; args?: string[] }> } };
      };
    }>;
    expect(job!.spec.completionMode).toBe("Indexed");
    expect(job!.spec.completions).toBe(4);
    expect(job!.spec.parallelism).toBe(4);
    const results = await temporaryDirectory();
    const script = job!.spec.template.spec.containers[0]!.args![0]!.split("/results")
      .join(results)
      .replace(/node bin\/kfm\.js/g, `node ${kfmBin}`)
      .replace("--api-key-env KFM_API_KEY", "--api-key-env KFM_API_KEY --sample 120 --seed 4");
    for (let index = 0; index < job!.spec.completions!; index++) {
      await exec("sh", ["-c", script], {
        cwd: projectRoot,
        env: { ...process.env, JOB_COMPLETION_INDEX: String(index), KFM_ENDPOINT: sim.url, KFM_MODEL: "kfm-sim-1", KFM_API_KEY: key },
      });
    }
    // A pod restarted after finishing resumes its shard (nothing to redo) instead of starting over.
    await exec("sh", ["-c", script], {
      cwd: projectRoot,
      env: { ...process.env, JOB_COMPLETION_INDEX: "2", KFM_ENDPOINT: sim.url, KFM_MODEL: "kfm-sim-1", KFM_API_KEY: key },
    });
    const [command, ...args] = merge!.spec.template.spec.containers[0]!.command;
    expect(command).toBe("node");
    await exec(
      process.execPath,
      args.map((arg) => arg.replace(/^\/results/, results).replace(/^bin\/kfm\.js$/, kfmBin)),
      { cwd: projectRoot },
    );
    const merged = await summaryOf(join(results, "kmmlu-full"));
    expect(merged.total).toBe(120);
    expect(merged.status).toBe("complete");
    expect(merged.done).toBe(120);
  });
});
