import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ItemRecord } from "../src/spec/record.js";
import type { RunManifest, RunSummary } from "../src/spec/run.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

async function runOf(out: string): Promise<{ manifest: RunManifest; records: ItemRecord[] }> {
  const [dir] = await readdir(out);
  const manifest = JSON.parse(await readFile(join(out, dir!, "manifest.json"), "utf8")) as RunManifest;
  const records = (await readFile(join(out, dir!, "items.jsonl"), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as ItemRecord);
  return { manifest, records };
}

const evalArgs = (out: string, ...more: string[]) => [
  "eval",
  "tau2-telecom",
  "--endpoint",
  "sim",
  "--out",
  out,
  "--json",
  "--no-probes",
  ...more,
];

describe("kfm eval tau2-telecom over HTTP, the simulator playing both sides", () => {
  it("the reference play solves every sampled task on both of two trials: pass^2 100%, the user's tokens apart", async () => {
    const out = await temporaryDirectory();
    // Against the simulator, the simulator also plays the user unless --user-sim names another.
    const result = await runKfm(evalArgs(out, "--sample", "5", "--seed", "3", "--trials", "2"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary!.counts).toMatchObject({ correct: 10, incorrect: 0, error: 0 });
    expect(summary!.toolUse).toMatchObject({ tasks: 5, trials: 2, passHatK: { 1: 1, 2: 1 } });
    expect(summary!.toolUse!.loop!.user!.inputTokens).toBeGreaterThan(0);
    const { manifest, records } = await runOf(out);
    expect(manifest.userSim).toMatchObject({ endpoint: "sim", adapter: "simulated" });
    for (const record of records) {
      expect(record.agent!.stop).toMatch(/^user-(stop|transfer)$/);
      expect(Object.values(record.agent!.finalState!.checks as object).every(Boolean)).toBe(true);
      // The user simulator's own conversation and tokens are kept beside the agent's, not in its usage.
      expect(record.agent!.user!.usage.inputTokens).toBeGreaterThan(0);
      expect(record.agent!.user!.trajectory[0]).toMatchObject({ role: "user", content: "Hi! How can I help you today?" });
    }
  });

  it("the wrong-actions policy fails the tasks whose assertions depend on the agent's own calls, and only those", async () => {
    const out = await temporaryDirectory();
    const result = await runKfm(evalArgs(out, "--model", "kfm-sim-wrong-actions", "--user-sim", "sim", "--limit", "10"));
    expect(result.code).toBe(0);
    const { records } = await runOf(out);
    expect(records).toHaveLength(10);
    const failed = records.filter((record) => record.status === "incorrect");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(10);
    for (const record of records) {
      const agentWrites = record.agent!.trajectory.some((message) =>
        message.toolCalls?.some((made) => made.name !== "transfer_to_human_agents"),
      );
      expect(record.status).toBe(agentWrites ? "incorrect" : "correct");
    }
    const details = failed[0]!.details as { toolUse?: { mismatches?: string[] } } | undefined;
    expect(details?.toolUse?.mismatches?.[0]).toMatch(/^state\.checks\.assertion \d+: assert_\w+ is false, expected true$/);
  });

  it("against a real endpoint without --user-sim, a dual-control suite is a usage error (exit 2) before any request", async () => {
    const out = await temporaryDirectory();
    // Nothing listens on port 9: the refusal comes before any connection.
    const result = await runKfm([
      "eval",
      "tau2-telecom",
      "--endpoint",
      "http://127.0.0.1:9/v1",
      "--model",
      "m",
      "--out",
      out,
      "--limit",
      "1",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("suite tau2-telecom is a dual-control suite: name the simulated user with --user-sim");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(out)).toEqual([]);
  });
});
