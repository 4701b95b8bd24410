import { describe, expect, it } from "vitest";
import type { BenchmarkVerdict, VerdictNote } from "../spec/verdict.js";
import { BLOCKING_KINDS, capDecision, capOverall, NOTE_EFFECT } from "./blocking.js";

const missing: VerdictNote = {
  kind: "release-missing",
  model: "GPT-5.5",
  vendor: "OpenAI",
  benchmark: "KMMLU",
  releaseDate: "2026-04-23",
  leftOut: 0,
};
const stale: VerdictNote = { kind: "registry-stale", reviewedThrough: "2026-12-04", days: 90, maxAge: "1mo" };
const outside: VerdictNote = { kind: "target-outside-window", model: "Old", releaseDate: "2025-01-01", monthsBefore: 16 };

describe("which gaps hold a decision back", () => {
  it("the blocking kinds are derived from the effects kept beside the note kinds", () => {
    expect([...BLOCKING_KINDS].sort()).toEqual([
      "identity-changed",
      "no-calendar",
      "registry-stale",
      "release-missing",
      "release-undated",
      "stage-subset",
      "target-not-global",
      "target-outside-window",
      "target-unknown",
    ]);
    expect(NOTE_EFFECT["in-window"]).toBe("none");
  });

  it("a run whose endpoint changed identity mid-run is unsound: neither PASS nor FAIL stands, under any rule", () => {
    const changed: VerdictNote = { kind: "identity-changed", reasons: ["model id kfm-a became kfm-b"] };
    for (const rule of [{ kind: "best" }, { kind: "mean" }, { kind: "target", model: "X" }] as const) {
      expect(capDecision("PASS", [changed], rule)).toEqual({
        decision: "INCONCLUSIVE",
        capped: { from: "PASS", by: ["identity-changed"] },
      });
      expect(capDecision("FAIL", [changed], rule)).toEqual({
        decision: "INCONCLUSIVE",
        capped: { from: "FAIL", by: ["identity-changed"] },
      });
    }
  });

  it("no release calendar: the reference's completeness is unknown, so a best-of PASS is held back, a FAIL stands, no reference stays so", () => {
    const none = { kind: "no-calendar" } as const;
    expect(capDecision("PASS", [none], { kind: "best" })).toEqual({
      decision: "INCONCLUSIVE",
      capped: { from: "PASS", by: ["no-calendar"] },
    });
    expect(capDecision("FAIL", [none], { kind: "best" })).toEqual({ decision: "FAIL" });
    expect(capDecision("NO-REFERENCE", [none], { kind: "best" })).toEqual({ decision: "NO-REFERENCE" });
  });

  it("a subset standing in for a stage row: its decision stands, but no reference for the subset is INCONCLUSIVE", () => {
    const subset: VerdictNote = { kind: "stage-subset", stageBenchmark: "HLE", measured: "HLE (text only)", why: "no images" };
    expect(capDecision("PASS", [subset], { kind: "best" })).toEqual({ decision: "PASS" });
    expect(capDecision("NO-REFERENCE", [subset], { kind: "best" })).toEqual({
      decision: "INCONCLUSIVE",
      capped: { from: "NO-REFERENCE", by: ["stage-subset"] },
    });
  });

  it("best: a missing model can only raise the reference, so PASS is held back and FAIL stands", () => {
    expect(capDecision("PASS", [missing], { kind: "best" })).toEqual({
      decision: "INCONCLUSIVE",
      capped: { from: "PASS", by: ["release-missing"] },
    });
    expect(capDecision("FAIL", [missing, stale], { kind: "best" })).toEqual({ decision: "FAIL" });
  });

  it("mean and top-k: a missing model can move the reference either way, so neither PASS nor FAIL stands", () => {
    for (const rule of [{ kind: "mean" } as const, { kind: "top", k: 3 } as const]) {
      expect(capDecision("FAIL", [stale], rule)).toEqual({ decision: "INCONCLUSIVE", capped: { from: "FAIL", by: ["registry-stale"] } });
      expect(capDecision("PASS", [missing], rule).decision).toBe("INCONCLUSIVE");
    }
  });

  it("a declared target does not depend on other releases, but a target that breaks the rule cannot PASS", () => {
    const target = { kind: "target", model: "Old" } as const;
    expect(capDecision("PASS", [missing, stale], target)).toEqual({ decision: "PASS" });
    expect(capDecision("PASS", [outside], target)).toEqual({
      decision: "INCONCLUSIVE",
      capped: { from: "PASS", by: ["target-outside-window"] },
    });
    expect(capDecision("FAIL", [outside], target)).toEqual({ decision: "FAIL" });
  });

  it("no reference while the calendar says one should exist: INCONCLUSIVE, and the overall cannot stand either way", () => {
    const row = capDecision("NO-REFERENCE", [missing], { kind: "best" });
    expect(row).toEqual({ decision: "INCONCLUSIVE", capped: { from: "NO-REFERENCE", by: ["release-missing"] } });
    expect(capDecision("NO-REFERENCE", [{ kind: "no-calendar" }], { kind: "best" })).toEqual({ decision: "NO-REFERENCE" });
    const rows = [{ benchmark: "KMMLU", decision: "INCONCLUSIVE", capped: row.capped, notes: [missing] }] as unknown as BenchmarkVerdict[];
    expect(capOverall("FAIL", rows, { kind: "best" })).toEqual({
      decision: "INCONCLUSIVE",
      capped: { from: "FAIL", by: ["release-missing"] },
    });
  });
});
