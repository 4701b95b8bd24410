/**
 * Run directories and registries written as kfm writes them, for the verdict's tests
 * (src/app/verdict.test.ts): a run's manifest, items and summary with a given score, a registry
 * of global models with release dates, and the error a bad option gives.
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { KfmError } from "../../spec/errors.js";
import type { ItemRecord } from "../../spec/record.js";
import type { RunManifest, RunSummary, SuiteSetting } from "../../spec/run.js";
import { verdict, type VerdictOptions } from "../verdict.js";

export const HASH = `sha256:${"a".repeat(64)}`;
export const ZERO_SHOT: SuiteSetting = { shots: 0, reasoning: "allowed", prompt: "chat-zero-shot-ko" };

export interface RunSpec {
  benchmark?: string;
  items: number;
  correct: number;
  contentHash?: string;
  setting?: SuiteSetting;
  /** Items that ended in an endpoint error, after the answered ones. */
  errors?: number;
}

/** A run directory as kfm writes it: manifest.json, items.jsonl (one ItemRecord a line), summary.json. */
export async function writeRun(root: string, runId: string, spec: RunSpec): Promise<string> {
  const dir = join(root, runId);
  await mkdir(dir, { recursive: true });
  const benchmark = spec.benchmark ?? "KMMLU";
  const setting = spec.setting ?? ZERO_SHOT;
  const total = spec.items + (spec.errors ?? 0);
  const manifest: RunManifest = {
    v: 1,
    runId,
    kfmVersion: "0.1.0",
    suite: {
      id: benchmark.toLowerCase(),
      version: "1.0.0",
      benchmark,
      title: benchmark,
      contentHash: spec.contentHash ?? HASH,
      path: "suites/x.yaml",
      setting,
    },
    endpoint: { name: "team", adapter: "openai-compatible", model: "team-32b", settings: {}, concurrency: 8 },
    generation: {},
    scorer: { id: "multiple-choice", args: {} },
    selection: { total },
    startedAt: "2026-11-01T00:00:00Z",
    endedAt: "2026-11-01T01:00:00Z",
    status: "complete",
    command: ["kfm", "eval"],
    warnings: [],
  };
  const records: ItemRecord[] = Array.from({ length: total }, (_, index) => ({
    v: 1,
    id: `${benchmark}/test/${index}`,
    index,
    subject: index % 2 ? "Accounting" : "Law",
    status: index >= spec.items ? "error" : index < spec.correct ? "correct" : "incorrect",
    target: "A",
    promptHash: "h",
    time: "2026-11-01T00:00:00Z",
  }));
  const counts = { correct: spec.correct, incorrect: spec.items - spec.correct, "no-answer": 0, error: spec.errors ?? 0 };
  const summary: Partial<RunSummary> = { v: 1, runId, status: "complete", total, done: total, counts, accuracy: spec.correct / spec.items };
  await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
  await writeFile(join(dir, "items.jsonl"), records.map((record) => `${JSON.stringify(record)}\n`).join(""));
  await writeFile(join(dir, "summary.json"), JSON.stringify(summary));
  return dir;
}

export interface EntrySpec {
  model: string;
  benchmark?: string;
  score: number;
  released: string;
  items?: number;
  setting?: string;
  global?: boolean;
  measuredBy?: string;
  /** The calendar declares this release irrelevant for the benchmark (its only score is in another setting). */
  irrelevantFor?: string;
}

export async function writeRegistry(root: string, entries: EntrySpec[]): Promise<string> {
  const dir = join(root, "baselines");
  await mkdir(dir, { recursive: true });
  const text = entries
    .map(
      (entry) =>
        `- model: ${entry.model}\n  vendor: V\n  global: ${entry.global ?? true}\n  release_date: '${entry.released}'\n  release_source: test\n` +
        `  benchmark: ${entry.benchmark ?? "KMMLU"}\n  score: ${entry.score}\n  setting: ${entry.setting ?? "{ shots: 0, reasoning: required }"}\n` +
        `${entry.items ? `  items: ${entry.items}\n` : ""}  citation: test citation\n  measured_by: ${entry.measuredBy ?? "published"}\n`,
    )
    .join("");
  await writeFile(join(dir, "registry.yaml"), text);
  // Its release calendar: the entries are every release (a registry without one cannot PASS: its completeness is unknown).
  const irrelevant = entries
    .filter((entry) => entry.irrelevantFor)
    .map(
      (entry) =>
        `  - { model: ${entry.model}, vendor: V, date: '${entry.released}', date_basis: stated, source: test, irrelevant: [{ benchmark: ${entry.irrelevantFor}, why: test }] }\n`,
    );
  await writeFile(
    join(dir, "calendar.yaml"),
    `kfm: calendar/v1\nreviewed_through: '2026-11-23'\nreleases:${irrelevant.length ? `\n${irrelevant.join("")}` : " []\n"}`,
  );
  return dir;
}

export async function fixture(entries: EntrySpec[]) {
  const root = await mkdtemp(join(tmpdir(), "kfm-verdict-"));
  return { root, baselinesDir: await writeRegistry(root, entries) };
}

export const GLOBALS: EntrySpec[] = [
  { model: "Global-A", score: 80, released: "2026-06-01", items: 35030 },
  { model: "Global-B", score: 76, released: "2026-09-01", items: 35030 },
  { model: "Global-Old", score: 90, released: "2025-01-01", items: 35030 },
  {
    model: "Global-5shot",
    score: 88,
    released: "2026-10-01",
    items: 35030,
    setting: "{ shots: 5, reasoning: none }",
    irrelevantFor: "KMMLU",
  },
  { model: "Korean-Team", score: 95, released: "2026-10-01", items: 35030, global: false },
];

export async function failure(options: VerdictOptions): Promise<KfmError> {
  const error = await verdict(options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(KfmError.isInstance(error)).toBe(true);
  return error as KfmError;
}
