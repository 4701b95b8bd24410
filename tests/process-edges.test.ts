import { spawn } from "node:child_process";
import { access, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startSimServer } from "../src/sim/index.js";
import { kfmBin, projectRoot, runKfm, startKfm, temporaryDirectory } from "./helpers/cli.js";

/** `kfm eval kmmlu` against a kfm.yaml written for the test, into a fresh results folder. */
async function evalWithConfig(config: string, env: NodeJS.ProcessEnv = {}, ...flags: string[]) {
  const dir = await temporaryDirectory();
  const file = join(dir, "kfm.yaml");
  await writeFile(file, config);
  const out = join(dir, "results");
  const result = await runKfm(["eval", "kmmlu", "--config", file, "--out", out, "--sample", "3", "--no-probes", ...flags], { env });
  const runs = await readdir(out).catch(() => []);
  return { result, runs, dir, file };
}

describe("header values that undici would drop without a word", () => {
  it("a key ending in \\r is refused up front: exit 2, names the variable, never the value, no run directory", async () => {
    const sim = await startSimServer({ model: "m" });
    try {
      const secret = "sk-test-carriage-return-key";
      const { result, runs } = await evalWithConfig(
        `endpoints:\n  team:\n    baseUrl: ${sim.url}\n    model: m\n    apiKeyEnv: TEAM_KEY\n`,
        { TEAM_KEY: `${secret}\r` },
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("environment variable TEAM_KEY holds a carriage return");
      expect(result.stderr).not.toContain(secret);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(runs).toEqual([]);
    } finally {
      await sim.close();
    }
  }, 20_000);

  it("a header from ${env:…} with a character past Latin-1 is refused the same way", async () => {
    const { result, runs } = await evalWithConfig(
      `endpoints:\n  team:\n    baseUrl: http://127.0.0.1:9/v1\n    model: m\n    headers:\n      X-Team: \${env:TEAM_TOKEN}\n`,
      { TEAM_TOKEN: "토큰-secret-value" },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("environment variable TEAM_TOKEN (header X-Team) holds a character outside Latin-1 at position 1");
    expect(result.stderr).not.toContain("secret-value");
    expect(runs).toEqual([]);
  }, 20_000);
});

describe("a command that can no longer finish", () => {
  it("a plugin whose import never settles ends with an error exit, never 0, and leaves no run directory", async () => {
    const dir = await temporaryDirectory();
    const plugin = join(dir, "never.mjs");
    await writeFile(plugin, "await new Promise(() => {});\nexport default {};\n");
    const { result, runs } = await evalWithConfig(
      `plugins:\n  - ${plugin}\nendpoints:\n  never:\n    adapter: never\n    baseUrl: http://127.0.0.1:9/\n    model: m\n`,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the command stopped before finishing");
    expect(runs).toEqual([]);
  }, 20_000);
});

describe("an output pipe that closes", () => {
  it("`kfm baselines list | head`: the reader goes away and kfm exits quietly, without a stack trace", async () => {
    const child = spawn(process.execPath, [kfmBin, "baselines", "list"], { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
    // The reader is gone before kfm writes a line, as `head` is once it has its lines.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  }, 20_000);
});

describe("endpoint settings checked before the run directory exists", () => {
  it("a misspelt key is named by kfm.yaml's file, line and field with the key it most likely meant", async () => {
    const { result, runs, file } = await evalWithConfig(`endpoints:\n  team:\n    baseURL: http://127.0.0.1:9/v1\n    model: m\n`);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${file}:3 (endpoints.team.baseURL): unknown key "baseURL" for adapter openai-compatible (did you mean "baseUrl"?)`,
    );
    expect(runs).toEqual([]);
  }, 20_000);

  it("an endpoint named __proto__ is refused with exit 2 naming kfm.yaml's line, not silently dropped", async () => {
    const { result, runs, file } = await evalWithConfig(`endpoints:\n  __proto__:\n    baseUrl: http://127.0.0.1:9/v1\n    model: m\n`);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:2 (endpoints.__proto__): endpoint name "__proto__" is reserved; rename it`);
    expect(runs).toEqual([]);
  }, 20_000);

  it("a plugin that throws on import is a config error, and no run directory is left behind", async () => {
    const dir = await temporaryDirectory();
    const plugin = join(dir, "broken.mjs");
    await writeFile(plugin, 'throw new Error("plugin exploded");\n');
    const { result, runs } = await evalWithConfig(
      `plugins:\n  - ${plugin}\nendpoints:\n  broken:\n    adapter: broken\n    baseUrl: http://127.0.0.1:9/\n    model: m\n`,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot load adapter plugin ${plugin}: plugin exploded`);
    expect(runs).toEqual([]);
  }, 20_000);

  it("a good configuration still creates its run directory and completes", async () => {
    const sim = await startSimServer({ model: "m" });
    try {
      const { result, dir } = await evalWithConfig(`endpoints:\n  team:\n    baseUrl: ${sim.url}\n    model: m\n`, {}, "--run-id", "ok");
      expect(result.code).toBe(0);
      await access(join(dir, "results", "ok", "summary.json"));
    } finally {
      await sim.close();
    }
  }, 20_000);
});

describe("a plugin that hangs and ignores the abort", () => {
  it("a second Ctrl-C still ends the process with exit 130", async () => {
    const dir = await temporaryDirectory();
    const plugin = join(dir, "hung.mjs");
    // doGenerate never settles and never looks at the abort signal; the interval keeps the process busy, as a real hang does.
    await writeFile(
      plugin,
      `setInterval(() => {}, 1000);
export default {
  id: "hung",
  settingsSchema: { safeParse: (value) => ({ success: true, data: value }) },
  capabilities: { chat: true, tools: false },
  create: (settings) => ({
    specificationVersion: "v1", adapterId: "hung", modelId: "m", publicSettings: {},
    doGenerate: () => { process.stderr.write("hung: request taken\\n"); return new Promise(() => {}); },
  }),
};
`,
    );
    const config = join(dir, "kfm.yaml");
    await writeFile(config, `plugins:\n  - ${plugin}\nendpoints:\n  hung:\n    adapter: hung\n    model: m\n`);
    const run = startKfm(["eval", "kmmlu", "--config", config, "--out", join(dir, "results"), "--sample", "3", "--no-probes"]);
    let stderr = "";
    run.child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // Interrupted once an item is in flight (before that, the first Ctrl-C alone ends the run).
    while (!stderr.includes("hung: request taken")) await new Promise((resolve) => setTimeout(resolve, 50));
    run.child.kill("SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 200));
    run.child.kill("SIGINT");
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("stopping now: something in flight did not stop");
  }, 30_000);
});

describe("a plugin that leaves a timer running", () => {
  it("does not keep a finished command alive: kfm exits with its own code once the run is written", async () => {
    const dir = await temporaryDirectory();
    const plugin = join(dir, "ticking.mjs");
    // Answers every item at once, and keeps an interval that would hold the event loop open forever.
    await writeFile(
      plugin,
      `setInterval(() => {}, 1000);
export default {
  id: "ticking",
  settingsSchema: { safeParse: (value) => ({ success: true, data: value }) },
  capabilities: { chat: true, tools: false },
  create: () => ({
    specificationVersion: "v1", adapterId: "ticking", modelId: "m", publicSettings: {},
    doGenerate: async () => ({ text: "정답: A", warnings: [], finishReason: "stop", usage: {}, latencyMs: 1, attempts: 1 }),
  }),
};
`,
    );
    const config = join(dir, "kfm.yaml");
    await writeFile(config, `plugins:\n  - ${plugin}\nendpoints:\n  ticking:\n    adapter: ticking\n    model: m\n`);
    const result = await runKfm(["eval", "kmmlu", "--config", config, "--out", join(dir, "results"), "--sample", "3", "--no-probes"]);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("run directory:");
  }, 30_000);
});
