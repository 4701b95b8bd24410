import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerKey } from "../src/sim/index.js";
import { expectedOutcome, startSimServer, type SimOptions, type SimServer } from "../src/sim/index.js";
import type { ItemRecord } from "../src/spec/record.js";
import type { RunManifest, RunSummary } from "../src/spec/run.js";
import { loadSuite, selectItems, type LoadedSuite } from "../src/suite/index.js";
import { runKfm, startKfm, temporaryDirectory } from "./helpers/cli.js";

let suite: LoadedSuite;
beforeAll(async () => {
  suite = await loadSuite("kmmlu");
});

async function readRun(dir: string) {
  const summary = JSON.parse(await readFile(join(dir, "summary.json"), "utf8")) as RunSummary;
  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as RunManifest;
  const lines = (await readFile(join(dir, "items.jsonl"), "utf8")).split("\n").filter(Boolean);
  return { summary, manifest, records: lines.map((line) => JSON.parse(line) as ItemRecord) };
}

/** The fields that must not depend on timing, interruptions or sharding. */
function scoring(summary: RunSummary) {
  const { runId: _r, elapsedSeconds: _e, latencyMs: _l, resumeCommand: _c, ...rest } = summary;
  return rest;
}

function expectedCounts(options: SimOptions, sample: number, seed: number) {
  const ids = new Set(selectItems(suite.items, { sample, seed }).map((item) => item.id));
  const counts = { correct: 0, incorrect: 0, "no-answer": 0, error: 0 };
  for (const entry of answerKey(suite.items.filter((item) => ids.has(item.id)))) counts[expectedOutcome(options, entry)]++;
  return counts;
}

