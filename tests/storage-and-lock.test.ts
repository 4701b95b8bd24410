import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { access, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerKey } from "../src/sim/index.js";
import { startSimServer } from "../src/sim/index.js";
import type { RunSummary } from "../src/spec/run.js";
import { loadSuite } from "../src/suite/index.js";
import { runKfm, temporaryDirectory } from "./helpers/cli.js";

/** A loopback port where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The id of a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.on("exit", resolve));
  return child.pid!;
}

describe("the run directory lock (kfm.lock)", () => {
  it("a second kfm on a run directory held by a live process is refused naming it; a stale lock is taken over and released at the end", async () => {
    const out = await temporaryDirectory();
    const dir = join(out, "run");
    // A run that stopped before its first item (nothing answered), to resume.
    const stopped = await runKfm([
      "eval",
      "kmmlu",
      "--endpoint",
      `http://127.0.0.1:${await closedPort()}/v1`,
      "--model",
      "m",
      "--out",
      out,
      "--run-id",
      "run",
      "--sample",
      "4",
    ]);
    expect(stopped.code).toBe(2);
    await expect(access(join(dir, "kfm.lock"))).rejects.toThrow();

    const suite = await loadSuite("kmmlu");
    const sim = await startSimServer({ model: "m", answerKey: answerKey(suite.items) });
    try {
      // Held by a live process on this host (this test's own).
      await writeFile(join(dir, "kfm.lock"), JSON.stringify({ pid: process.pid, host: hostname(), since: "2026-01-01T00:00:00Z" }));
      const refused = await runKfm(["eval", "--resume", dir, "--endpoint", sim.url]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`run directory ${dir} is in use by kfm process ${process.pid} on ${hostname()}`);
      expect(await readFile(join(dir, "items.jsonl"), "utf8").catch(() => "")).toBe("");

      // Left by a process that is gone (killed): stale, taken over.
      await writeFile(join(dir, "kfm.lock"), JSON.stringify({ pid: await deadPid(), host: hostname(), since: "2026-01-01T00:00:00Z" }));
      const resumed = await runKfm(["eval", "--resume", dir, "--endpoint", sim.url, "--json"]);
      expect(resumed.code).toBe(0);
      expect((JSON.parse(resumed.stdout) as RunSummary).done).toBe(4);
      await expect(access(join(dir, "kfm.lock"))).rejects.toThrow();
    } finally {
      await sim.close();
    }
  }, 90_000);
});

describe("kfm rescore and kfm merge respect the lock", () => {
  it("rescore refuses a run held by a live kfm; merge refuses a shard still running; stale locks are no obstacle", async () => {
    const out = await temporaryDirectory();
    const base = ["eval", "kmmlu", "--endpoint", "sim", "--sample", "6", "--seed", "3", "--out", out, "--quiet"];
    for (const shard of ["0/2", "1/2"]) expect((await runKfm([...base, "--shard", shard, "--run-id", `s${shard[0]}`])).code).toBe(0);
    const [s0, s1] = [join(out, "s0"), join(out, "s1")];
    const items = await readFile(join(s0, "items.jsonl"), "utf8");
    await writeFile(join(s0, "kfm.lock"), JSON.stringify({ pid: process.pid, host: hostname(), since: "2026-01-01T00:00:00Z" }));

    const rescore = await runKfm(["rescore", s0, "--json"]);
    expect(rescore.code).toBe(2);
    expect(rescore.stderr).toContain(`run directory ${s0} is in use by kfm process ${process.pid} on ${hostname()}`);
    expect(await readFile(join(s0, "items.jsonl"), "utf8")).toBe(items);
    expect(await readdir(s0)).not.toContain("items.jsonl.bak");
    // With --out, the directory written is locked too.
    const copy = join(out, "copy");
    await mkdir(copy);
    await writeFile(join(copy, "kfm.lock"), JSON.stringify({ pid: process.pid, host: hostname(), since: "2026-01-01T00:00:00Z" }));
    await writeFile(join(s1, "kfm.lock"), JSON.stringify({ pid: await deadPid(), host: hostname(), since: "2026-01-01T00:00:00Z" }));
    const rescoreOut = await runKfm(["rescore", s1, "--out", copy, "--json"]);
    expect(rescoreOut.code).toBe(2);
    expect(rescoreOut.stderr).toContain(`run directory ${copy} is in use by kfm process ${process.pid}`);
    await expect(access(join(s1, "kfm.lock"))).rejects.toThrow();

    const merge = await runKfm(["merge", s0, s1, "--out", out, "--run-id", "merged", "--json"]);
    expect(merge.code).toBe(2);
    expect(merge.stderr).toContain(`shard ${s0} is still running: kfm process ${process.pid} on ${hostname()}`);
    expect(await readdir(out)).not.toContain("merged");

    await writeFile(join(s0, "kfm.lock"), JSON.stringify({ pid: await deadPid(), host: hostname(), since: "2026-01-01T00:00:00Z" }));
    expect((await runKfm(["rescore", s0, "--json"])).code).toBe(0);
    await expect(access(join(s0, "kfm.lock"))).rejects.toThrow();
    await writeFile(join(s1, "kfm.lock"), JSON.stringify({ pid: await deadPid(), host: hostname(), since: "2026-01-01T00:00:00Z" }));
    expect((await runKfm(["merge", s0, s1, "--out", out, "--run-id", "merged", "--json"])).code).toBe(0);
    await expect(access(join(out, "merged", "kfm.lock"))).rejects.toThrow();
  }, 90_000);
});

describe("write failures (KFM_TEST_WRITE_FAULT, the test-only full-disk seam)", () => {
  const leftovers = async (dir: string) => (await readdir(dir)).filter((name) => name.includes(".tmp-"));
  const lines = async (file: string) => (await readFile(file, "utf8")).split("\n").filter(Boolean).length;
  const status = async (file: string) => (JSON.parse(await readFile(file, "utf8")) as { status: string }).status;

  it("a full disk while appending items.jsonl is exit 5 'no space left on <path>' with the resume command; what was written is kept and resumes", async () => {
    const out = await temporaryDirectory();
    const dir = join(out, "run");
    const suite = await loadSuite("kmmlu");
    const sim = await startSimServer({ model: "m", answerKey: answerKey(suite.items) });
    try {
      const args = ["eval", "kmmlu", "--endpoint", sim.url, "--model", "m", "--out", out, "--run-id", "run", "--sample", "12"];
      const failed = await runKfm(args, { env: { KFM_TEST_WRITE_FAULT: "items:after=5" } });
      expect(failed.stderr).toContain(`kfm: error: no space left on ${join(dir, "items.jsonl")}`);
      expect(failed.stderr).toContain(`kfm eval --resume ${dir}`);
      expect(failed.stderr).not.toContain("internal error");
      expect(failed.code).toBe(5);
      expect(await lines(join(dir, "items.jsonl"))).toBe(5);
      await expect(access(join(dir, "summary.json"))).rejects.toThrow();
      expect(await status(join(dir, "manifest.json"))).toBe("running");
      expect(await leftovers(dir)).toEqual([]);

      const resumed = await runKfm(["eval", "--resume", dir, "--json"]);
      expect(resumed.code).toBe(0);
      expect((JSON.parse(resumed.stdout) as RunSummary).done).toBe(12);
    } finally {
      await sim.close();
    }
  }, 90_000);

  it("a failed write of the closing manifest leaves no summary 'complete' beside a 'running' manifest and no temp file", async () => {
    const out = await temporaryDirectory();
    const dir = join(out, "run");
    const suite = await loadSuite("kmmlu");
    const sim = await startSimServer({ model: "m", answerKey: answerKey(suite.items) });
    try {
      const args = ["eval", "kmmlu", "--endpoint", sim.url, "--model", "m", "--out", out, "--run-id", "run", "--sample", "4"];
      // The manifest is written when the run is created, before the first request and after the identity probe: the fourth write is the closing one.
      const failed = await runKfm(args, { env: { KFM_TEST_WRITE_FAULT: "manifest:after=3" } });
      expect(failed.stderr).toContain(`kfm: error: no space left on ${join(dir, "manifest.json")}`);
      expect(failed.stderr).toContain(`kfm eval --resume ${dir}`);
      expect(failed.code).toBe(5);
      expect(await status(join(dir, "manifest.json"))).toBe("running");
      await expect(access(join(dir, "summary.json"))).rejects.toThrow();
      expect(await leftovers(dir)).toEqual([]);
      expect(await lines(join(dir, "items.jsonl"))).toBe(4);

      const resumed = await runKfm(["eval", "--resume", dir, "--json"]);
      expect(resumed.code).toBe(0);
      expect((JSON.parse(resumed.stdout) as RunSummary).status).toBe("complete");
      expect(await status(join(dir, "manifest.json"))).toBe("complete");
    } finally {
      await sim.close();
    }
  }, 90_000);
});
