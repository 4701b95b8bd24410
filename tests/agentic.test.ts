import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toolKey } from "../src/sim/index.js";
import { startSimServer, type SimServer } from "../src/sim/index.js";
import type { ToolUseDetails } from "../src/scoring/tool-use-metrics.js";
import type { ItemRecord } from "../src/spec/record.js";
import type { RunSummary } from "../src/spec/run.js";
import { loadSuite, type LoadedSuite } from "../src/suite/index.js";
import { projectRoot, runKfm, startKfm, temporaryDirectory } from "./helpers/cli.js";

const FUNCTIONCHAT = ["functionchat-singlecall", "functionchat-dialog", "functionchat-calldecision"] as const;
const records = async (dir: string) =>
  (await readFile(join(dir, "items.jsonl"), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as ItemRecord & { details?: ToolUseDetails });
const perfect = { wrongArgumentRate: 0, wrongDecisionRate: 0, malformedRate: 0 };

describe("FunctionChat-Bench over HTTP (the real data)", () => {
  const suites = new Map<string, LoadedSuite>();
  beforeAll(async () => {
    for (const id of FUNCTIONCHAT) suites.set(id, await loadSuite(id));
  });

  it("ships every evaluated turn: 500 single-call, 200 dialog, 230 call-decision", () => {
    expect(FUNCTIONCHAT.map((id) => suites.get(id)!.items.length)).toEqual([500, 200, 230]);
    const dialog = suites.get("functionchat-dialog")!.items;
    const counts = Object.fromEntries(
      ["call", "completion", "slot", "relevance"].map((kind) => [kind, dialog.filter((item) => item.subject === kind).length]),
    );
    expect(counts).toEqual({ call: 70, completion: 71, slot: 36, relevance: 23 });
    // The published acceptable arguments come through (자카르타 or Jakarta).
    const jakarta = suites.get("functionchat-singlecall")!.items.find((item) => item.id === "singlecall-4-13-exact")!;
    expect(jakarta.task!.expected.calls![0]).toMatchObject({
      name: "getCurrentTimeForLocation",
      arguments: { location: "자카르타" },
      acceptable: { location: ["Jakarta"] },
    });
    expect(jakarta.fields).not.toHaveProperty("messages");
  });

  for (const id of FUNCTIONCHAT) {
    it(`${id}: a model that always does the reference thing scores 100%, one that always takes the wrong decision 0%`, async () => {
      const suite = suites.get(id)!;
      const out = await temporaryDirectory();
      for (const [name, tools, accuracy] of [
        ["right", perfect, 1],
        ["wrong", { ...perfect, wrongDecisionRate: 1 }, 0],
      ] as const) {
        const sim = await startSimServer({ seed: 5, tools, toolKey: toolKey(suite.items, false) });
        try {
          const result = await runKfm([
            "eval",
            id,
            "--endpoint",
            sim.url,
            "--model",
            "kfm-sim-1",
            "--out",
            out,
            "--run-id",
            name,
            "--json",
            "--no-probes",
            "--concurrency",
            "8",
          ]);
          expect(result.stderr).not.toMatch(/internal error/);
          expect(result.code).toBe(0);
          const summary = JSON.parse(result.stdout) as RunSummary;
          expect(summary.accuracy).toBe(accuracy);
          expect(summary.toolUse!.tasks).toBe(suite.items.length);
        } finally {
          await sim.close();
        }
      }
      const right = await records(join(out, "right"));
      const calls = right.filter((record) => record.details?.toolUse?.expected === "call");
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every((record) => record.toolCalls!.length > 0 && record.rule === "call-match")).toBe(true);
    });
  }

  it("a wrong argument value fails the call turn and the record says which argument", async () => {
    const suite = suites.get("functionchat-singlecall")!;
    const sim = await startSimServer({ seed: 5, tools: { ...perfect, wrongArgumentRate: 1 }, toolKey: toolKey(suite.items, false) });
    const out = await temporaryDirectory();
    try {
      const result = await runKfm([
        "eval",
        "functionchat-singlecall",
        "--endpoint",
        sim.url,
        "--model",
        "m",
        "--limit",
        "20",
        "--out",
        out,
        "--run-id",
        "w",
        "--json",
        "--no-probes",
      ]);
      expect(result.code).toBe(0);
      const mismatched = (await records(join(out, "w"))).filter((record) => record.rule === "call-mismatch");
      // Functions without arguments get an unexpected one instead.
      expect(mismatched).toHaveLength(20);
      expect(
        mismatched.every((record) => /is .*, expected|unexpected argument/.test(record.details!.toolUse!.mismatches!.join("; "))),
      ).toBe(true);
    } finally {
      await sim.close();
    }
  });
});