describe("every kind of fault, recovered", () => {
  it("429 with and without Retry-After, 500/502/503, resets, stalls and malformed JSON: every item ends once, none lost", async () => {
    const options: SimOptions = {
      seed: 21,
      accuracy: 0.6,
      faults: {
        rate429: 0.06,
        retryAfterSeconds: null,
        rate500: 0.05,
        rate502: 0.04,
        rate503: 0.04,
        rateReset: 0.04,
        rateTimeout: 0.03,
        rateMalformed: 0.04,
      },
    };
    const sim = await startSimServer({ ...options, answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      await writeFile(
        join(out, "kfm.yaml"),
        `endpoints:\n  flaky:\n    baseUrl: ${sim.url}\n    model: kfm-sim-1\n    concurrency: 8\n    timeouts: { totalMs: 400 }\n    retry: { maxRetries: 12, baseDelayMs: 1, maxDelayMs: 10 }\n`,
      );
      const result = await runKfm([
        "eval",
        "kmmlu",
        "--config",
        join(out, "kfm.yaml"),
        "--sample",
        "150",
        "--out",
        out,
        "--run-id",
        "faults",
        "--json",
      ]);
      expect(result.code).toBe(0);
      const { summary, records } = await readRun(join(out, "faults"));
      expect(summary.counts).toEqual(expectedCounts(options, 150, 0));
      expect(summary.errorRate).toBe(0);
      expect(records).toHaveLength(150);
      expect(new Set(records.map((record) => record.id)).size).toBe(150);
      const faults = sim.stats().byOutcome;
      for (const fault of ["429", "500", "502", "503", "reset", "timeout", "malformed"]) expect(faults[fault] ?? 0).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  });

  it("an endpoint that keeps failing leaves error records (never wrong answers), and --resume retries only those", async () => {
    const options: SimOptions = { seed: 4, accuracy: 0.7, faults: { rate500: 0.5 } };
    const sim = await startSimServer({ ...options, answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      await writeFile(
        join(out, "kfm.yaml"),
        `endpoints:\n  bad:\n    baseUrl: ${sim.url}\n    model: kfm-sim-1\n    retry: { maxRetries: 0 }\n`,
      );
      const first = await runKfm([
        "eval",
        "kmmlu",
        "--config",
        join(out, "kfm.yaml"),
        "--sample",
        "60",
        "--out",
        out,
        "--run-id",
        "e",
        "--json",
      ]);
      expect(first.code).toBe(4);
      const before = await readRun(join(out, "e"));
      expect(before.summary.counts.error).toBeGreaterThan(5);
      expect(before.summary.resumeCommand).toBe(`kfm eval --resume ${join(out, "e")}`);
      const errored = before.records.filter((record) => record.status === "error");
      expect(errored.every((record) => record.error?.status === 500 && record.extracted === undefined)).toBe(true);

      // The resumed run may meet new 500s; resume until none are left, as a user would.
      let code = 4;
      for (let round = 0; round < 12 && code === 4; round++)
        code = (await runKfm(["eval", "--resume", join(out, "e"), "--json"])).code ?? -1;
      expect(code).toBe(0);
      const after = await readRun(join(out, "e"));
      expect(after.summary.counts).toEqual(expectedCounts(options, 60, 0));
      const finished = before.records.filter((record) => record.status !== "error").map((record) => record.id);
      const finalById = new Map(after.records.map((record) => [record.id, record]));
      for (const id of finished) expect(after.records.filter((record) => record.id === id)).toHaveLength(1);
      expect(finalById.size).toBe(60);
    } finally {
      await sim.close();
    }
  });
});

describe("crash-exact resume", () => {
  let sim: SimServer;
  const options: SimOptions = { seed: 13, accuracy: 0.58, latency: { meanMs: 8, jitterMs: 6 } };
  beforeAll(async () => {
    sim = await startSimServer({ ...options, answerKey: answerKey(suite.items) });
  });
  afterAll(() => sim.close());

  it("SIGKILL at several points, then resume: the same summary as an uninterrupted run, one final record per item", async () => {
    const out = await temporaryDirectory();
    const args = [
      "eval",
      "kmmlu",
      "--endpoint",
      sim.url,
      "--model",
      "kfm-sim-1",
      "--sample",
      "180",
      "--seed",
      "5",
      "--out",
      out,
      "--concurrency",
      "6",
      "--quiet",
    ];
    const dir = join(out, "crash");
    const itemsFile = join(dir, "items.jsonl");
    const lineCount = async () => (await readFile(itemsFile, "utf8").catch(() => "")).split("\n").length - 1;
    // Kill points chosen by line count so the test is deterministic in what it exercises.
    for (const [round, killAt] of [25, 70, 130].entries()) {
      const { child, done } = startKfm(round === 0 ? [...args, "--run-id", "crash"] : ["eval", "--resume", dir, "--quiet"]);
      for (let waited = 0; waited < 20_000 && (await lineCount()) < killAt; waited += 10)
        await new Promise((resolve) => setTimeout(resolve, 10));
      child.kill("SIGKILL");
      const killed = await done;
      expect(killed.signal).toBe("SIGKILL");
    }
    const before = await lineCount();
    expect(before).toBeLessThan(180);
    const resumed = await runKfm(["eval", "--resume", dir, "--json"]);
    expect(resumed.code).toBe(0);
    const whole = await runKfm([...args, "--run-id", "whole", "--json"]);
    expect(whole.code).toBe(0);
    const a = await readRun(dir);
    const b = await readRun(join(out, "whole"));
    expect(scoring(a.summary)).toEqual(scoring(b.summary));
    expect(a.summary.counts).toEqual(expectedCounts(options, 180, 5));
    const ids = a.records.map((record) => record.id);
    expect(ids).toHaveLength(new Set(ids).size);
    expect(ids).toHaveLength(180);
  });

  it("sharded runs merged give the same summary as one run", async () => {
    const out = await temporaryDirectory();
    const base = [
      "eval",
      "kmmlu",
      "--endpoint",
      sim.url,
      "--model",
      "kfm-sim-1",
      "--sample",
      "120",
      "--seed",
      "8",
      "--out",
      out,
      "--quiet",
    ];
    for (const shard of ["0/3", "1/3", "2/3"]) expect((await runKfm([...base, "--shard", shard, "--run-id", `s${shard[0]}`])).code).toBe(0);
    const merged = await runKfm(["merge", join(out, "s0"), join(out, "s1"), join(out, "s2"), "--out", out, "--run-id", "merged", "--json"]);
    expect(merged.stderr).toBe("");
    expect(merged.code).toBe(0);
    expect((await runKfm([...base, "--run-id", "one"])).code).toBe(0);
    const a = await readRun(join(out, "merged"));
    const b = await readRun(join(out, "one"));
    expect(scoring(a.summary)).toEqual(scoring(b.summary));
    expect(a.manifest.mergedFrom).toEqual(["s0", "s1", "s2"]);
    expect(a.records.map((record) => record.id).sort()).toEqual(b.records.map((record) => record.id).sort());

    const missing = await runKfm(["merge", join(out, "s0"), join(out, "s2"), "--out", out, "--run-id", "m2"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("1/3");
    const mixed = await runKfm(["merge", join(out, "s0"), join(out, "one"), "--out", out, "--run-id", "m3"]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("not a shard of the same evaluation");
  });
});

describe("runaway replies", () => {
  it("a reply past 100,000 characters is stored cut and flagged, and scored as it came", async () => {
    // A suite with a reasoning model's token budget, so a generation loop is not cut by max_tokens.
    const dir = await temporaryDirectory();
    await mkdir(join(dir, "data"));
    const rows = Array.from(
      { length: 30 },
      (_, n) => `"긴 답 문제 ${n}: ${n}에 ${n + 1}을 더하면?",${(n % 4) + 1},${2 * n},${2 * n + 1},${2 * n + 2},${2 * n + 3}`,
    );
    await writeFile(join(dir, "data", "long.csv"), `question,answer,A,B,C,D\n${rows.join("\n")}\n`);
    await writeFile(
      join(dir, "long.yaml"),
      [
        "kfm: suite/v1",
        "id: long-replies",
        "version: 1.0.0",
        "title: Long replies (test)",
        "benchmark: TEST",
        "language: ko",
        "licence: CC0-1.0",
        "source: { citation: written by this test }",
        "data:",
        "  format: csv",
        "  files: data/*.csv",
        "  fields: { question: question, A: A, B: B, C: C, D: D, answer: answer }",
        "  choices: [A, B, C, D]",
        '  target: { field: answer, map: { "1": A, "2": B, "3": C, "4": D } }',
        'prompt: { user: "{{question}}\\nA. {{A}}\\nB. {{B}}\\nC. {{C}}\\nD. {{D}}" }',
        "generation: { temperature: 0, max_tokens: 65536 }",
        "scorer: { id: multiple-choice }",
        "",
      ].join("\n"),
    );
    const long = await loadSuite(join(dir, "long.yaml"));
    const runaway = await startSimServer({ seed: 5, runawayRate: 0.4, answerKey: answerKey(long.items) });
    const steady = await startSimServer({ seed: 5, answerKey: answerKey(long.items) });
    try {
      const run = (url: string, id: string) =>
        runKfm([
          "eval",
          join(dir, "long.yaml"),
          "--endpoint",
          url,
          "--model",
          "kfm-sim-1",
          "--no-probes",
          "--out",
          dir,
          "--run-id",
          id,
          "--json",
        ]);
      expect((await run(runaway.url, "runaway")).code).toBe(0);
      expect((await run(steady.url, "steady")).code).toBe(0);
      const a = await readRun(join(dir, "runaway"));
      const b = await readRun(join(dir, "steady"));
      const cut = a.records.filter((record) => record.truncated);
      expect(cut.length).toBe(runaway.stats().byOutcome.runaway);
      expect(cut.length).toBeGreaterThan(5);
      for (const record of cut) expect(record.reply).toHaveLength(100_000);
      expect(a.summary.truncatedReplies).toBe(cut.length);
      expect(b.summary.truncatedReplies).toBeUndefined();
      const shown = await runKfm(["show", join(dir, "runaway")]);
      expect(shown.stdout).toContain(`${cut.length} replies too long to store whole`);
      // Scored on the whole reply: the same answers as the model that stops after its answer.
      const answers = (records: ItemRecord[]) =>
        records
          .map((record) => [record.id, record.status, record.extracted ?? null])
          .sort(([x], [y]) => String(x).localeCompare(String(y)));
      expect(answers(a.records)).toEqual(answers(b.records));
      expect(scoring(a.summary).counts).toEqual(scoring(b.summary).counts);
    } finally {
      await runaway.close();
      await steady.close();
    }
  });
});

describe("runaway replies past the byte cap", () => {
  it("a reply past the endpoint's maxResponseBytes is an error on its item, never an answer, and stays one on resume", async () => {
    const options: SimOptions = { seed: 8, accuracy: 0.6, runawayRate: 0.3 };
    const sim = await startSimServer({ ...options, answerKey: answerKey(suite.items) });
    try {
      const out = await temporaryDirectory();
      // KMMLU's max_tokens stops a runaway at 8,192 characters, about 19 KB here: over this cap, while a plain reply is a few KB at most.
      await writeFile(
        join(out, "kfm.yaml"),
        `endpoints:\n  loops:\n    baseUrl: ${sim.url}\n    model: kfm-sim-1\n    maxResponseBytes: 12000\n    retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 }\n`,
      );
      const first = await runKfm([
        "eval",
        "kmmlu",
        "--config",
        join(out, "kfm.yaml"),
        "--sample",
        "60",
        "--out",
        out,
        "--run-id",
        "capped",
        "--no-probes",
        "--json",
      ]);
      expect(first.code).toBe(4);
      const before = await readRun(join(out, "capped"));
      const errored = before.records.filter((record) => record.status === "error");
      // Not retried: one request per runaway item.
      expect(errored.length).toBe(sim.stats().byOutcome.runaway);
      expect(errored.length).toBeGreaterThan(5);
      for (const record of errored) {
        expect(record.error?.message).toContain("passed 12000 bytes; kfm stopped reading it");
        expect(record.extracted).toBeUndefined();
        expect(record.attempts).toBe(1);
      }
      // Every other item is scored as the simulator's policy says.
      const selected = selectItems(suite.items, { sample: 60, seed: 0 });
      const expected = new Map(answerKey(selected).map((entry, index) => [selected[index]!.id, expectedOutcome(options, entry)]));
      for (const record of before.records.filter((each) => each.status !== "error")) expect(record.status).toBe(expected.get(record.id));

      const resumed = await runKfm(["eval", "--resume", join(out, "capped"), "--json"]);
      expect(resumed.code).toBe(4);
      const after = await readRun(join(out, "capped"));
      expect(after.summary.counts.error).toBe(errored.length);
      expect(after.summary.done).toBe(60);
    } finally {
      await sim.close();
    }
  });
});

describe("bad input", () => {
  it("a results folder that cannot be written is reported before any request is sent", async () => {
    if (process.getuid?.() === 0) {
      // root ignores permissions: use a path under a regular file instead.
      const out = await temporaryDirectory();
      await writeFile(join(out, "file"), "x");
      const sim = await startSimServer({ answerKey: answerKey(suite.items) });
      try {
        const result = await runKfm([
          "eval",
          "kmmlu",
          "--endpoint",
          sim.url,
          "--model",
          "kfm-sim-1",
          "--limit",
          "5",
          "--out",
          join(out, "file", "results"),
        ]);
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain("cannot be written");
        expect(sim.stats().requests).toBe(0);
      } finally {
        await sim.close();
      }
      return;
    }
    const out = await temporaryDirectory();
    await mkdir(join(out, "ro"));
    await chmod(join(out, "ro"), 0o500);
    const result = await runKfm(["eval", "kmmlu", "--limit", "5", "--out", join(out, "ro")]);
    expect(result.stderr).toContain("cannot be written");
  });

  it("a run id already taken is reported before any request is sent", async () => {
    const out = await temporaryDirectory();
    await mkdir(join(out, "taken"));
    const sim = await startSimServer({ answerKey: answerKey(suite.items) });
    try {
      const flags = ["--endpoint", sim.url, "--model", "kfm-sim-1", "--limit", "5", "--out", out, "--run-id", "taken"];
      const result = await runKfm(["eval", "kmmlu", ...flags]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("already exists");
      expect(sim.stats().requests).toBe(0);
    } finally {
      await sim.close();
    }
  });
});

describe("faults in multi-request items: the agent loop and the judge", () => {
  const faults = { rate429: 0.05, retryAfterSeconds: null, rate500: 0.06, rate503: 0.04, rateReset: 0.04, rateMalformed: 0.04 };
  const retry = "    retry: { maxRetries: 12, baseDelayMs: 1, maxDelayMs: 10 }\n";

  it("an agent suite under faults ends every trial once with the same outcomes as without faults", async () => {
    const { toolKey } = await import("../src/sim/index.js");
    const agentSuite = await loadSuite("kfm-agent-ko");
    const tools = { wrongArgumentRate: 0.2, wrongDecisionRate: 0.05, malformedRate: 0.1 };
    const clean = await startSimServer({ seed: 6, tools, toolKey: toolKey(agentSuite.items, true) });
    const flaky = await startSimServer({ seed: 6, tools, faults, toolKey: toolKey(agentSuite.items, true) });
    try {
      const out = await temporaryDirectory();
      await writeFile(
        join(out, "kfm.yaml"),
        `endpoints:\n  clean:\n    baseUrl: ${clean.url}\n    model: m\n${retry}  flaky:\n    baseUrl: ${flaky.url}\n    model: m\n${retry}`,
      );
      const run = (endpoint: string) =>
        runKfm([
          "eval",
          "kfm-agent-ko",
          "--config",
          join(out, "kfm.yaml"),
          "--endpoint",
          endpoint,
          "--out",
          out,
          "--run-id",
          endpoint,
          "--json",
          "--no-probes",
        ]);
      const [a, b] = [await run("clean"), await run("flaky")];
      expect([a.code, b.code]).toEqual([0, 0]);
      const { records } = await readRun(join(out, "flaky"));
      expect(records).toHaveLength(72);
      expect(new Set(records.map((record) => record.id)).size).toBe(72);
      // The simulator's policy is keyed by the conversation, not by request order: retried requests change nothing.
      expect((JSON.parse(b.stdout) as RunSummary).toolUse).toEqual((JSON.parse(a.stdout) as RunSummary).toolUse);
      for (const fault of ["429", "500", "503", "reset", "malformed"]) expect(flaky.stats().byOutcome[fault] ?? 0).toBeGreaterThan(0);
    } finally {
      await clean.close();
      await flaky.close();
    }
  });

  it("SIGKILL during an agent run, then resume: trials cut mid-loop are redone, and the summary equals an uninterrupted run's", async () => {
    const { toolKey } = await import("../src/sim/index.js");
    const agentSuite = await loadSuite("kfm-agent-ko");
    const sim = await startSimServer({
      seed: 2,
      latency: { meanMs: 15 },
      tools: { wrongArgumentRate: 0.2, wrongDecisionRate: 0.05, malformedRate: 0.1 },
      toolKey: toolKey(agentSuite.items, true),
    });
    try {
      const out = await temporaryDirectory();
      const args = [
        "eval",
        "kfm-agent-ko",
        "--endpoint",
        sim.url,
        "--model",
        "m",
        "--out",
        out,
        "--concurrency",
        "4",
        "--quiet",
        "--no-probes",
      ];
      const dir = join(out, "crash");
      const lineCount = async () => (await readFile(join(dir, "items.jsonl"), "utf8").catch(() => "")).split("\n").length - 1;
      for (const [round, killAt] of [10, 40].entries()) {
        const { child, done } = startKfm(
          round === 0 ? [...args, "--run-id", "crash"] : ["eval", "--resume", dir, "--quiet", "--no-probes"],
        );
        for (let waited = 0; waited < 20_000 && (await lineCount()) < killAt; waited += 5)
          await new Promise((resolve) => setTimeout(resolve, 5));
        child.kill("SIGKILL");
        expect((await done).signal).toBe("SIGKILL");
      }
      expect(await lineCount()).toBeLessThan(72);
      expect((await runKfm(["eval", "--resume", dir, "--json", "--no-probes"])).code).toBe(0);
      expect((await runKfm([...args, "--run-id", "whole"])).code).toBe(0);
      const a = await readRun(dir);
      const b = await readRun(join(out, "whole"));
      expect(a.summary.toolUse).toEqual(b.summary.toolUse);
      expect(a.summary.counts).toEqual(b.summary.counts);
      expect(new Set(a.records.map((record) => record.id)).size).toBe(72);
    } finally {
      await sim.close();
    }
  });

  it("a flaky judge: retried judge calls give the same ratings as a steady judge, none lost", async () => {
    const steady = await startSimServer({ seed: 3, model: "judge" });
    const flaky = await startSimServer({ seed: 3, model: "judge", faults });
    try {
      const out = await temporaryDirectory();
      await writeFile(
        join(out, "kfm.yaml"),
        `endpoints:\n  steady:\n    baseUrl: ${steady.url}\n    model: judge\n${retry}  flaky:\n    baseUrl: ${flaky.url}\n    model: judge\n${retry}`,
      );
      const run = (judge: string) =>
        runKfm([
          "eval",
          "komt-bench",
          "--config",
          join(out, "kfm.yaml"),
          "--endpoint",
          "sim",
          "--judge",
          judge,
          "--limit",
          "30",
          "--out",
          out,
          "--run-id",
          judge,
          "--json",
          "--no-probes",
        ]);
      const [a, b] = [await run("steady"), await run("flaky")];
      expect([a.code, b.code]).toEqual([0, 0]);
      expect((JSON.parse(b.stdout) as RunSummary).judged).toEqual((JSON.parse(a.stdout) as RunSummary).judged);
      expect(flaky.stats().byOutcome.judge).toBe(60);
      expect((flaky.stats().byOutcome["500"] ?? 0) + (flaky.stats().byOutcome["503"] ?? 0)).toBeGreaterThan(0);
    } finally {
      await steady.close();
      await flaky.close();
    }
  });
});
