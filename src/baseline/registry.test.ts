import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
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
    const all = await loadRegistry(builtInBaselinesDir);
    const registry = all.filter((entry) => basename(entry.source.file) === "published.yaml");
    // The programme's published-scores collection has 302 entries; every one is here.
    expect(registry).toHaveLength(302);
    const count = (benchmark: string) => registry.filter((entry) => entry.benchmark === benchmark).length;
    expect([count("KMMLU"), count("KMMLU-Pro"), count("KMMLU-Redux"), count("CLIcK"), count("HRM8K"), count("KoBALT")]).toEqual([
      14, 29, 23, 19, 8, 8,
    ]);
    expect(new Set(registry.map((entry) => entry.benchmark)).size).toBe(45);
    expect(new Set(registry.map((entry) => entry.model)).size).toBe(45);
    expect(registry.every((entry) => entry.citation.length > 10 && entry.release_source.length > 3 && entry.setting.note)).toBe(true);
    expect(registry.every((entry) => entry.global && entry.measured_by === "published")).toBe(true);
    expect(registry.filter((entry) => entry.benchmark === "KMMLU").every((entry) => entry.items === 35030)).toBe(true);
    expect(registry.filter((entry) => entry.release_date_uncertain)).toHaveLength(18);
    expect(registry.every((entry) => entry.release_date_uncertain === (entry.release_source.startsWith("UNCERTAIN") || undefined))).toBe(
      true,
    );
    const text = readFileSync(join(builtInBaselinesDir, "published.yaml"), "utf8");
    expect(text).toContain("EXAONE 4.0 README");
    expect(text).toMatch(/^# Licence and terms:/m);
    expect(registry.filter((entry) => entry.provenance === "secondary")).toHaveLength(7);
  });

  it("the shipped registry holds the 2026 collection: provenance kept, benchmark names made canonical", async () => {
    const registry = (await loadRegistry(builtInBaselinesDir)).filter((entry) => basename(entry.source.file) === "published-2026.yaml");
    expect(registry).toHaveLength(105);
    const by = (provenance: string) => registry.filter((entry) => entry.provenance === provenance).length;
    expect([by("primary"), by("secondary"), by("mirror")]).toEqual([67, 15, 23]);
    expect(registry.every((entry) => entry.citation.length > 10 && entry.reported_by && entry.setting.note)).toBe(true);
    const hle = registry.filter((entry) => entry.benchmark === "Humanity's Last Exam");
    expect(hle.length).toBe(18 + 2 + 1 + 1);
    expect(hle.every((entry) => entry.benchmark_as_published?.startsWith("Humanity's Last Exam ("))).toBe(true);
    // A LiveCodeBench score whose version is not stated is never compared with v6.
    expect(registry.filter((entry) => entry.benchmark === "LiveCodeBench (version not stated)")).toHaveLength(9);
    expect(registry.find((entry) => entry.model === "DeepSeek-V4-Pro (Non-think)")!.setting.reasoning).toBe("none");
    expect(registry.find((entry) => entry.model === "Kimi K3" && entry.provenance === "mirror")!.setting.reasoning).toBeUndefined();
  });

  it("the shipped registry reads settings from the source's own words", async () => {
    const registry = await loadRegistry(builtInBaselinesDir);
    const find = (model: string, benchmark: string) => registry.filter((entry) => entry.model === model && entry.benchmark === benchmark);
    // Non-reasoning table of EXAONE 4.0: direct answers.
    expect(find("Llama-4-Maverick-17B-128E-Instruct", "MMLU-Pro")[0]!.setting.reasoning).toBe("none");
    // KMMLU-Redux/Pro paper: zero-shot chain of thought; chat models reasoned in the answer, thinking models in thinking mode.
    const cot = find("GPT-4.1 (2025-04-14)", "KMMLU-Pro")[0]!.setting;
    expect([cot.shots, cot.reasoning]).toEqual([0, "allowed"]);
    expect(find("o3", "KMMLU-Pro")[0]!.setting.reasoning).toBe("required");
    // KoBALT-700 was published on a 0-1 scale.
    const kobalt = find("GPT-4o", "KoBALT-700")[0]!;
    expect([kobalt.score, kobalt.score_as_published]).toEqual([44, 0.44]);
    expect(registry.every((entry) => entry.score > 1)).toBe(true);
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

  it("one model has one release date across the registry", async () => {
    const other = ENTRY.replace("KMMLU", "HRM8K").replace("2026-01-01", "2026-02-01");
    const error = await failure(await registryWith(ENTRY + other));
    expect(error.message).toContain("x.yaml:11");
    expect(error.message).toContain("conflicting release_date for M: 2026-02-01 here, 2026-01-01 at x.yaml:1");
  });

  it("the same model in another setting is another entry; an empty file holds none", async () => {
    const dir = await registryWith(ENTRY + ENTRY.replace("setting: { shots: 0 }", "setting: { shots: 5 }"));
    await writeFile(join(dir, "measured.yaml"), "");
    expect(await loadRegistry(dir)).toHaveLength(2);
  });

  it("a bad field names its line and path", async () => {
    const error = await failure(await registryWith(ENTRY.replace("score: 70", "score: 170")));
    expect(error.message).toContain("x.yaml:7");
    expect(error.message).toContain("[0].score");
  });
});
