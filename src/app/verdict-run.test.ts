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

describe("readTeamRun on a run with repeated samples", () => {
  it("gives one outcome per item, its mean over the answered samples, so the bootstrap resamples items", async () => {
    const dir = join(await mkdtemp(join(tmpdir(), "kfm-repeats-")), "run");
    await mkdir(dir, { recursive: true });
    const manifest = {
      v: 1,
      runId: "aime-x4",
      suite: { id: "aime2025", version: "1.0.0", benchmark: "AIME 2025", title: "AIME", contentHash: "sha256:y", path: "x", repeats: 4 },
      endpoint: { name: "team", adapter: "openai-compatible", model: "team-32b", settings: {}, concurrency: 8 },
      selection: { total: 8 },
      status: "complete",
    };
    const statuses: Array<ItemRecord["status"]> = [
      "correct",
      "incorrect",
      "correct",
      "correct",
      "incorrect",
      "error",
      "incorrect",
      "correct",
    ];
    const records: ItemRecord[] = statuses.map((status, sample) => ({
      v: 1,
      id: `p${sample < 4 ? 1 : 2}#${(sample % 4) + 1}`,
      index: sample < 4 ? 0 : 1,
      subject: "AIME",
      target: "1",
      promptHash: "h",
      time: "2026-11-29T00:00:00Z",
      task: `p${sample < 4 ? 1 : 2}`,
      trial: (sample % 4) + 1,
      status,
    }));
    await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
    await writeFile(join(dir, "items.jsonl"), records.map((record) => JSON.stringify(record)).join("\n") + "\n");
    const team = await readTeamRun(dir);
    // p1: 3 of 4; p2: 1 of its 3 answered samples (one errored)
    expect(team.ids).toEqual(["p1", "p2"]);
    expect([...team.outcomes!]).toEqual([0.75, 1 / 3]);
    expect(team.notes).toContainEqual({ kind: "repeated-samples", samples: 4, items: 2 });
    expect(team.notes).toContainEqual({ kind: "endpoint-errors", count: 1 });
  });
});

describe("readTeamRun on a suite whose headline is not accuracy", () => {
  it("judges IFBench's prompt-level loose number, item by item, as the suite's headline says", async () => {
    const dir = join(await mkdtemp(join(tmpdir(), "kfm-headline-")), "run");
    await mkdir(dir, { recursive: true });
    const manifest = {
      v: 1,
      runId: "ifbench",
      suite: {
        id: "ifbench",
        version: "1",
        benchmark: "IFBench",
        title: "IFBench",
        contentHash: "sha256:z",
        path: "x",
        headline: "prompt_loose",
      },
      endpoint: { name: "team", adapter: "openai-compatible", model: "team-32b", settings: {}, concurrency: 8 },
      scorer: { id: "instruction-following", args: {} },
      selection: { total: 3 },
      status: "complete",
    };
    const instructions = [
      [{ id: "a", strict: true, loose: true }],
      [{ id: "a", strict: false, loose: true }],
      [
        { id: "a", strict: false, loose: false },
        { id: "b", strict: true, loose: true },
      ],
    ];
    const records: ItemRecord[] = instructions.map((list, index) => ({
      v: 1,
      id: `i${index}`,
      index,
      subject: "ifbench",
      target: "",
      promptHash: "h",
      time: "2026-11-29T00:00:00Z",
      status: list.every((instruction) => instruction.strict) ? "correct" : "incorrect",
      details: { instructions: list },
    }));
    await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
    await writeFile(join(dir, "items.jsonl"), records.map((record) => JSON.stringify(record)).join("\n") + "\n");
    // strict (accuracy) would be 1, 0, 0; loose is 1, 1, 0
    expect([...(await readTeamRun(dir)).outcomes!]).toEqual([1, 1, 0]);
  });
});