describe("FunctionChat-Bench graded by a judge with the published rubrics", () => {
  it("passes every turn of a model that does the reference thing, fails every turn of one that takes the wrong decision, and a judge without a verdict is an item error", async () => {
    const suite = await loadSuite("functionchat-dialog-judged");
    expect([...suite.judgeResources!.prompts.keys()].sort()).toEqual(["call", "completion", "relevance", "slot"]);
    const out = await temporaryDirectory();
    for (const [name, tools, judge, expected] of [
      ["right", perfect, {}, { correct: 200, incorrect: 0, error: 0 }],
      ["wrong", { ...perfect, wrongDecisionRate: 1 }, {}, { correct: 0, incorrect: 200, error: 0 }],
      ["mute", perfect, { noRatingRate: 1 }, { correct: 0, incorrect: 0, error: 200 }],
    ] as const) {
      // One simulator plays both the model and the judge.
      const sim = await startSimServer({ seed: 5, tools, judge, toolKey: toolKey(suite.items, false) });
      try {
        const result = await runKfm([
          "eval",
          "functionchat-dialog-judged",
          "--endpoint",
          sim.url,
          "--model",
          "m",
          "--judge",
          sim.url,
          "--judge-model",
          "m",
          "--out",
          out,
          "--run-id",
          name,
          "--json",
          "--no-probes",
          "--concurrency",
          "8",
        ]);
        expect(result.code).toBe(name === "mute" ? 4 : 0);
        expect((JSON.parse(result.stdout) as RunSummary).counts).toMatchObject(expected);
      } finally {
        await sim.close();
      }
    }
    const judged = await records(join(out, "right"));
    const slot = judged.find((record) => record.subject === "slot")!;
    expect(slot.rule).toBe("judged:slot");
    expect(slot.details!.judge!.turns[0]!.replies[0]).toMatch(/\npass$/);
  });
});

describe("kfm-agent-ko: the agent loop over HTTP with stateful tools", () => {
  let suite: LoadedSuite;
  beforeAll(async () => {
    suite = await loadSuite("kfm-agent-ko");
  });

  it("ships 24 tasks in four domains, run 3 times each", () => {
    expect(suite.items).toHaveLength(24);
    expect(new Set(suite.items.map((item) => item.subject))).toEqual(new Set(["banking", "calendar", "shopping", "booking"]));
    expect(suite.agentic).toMatchObject({ mode: "loop", trials: 3, limits: { turns: 12, toolCalls: 20, seconds: 180 } });
    expect(typeof suite.agentic!.environment).toBe("function");
  });

  it("a model that plays the reference solutions passes every trial; its trajectories are stored whole", async () => {
    const sim = await startSimServer({ seed: 2, tools: perfect, toolKey: toolKey(suite.items, true) });
    const out = await temporaryDirectory();
    try {
      const result = await runKfm([
        "eval",
        "kfm-agent-ko",
        "--endpoint",
        sim.url,
        "--model",
        "m",
        "--out",
        out,
        "--run-id",
        "p",
        "--json",
        "--no-probes",
      ]);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout) as RunSummary;
      expect(summary.total).toBe(72);
      expect(summary.toolUse).toMatchObject({
        tasks: 24,
        trials: 3,
        passAt1: 1,
        passHatK: { "1": 1, "2": 1, "3": 1 },
        loop: { malformedCalls: 0, stops: { answer: 72 } },
      });
      const stored = await records(join(out, "p"));
      const transfer = stored.find((record) => record.id === "bank-rent-memo#2")!;
      expect(transfer).toMatchObject({ task: "bank-rent-memo", trial: 2, status: "correct" });
      expect(transfer.agent!.finalState).toMatchObject({ accounts: { "110-001": { balance: 400000 }, "330-123": { balance: 850000 } } });
      expect(transfer.agent!.trajectory.filter((message) => message.role === "tool")).toHaveLength(2);
    } finally {
      await sim.close();
    }
  });

  it("malformed calls go back as tool errors until the turn limit; only tasks whose right end state is the start state pass", async () => {
    const sim = await startSimServer({ seed: 2, tools: { ...perfect, malformedRate: 1 }, toolKey: toolKey(suite.items, true) });
    const out = await temporaryDirectory();
    try {
      const result = await runKfm([
        "eval",
        "kfm-agent-ko",
        "--endpoint",
        sim.url,
        "--model",
        "m",
        "--out",
        out,
        "--run-id",
        "m",
        "--json",
        "--no-probes",
      ]);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout) as RunSummary;
      // bank-insufficient, shop-out-of-stock and book-too-many expect nothing to change.
      expect(summary.counts.correct).toBe(9);
      expect(summary.toolUse!.loop).toMatchObject({ meanTurns: 12, malformedCalls: 72 * 12, stops: { turns: 72 } });
      const stored = await records(join(out, "m"));
      expect(stored.every((record) => record.rule === "end-state" || record.rule === "limit:turns")).toBe(true);
    } finally {
      await sim.close();
    }
  });

  it("trials differ by seed, a cut-off run resumes to the same result, and a re-score agrees", async () => {
    const sim = await startSimServer({
      seed: 9,
      tools: { wrongArgumentRate: 0.3, wrongDecisionRate: 0.1, malformedRate: 0.1 },
      toolKey: toolKey(suite.items, true),
    });
    const out = await temporaryDirectory();
    try {
      const whole = await runKfm([
        "eval",
        "kfm-agent-ko",
        "--endpoint",
        sim.url,
        "--model",
        "m",
        "--out",
        out,
        "--run-id",
        "a",
        "--json",
        "--no-probes",
      ]);
      const first = JSON.parse(whole.stdout) as RunSummary;
      expect(first.toolUse!.passHatK["3"]!).toBeLessThan(first.toolUse!.passAt1);
      // The same run cut after 30 records, then resumed.
      const again = await runKfm([
        "eval",
        "kfm-agent-ko",
        "--endpoint",
        sim.url,
        "--model",
        "m",
        "--out",
        out,
        "--run-id",
        "b",
        "--json",
        "--no-probes",
      ]);
      expect(again.code).toBe(0);
      const log = join(out, "b", "items.jsonl");
      await writeFile(log, (await readFile(log, "utf8")).split("\n").slice(0, 30).join("\n") + "\n");
      const resumed = await runKfm(["eval", "--resume", join(out, "b"), "--json", "--no-probes"]);
      expect(resumed.code).toBe(0);
      const second = JSON.parse(resumed.stdout) as RunSummary;
      expect(second.toolUse).toEqual(first.toolUse);
      expect(second.counts).toEqual(first.counts);
      const html = await runKfm(["report", join(out, "a"), "--format", "html", "--out", "-"]);
      expect(html.stdout).toMatch(/pass@1 \d+\.\d% over 24 tasks; pass\^1 \d+\.\d%, pass\^2 \d+\.\d%, pass\^3 \d+\.\d%/);
      // The item browser carries each trial's trajectory, and the prompt of trial items.
      expect(html.stdout).toContain("[tool list_accounts]");
      expect(html.stdout).toMatch(/stopped by (answer|turns)\)/);
      expect(html.stdout).toContain("주거래 통장에서 엄마 계좌로 20만 원 보내줘.");
      const rescored = await runKfm(["rescore", join(out, "a"), "--json"]);
      expect((JSON.parse(rescored.stdout) as RunSummary).toolUse).toEqual(first.toolUse);
    } finally {
      await sim.close();
    }
  });
});

