import { get as httpGet } from "node:http";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunManifest, RunSummary } from "../spec/run.js";
import type { RunRow } from "../view/source.js";
import { evaluate } from "../app/evaluate.js";
import { summarySoFar } from "./summary-so-far.js";
import { scorers } from "../scoring/index.js";
import { view } from "../app/view.js";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";

function fetchText(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) =>
    httpGet(url, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    }).on("error", reject),
  );
}

/** A finished run on the simulator, then made to look as a run killed after `keep` items: no summary, status running. */
async function killedRun(keep: number): Promise<{ out: string; dir: string; finished: RunSummary }> {
  const out = await mkdtemp(join(tmpdir(), "kfm-so-far-"));
  const { runDir: dir, summary: finished } = await evaluate({ suite: "kmmlu", endpoint: "sim", limit: 30, outDir: out, runId: "killed" });
  const lines = (await readFile(join(dir, "items.jsonl"), "utf8")).split("\n").filter(Boolean);
  await writeFile(join(dir, "items.jsonl"), `${lines.slice(0, keep).join("\n")}\n`);
  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as RunManifest;
  manifest.status = "running";
  delete manifest.endedAt;
  await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
  await rm(join(dir, "summary.json"));
  return { out, dir, finished };
}

describe("a run without summary.json yet", () => {
  it("has its numbers so far, folded from the item log with the manifest's status and the whole selection as total", async () => {
    const { dir, finished } = await killedRun(12);
    const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as RunManifest;
    const soFar = await summarySoFar(dir, manifest, scorers.metricsOf(manifest.scorer.id));
    expect([soFar.status, soFar.done, soFar.total]).toEqual(["running", 12, 30]);
    expect(soFar.suite.contentHash).toBe(finished.suite.contentHash);
  });

  it("folds the whole log to the counts and accuracy the run's own end wrote", async () => {
    const { dir, finished } = await killedRun(30);
    const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as RunManifest;
    const soFar = await summarySoFar(dir, manifest, scorers.metricsOf(manifest.scorer.id));
    expect([soFar.counts, soFar.accuracy, soFar.done]).toEqual([finished.counts, finished.accuracy, 30]);
  });

  it("is listed by kfm view with its numbers so far, and its page opens", async () => {
    const { out } = await killedRun(7);
    const server = await view({ resultsDir: out, port: 0 });
    try {
      const rows = JSON.parse((await fetchText(new URL("api/runs", server.url).href)).body) as RunRow[];
      expect(rows.map((row) => [row.id, row.status, row.done, row.total])).toEqual([["killed", "running", 7, 30]]);
      const page = await fetchText(new URL("run?id=killed", server.url).href);
      expect(page.status).toBe(200);
      expect(page.body).toContain("running · 7/30 items");
    } finally {
      await server.close();
    }
  });
});
