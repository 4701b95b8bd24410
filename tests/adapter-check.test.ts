import { describe, expect, it } from "vitest";
import type { AdapterCheckResult } from "../src/app/adapter-check.js";
import { TOOL_PROBE } from "../src/app/adapter-check.js";
import { startSimServer } from "../src/sim/index.js";
import { runKfm } from "./helpers/cli.js";

const statusOf = (result: AdapterCheckResult, check: string) => result.rows.find((row) => row.check === check)?.status;

describe("kfm adapter check", () => {
  it("passes a working endpoint and prints the capability table", async () => {
    // The simulated model knows the tool probe, as a tool-capable model would.
    const probe = { cue: TOOL_PROBE.prompt, offset: 0, loop: false, decision: "call" as const, calls: [TOOL_PROBE.expected] };
    const sim = await startSimServer({
      apiKey: "right-key",
      tools: { wrongArgumentRate: 0, wrongDecisionRate: 0, malformedRate: 0 },
      toolKey: [probe],
    });
    try {
      const result = await runKfm(["adapter", "check", sim.url, "--model", "kfm-sim-1", "--api-key-env", "CHECK_KEY", "--json"], {
        env: { CHECK_KEY: "right-key" },
      });
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as AdapterCheckResult;
      for (const check of [
        "reachable",
        "authenticated",
        "chat",
        "model listed",
        "deterministic at temperature 0",
        "max_tokens respected",
        "latency p50",
      ])
        expect(statusOf(report, check)).toBe("yes");
      expect(statusOf(report, "streaming")).toBe("yes");
      expect(statusOf(report, "tool calls")).toBe("yes");
      expect(report.rows.find((row) => row.check === "tool calls")!.detail).toContain("get_current_time");
      expect(statusOf(report, "log-probabilities")).toBe("yes");
      const wrong = await runKfm(["adapter", "check", sim.url, "--model", "kfm-sim-1", "--api-key-env", "CHECK_KEY", "--json"], {
        env: { CHECK_KEY: "wrong" },
      });
      expect(wrong.code).toBe(1);
      const failed = JSON.parse(wrong.stdout) as AdapterCheckResult;
      expect(statusOf(failed, "reachable")).toBe("yes");
      expect(statusOf(failed, "authenticated")).toBe("no");
      expect(JSON.stringify(failed)).not.toContain("wrong");
    } finally {
      await sim.close();
    }
  });

  it("says no to tool calls when the model behind a tool-capable adapter answers without calling", async () => {
    const sim = await startSimServer();
    try {
      const result = await runKfm(["adapter", "check", sim.url, "--model", "kfm-sim-1", "--config", "/dev/null", "--json"]);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as AdapterCheckResult;
      expect(statusOf(report, "tool calls")).toBe("no");
      expect(report.rows.find((row) => row.check === "tool calls")!.detail).toMatch(/answered without a call/);
    } finally {
      await sim.close();
    }
  });

  it("fails an unreachable endpoint", async () => {
    const sim = await startSimServer();
    const url = sim.url;
    await sim.close();
    const result = await runKfm(["adapter", "check", url, "--model", "m", "--config", "/dev/null", "--json"]);
    expect(result.code).toBe(1);
    expect(statusOf(JSON.parse(result.stdout) as AdapterCheckResult, "reachable")).toBe("no");
  });
});

describe("kfm adapter check --suite", () => {
  it("makes what the named suites need a required check: a model that never calls a tool fails for a tool-use suite", async () => {
    const sim = await startSimServer();
    try {
      const chatOnly = await runKfm([
        "adapter",
        "check",
        sim.url,
        "--model",
        "kfm-sim-1",
        "--config",
        "/dev/null",
        "--json",
        "--suite",
        "kmmlu",
      ]);
      expect(chatOnly.code).toBe(0);
      const tools = await runKfm([
        "adapter",
        "check",
        sim.url,
        "--model",
        "kfm-sim-1",
        "--config",
        "/dev/null",
        "--json",
        "--suite",
        "functionchat-dialog",
      ]);
      expect(tools.code).toBe(1);
      const report = JSON.parse(tools.stdout) as AdapterCheckResult;
      expect(report.rows.find((row) => row.check === "tool calls")).toMatchObject({ status: "no", required: true });
      expect(report.suites).toEqual(["functionchat-dialog"]);
    } finally {
      await sim.close();
    }
  });
});