describe("kfm eval --trials", () => {
  it("sets the seeded trials per task for pass^k (recorded in the manifest, kept on resume), and is refused for a suite without tasks", async () => {
    const out = await temporaryDirectory();
    const result = await runKfm([
      "eval",
      "kfm-agent-ko",
      "--endpoint",
      "sim",
      "--trials",
      "4",
      "--limit",
      "3",
      "--out",
      out,
      "--run-id",
      "t",
      "--json",
      "--no-probes",
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary.total).toBe(12);
    expect(Object.keys(summary.toolUse!.passHatK)).toEqual(["1", "2", "3", "4"]);
    const log = join(out, "t", "items.jsonl");
    await writeFile(log, (await readFile(log, "utf8")).split("\n").slice(0, 5).join("\n") + "\n");
    const resumed = await runKfm(["eval", "--resume", join(out, "t"), "--json", "--no-probes"]);
    expect((JSON.parse(resumed.stdout) as RunSummary).toolUse).toEqual(summary.toolUse);
    const refused = await runKfm(["eval", "kmmlu", "--trials", "3", "--out", out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--trials applies to agentic suites; kmmlu is not one/);
  });
});

describe("kfm serve-sim for tool-use suites", () => {
  it("plays a suite's tasks as a standalone server with the tool-policy rates given on the command line", async () => {
    const server = startKfm([
      "serve-sim",
      "--suite",
      "kfm-agent-ko",
      "--port",
      "0",
      "--malformed-call-rate",
      "1",
      "--wrong-decision-rate",
      "0",
    ]);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = "";
        server.child.stdout!.on("data", (chunk: string) => {
          seen += chunk;
          const match = /listening on (\S+)/.exec(seen);
          if (match) resolve(match[1]!);
        });
        server.child.once("close", () => reject(new Error("serve-sim exited")));
      });
      const out = await temporaryDirectory();
      const result = await runKfm([
        "eval",
        "kfm-agent-ko",
        "--endpoint",
        url,
        "--model",
        "kfm-sim-1",
        "--limit",
        "2",
        "--out",
        out,
        "--json",
        "--no-probes",
      ]);
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout) as RunSummary;
      expect(summary.toolUse!.loop).toMatchObject({ malformedCalls: 6 * 12, stops: { turns: 6 } });
    } finally {
      server.child.kill("SIGTERM");
      await server.done;
    }
  });
});

describe("tool-use suites and adapters", () => {
  it("refuses an endpoint whose adapter cannot send tools (the example TGI plugin), with exit 2 and what to use instead", async () => {
    const cwd = await temporaryDirectory();
    const plugin = join(projectRoot, "examples", "adapter-plugin", "tgi-adapter.js");
    await writeFile(
      join(cwd, "kfm.yaml"),
      `plugins:\n  - ${plugin}\nendpoints:\n  local-tgi:\n    adapter: tgi\n    baseUrl: http://127.0.0.1:9/\n`,
    );
    const result = await runKfm(["eval", "functionchat-dialog", "--endpoint", "local-tgi", "--no-probes", "--out", join(cwd, "r")], {
      cwd,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/adapter tgi, which cannot send tools/);
    expect(result.stderr).toMatch(/openai-compatible, anthropic, gemini/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
