import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import { builtInBaselinesDir, loadRegistry } from "./registry.js";

const ENTRY = `- model: M
  vendor: V
  global: true
  release_date: '2026-01-01'
  release_source: s
  benchmark: KMMLU
  score: 70
  setting: { shots: 0 }
  citation: c
  measured_by: published
`;

async function registryWith(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kfm-baselines-"));
  await writeFile(join(dir, "x.yaml"), text);
  return dir;
}

async function failure(dir: string): Promise<KfmError> {
  const error = await loadRegistry(dir).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(KfmError.isInstance(error)).toBe(true);
  return error as KfmError;
}

describe("baseline registry", () => {
  it("the shipped registry holds every published entry with its citation", async () => {
    const registry = await loadRegistry(builtInBaselinesDir);
    expect(registry).toHaveLength(302);
    expect(registry.every((entry) => entry.citation.length > 10 && entry.release_source.length > 3)).toBe(true);
    expect(registry.filter((entry) => entry.benchmark === "KMMLU").every((entry) => entry.items === 35030)).toBe(true);
    expect(registry.some((entry) => entry.release_date_uncertain)).toBe(true);
    const text = readFileSync(join(builtInBaselinesDir, "published.yaml"), "utf8");
    expect(text).toContain("EXAONE 4.0 README");
  });

  it("a duplicate names both places", async () => {
    const error = await failure(await registryWith(ENTRY + ENTRY));
    expect(error.message).toContain("x.yaml:11");
    expect(error.message).toContain("duplicate entry for M on KMMLU");
    expect(error.message).toContain("x.yaml:1");
  });

  it("a conflicting score for the same setting is an error", async () => {
    const error = await failure(await registryWith(ENTRY + ENTRY.replace("score: 70", "score: 72")));
    expect(error.message).toContain("conflicting entry");
    expect(error.message).toContain("72");
  });

  it("a bad field names its line and path", async () => {
    const error = await failure(await registryWith(ENTRY.replace("score: 70", "score: 170")));
    expect(error.message).toContain("x.yaml:7");
    expect(error.message).toContain("[0].score");
  });
});
