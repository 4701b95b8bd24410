import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ItemRecord } from "../spec/record.js";
import type { RunManifest } from "../spec/run.js";
import { readTeamRun } from "./verdict.js";

async function judgedRun(scores: Array<number | "error">): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), "kfm-judged-")), "run");
  await mkdir(dir, { recursive: true });
  const manifest: Partial<RunManifest> = {
    v: 1,
    runId: "judged",
    suite: {
      id: "komt-bench",
      version: "1.0.0",
      benchmark: "KoMT-Bench",
      title: "KoMT-Bench",
      contentHash: "sha256:x",
      path: "suites/komt-bench/komt-bench.yaml",
      setting: { shots: 0 },
    },
    endpoint: { name: "team", adapter: "openai-compatible", model: "team-32b", settings: {}, concurrency: 8 },
    selection: { total: scores.length },
    status: "complete",
  };
  const records: ItemRecord[] = scores.map((score, index) => ({
    v: 1,
    id: `q:${index}`,
    index,
    subject: "writing",
    target: String(index),
    promptHash: "h",
    time: "2026-11-29T00:00:00Z",
    ...(score === "error"
      ? { status: "error" as const, error: { code: "judge", message: "no rating" } }
      : { status: "correct" as const, score }),
  }));
  await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
  await writeFile(join(dir, "items.jsonl"), records.map((record) => JSON.stringify(record)).join("\n") + "\n");
  return dir;
}

describe("readTeamRun on a judged run", () => {
  it("takes each item's graded credit, not 1 for every judged item, and leaves judge errors out", async () => {
    const team = await readTeamRun(await judgedRun([0.8, 0.55, "error", 0.7]));
    expect([...team.outcomes!]).toEqual([0.8, 0.55, 0.7]);
    expect(team.notes).toContainEqual({ kind: "endpoint-errors", count: 1 });
  });
});
