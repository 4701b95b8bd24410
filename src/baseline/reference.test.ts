import { describe, expect, it } from "vitest";
import type { BaselineEntry } from "./registry.js";
import { parseReferenceRule, referenceFor } from "./reference.js";
import { settingMismatch } from "./setting.js";

function entry(model: string, score: number, release: string, extra: Partial<BaselineEntry> = {}): BaselineEntry {
  return {
    model,
    vendor: "v",
    global: true,
    release_date: release,
    release_source: "s",
    benchmark: "KMMLU",
    score,
    setting: { shots: 0, reasoning: "required" },
    citation: "c",
    measured_by: "published",
    source: { file: "f.yaml", line: 1 },
    ...extra,
  };
}

const registry = [
  entry("Old", 90, "2025-01-01"),
  entry("A", 80, "2026-07-01"),
  entry("B", 70, "2026-08-01"),
  entry("C", 60, "2026-09-01"),
  entry("Direct", 85, "2026-09-15", { setting: { shots: 5, reasoning: "none" } }),
  entry("Korean", 95, "2026-10-01", { global: false }),
  entry("Future", 99, "2026-12-01"),
];
const base = { asOf: "2026-11-23", window: { months: 6 }, setting: { shots: 0, reasoning: "allowed" } };

describe("reference rules", () => {
  it("best: the highest in-window global score of a matching setting", () => {
    const { reference } = referenceFor("KMMLU", registry, { ...base, rule: { kind: "best" } });
    expect(reference!.entries.map((e) => e.model)).toEqual(["A"]);
    expect(reference!.score).toBe(80);
  });

  it("mean and top-k", () => {
    expect(referenceFor("KMMLU", registry, { ...base, rule: { kind: "mean" } }).reference!.score).toBe(70);
    expect(referenceFor("KMMLU", registry, { ...base, rule: { kind: "top", k: 2 } }).reference!.score).toBe(75);
    expect(referenceFor("KMMLU", registry, { ...base, rule: { kind: "top", k: 5 } }).reference!.notes).toContainEqual({
      kind: "top-k-short",
      k: 5,
      qualified: 3,
    });
  });

  it("target: the declared model, flagged when outside the window", () => {
    const { reference } = referenceFor("KMMLU", registry, { ...base, rule: { kind: "target", model: "Old" } });
    expect(reference!.score).toBe(90);
    expect(reference!.notes.map((note) => note.kind)).toContain("target-outside-window");
  });

  it("lists every entry it left out, with the reason", () => {
    const { excluded } = referenceFor("KMMLU", registry, { ...base, rule: { kind: "best" } });
    const reasons = Object.fromEntries(excluded.map((item) => [item.entry.model, item.reason]));
    expect(reasons.Old).toMatchObject({ kind: "outside-window", releaseDate: "2025-01-01", window: "6mo" });
    expect(reasons.Old!.kind === "outside-window" && reasons.Old!.monthsBefore).toBeCloseTo(22.7, 0);
    expect(reasons.Direct).toMatchObject({ kind: "setting-differs" });
    expect(reasons.Direct!.kind === "setting-differs" && reasons.Direct!.mismatch).toContain("5-shot");
    expect(reasons.Korean).toEqual({ kind: "not-global" });
    expect(reasons.Future).toEqual({ kind: "after-as-of", releaseDate: "2026-12-01" });
  });

  it("--allow-setting-mismatch lets other settings in, noted", () => {
    const { reference } = referenceFor("KMMLU", registry, { ...base, rule: { kind: "best" }, allowSettingMismatch: true });
    expect(reference!.entries[0]!.model).toBe("Direct");
    expect(reference!.notes.map((note) => note.kind)).toContain("setting-mismatch-allowed");
  });

  it("settings: shots must agree; direct answers are not compared with thinking mode", () => {
    expect(settingMismatch({ shots: 5, reasoning: "none" }, { shots: 0 })).toContain("0-shot");
    expect(settingMismatch({ shots: 5, reasoning: "none" }, { reasoning: "required" })).toContain("thinking");
    expect(settingMismatch({ shots: 0, reasoning: "allowed" }, { reasoning: "required" })).toBeUndefined();
    expect(settingMismatch(undefined, { shots: 3 })).toBeUndefined();
    // A direct-answer run is not compared with a chain-of-thought score either.
    expect(settingMismatch({ shots: 0, reasoning: "none" }, { shots: 0, reasoning: "allowed" })).toBe(
      "reasoned before answering (chain of thought), the run answers directly",
    );
    expect(settingMismatch({ reasoning: "required" }, { reasoning: "allowed" })).toBeUndefined();
    expect(settingMismatch({ shots: 0, reasoning: "allowed" }, { shots: 0, reasoning: "none" })).toBeUndefined();
  });

  it("counts a model once, at its best comparable entry, and lists the other", () => {
    const twice = [
      ...registry,
      entry("A", 78, "2026-07-01", { setting: { shots: 0, reasoning: "required", note: "another vendor's table" } }),
    ];
    const { reference, excluded } = referenceFor("KMMLU", twice, { ...base, rule: { kind: "mean" } });
    expect(reference!.entries.map((e) => e.model)).toEqual(["A", "B", "C"]);
    expect(reference!.score).toBe(70);
    expect(excluded.find((item) => item.entry.score === 78)!.reason).toEqual({ kind: "counted-once", keptScore: 80 });
  });

  it("target: a model with no entry on the benchmark says so and names the models there are", () => {
    const elsewhere = [...registry, entry("Elsewhere", 70, "2026-07-01", { benchmark: "HRM8K" })];
    const choice = referenceFor("KMMLU", elsewhere, { ...base, rule: { kind: "target", model: "Elsewhere" } });
    expect(choice.reference).toBeUndefined();
    expect(choice.notes[0]).toEqual({
      kind: "target-missing",
      target: "Elsewhere",
      benchmark: "KMMLU",
      known: ["A", "B", "C", "Direct", "Future", "Korean", "Old"],
      anyExcluded: false,
    });
  });

  it("target: a model the registry does not know at all breaks the rule, with the closest names", () => {
    const choice = referenceFor("KMMLU", registry, { ...base, rule: { kind: "target", model: "Olde" } });
    expect(choice.reference).toBeUndefined();
    expect(choice.notes[0]).toEqual({ kind: "target-unknown", target: "Olde", suggestions: ["Old"] });
  });

  it("target: a team's declared comparison model counts even when not global, flagged", () => {
    const { reference } = referenceFor("KMMLU", registry, { ...base, rule: { kind: "target", model: "Korean" } });
    expect(reference!.score).toBe(95);
    expect(reference!.notes).toContainEqual({ kind: "target-not-global", model: "Korean" });
  });

  it("a reference never comes from a model released after the as-of date, whatever the rule", () => {
    for (const rule of [{ kind: "best" }, { kind: "mean" }, { kind: "top", k: 9 }, { kind: "target", model: "Future" }] as const) {
      const { reference, excluded } = referenceFor("KMMLU", registry, { ...base, rule });
      expect(reference?.entries.some((e) => e.model === "Future") ?? false).toBe(false);
      expect(excluded.find((item) => item.entry.model === "Future")!.reason).toEqual({ kind: "after-as-of", releaseDate: "2026-12-01" });
    }
  });

  it("parses rule names", () => {
    expect(parseReferenceRule("top-3")).toEqual({ kind: "top", k: 3 });
    expect(parseReferenceRule("target:Qwen3-235B-A22B (thinking)")).toEqual({ kind: "target", model: "Qwen3-235B-A22B (thinking)" });
    expect(() => parseReferenceRule("median")).toThrow(/best, mean/);
    expect(() => parseReferenceRule("top-0")).toThrow(/top-<k>/);
    expect(() => parseReferenceRule("target:")).toThrow(/target:<model>/);
  });
});
