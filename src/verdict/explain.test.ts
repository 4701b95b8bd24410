import { describe, expect, it } from "vitest";
import type { BaselineEntry } from "../baseline/registry.js";
import type { Verdict, VerdictSettings } from "../spec/verdict.js";
import { decideVerdict } from "./decide.js";
import { explainVerdict, noteText, WORDING, type Wording } from "./explain.js";
import type { TeamInput } from "./team-input.js";

function entry(model: string, benchmark: string, score: number, release: string, extra: Partial<BaselineEntry> = {}): BaselineEntry {
  return {
    model,
    vendor: "v",
    global: true,
    release_date: release,
    release_source: "s",
    benchmark,
    score,
    setting: { shots: 0, reasoning: "required" },
    citation: "c",
    measured_by: "published",
    source: { file: "f.yaml", line: 1 },
    ...extra,
  };
}

const registry: BaselineEntry[] = [
  entry("Old", "KMMLU", 90, "2025-01-01"),
  entry("A", "KMMLU", 80, "2026-07-01", { items: 35030, release_date_uncertain: true }),
  entry("A", "KMMLU", 78, "2026-07-01", { items: 35030 }),
  entry("Direct", "KMMLU", 85, "2026-09-15", { setting: { shots: 5, reasoning: "none" } }),
  entry("Korean", "KMMLU", 95, "2026-10-01", { global: false }),
  entry("Future", "KMMLU", 99, "2026-12-01"),
  entry("Measured", "HRM8K", 60, "2026-08-01", { measured_by: { run: "ref-run", suite_hash: "sha256:other" }, setting: { shots: 0 } }),
];

const settings: VerdictSettings = {
  asOf: "2026-11-23",
  window: { months: 6 },
  rule: { kind: "best" },
  threshold: 0.95,
  decideBy: "ratio-of-averages",
  seed: 0,
  replicates: 400,
  level: 0.95,
  minProvenance: "secondary",
  maxRegistryAge: { months: 1 },
};

const outcomes = (items: number, correct: number) => Float64Array.from({ length: items }, (_, index) => (index < correct ? 1 : 0));

/** Inputs that raise as many kinds of note as one verdict can: a run, a self-reported table, a benchmark without a reference. */
const teams: TeamInput[] = [
  {
    benchmark: "KMMLU",
    source: "run r",
    setting: { shots: 0, reasoning: "allowed" },
    outcomes: outcomes(300, 232),
    ids: Array.from({ length: 300 }, (_, index) => `k${index}`),
    contentHash: "sha256:team",
    notes: [
      { kind: "run-status", run: "r", status: "partial" },
      { kind: "endpoint-errors", count: 3 },
      { kind: "selection", items: 300, sample: 300 },
      { kind: "identity-changed", reasons: ["model changed"] },
    ],
  },
  {
    benchmark: "HRM8K",
    source: "run s",
    outcomes: outcomes(200, 120),
    ids: Array.from({ length: 200 }, (_, index) => `h${index}`),
    contentHash: "sha256:team",
    notes: [{ kind: "no-setting", source: "run" }],
  },
  {
    benchmark: "KoBEST",
    source: "self-reported (t.yaml)",
    fixed: 0.8,
    notes: [{ kind: "self-reported" }, { kind: "reported-for", who: "A" }, { kind: "citation", citation: "card" }],
  },
];

async function decided(): Promise<Verdict> {
  return decideVerdict({
    teams,
    registry,
    settings,
    pair: async (measured) =>
      measured.measured_by === "published"
        ? undefined
        : {
            refused: {
              kind: "pairing-refused",
              model: measured.model,
              run: "ref-run",
              why: { kind: "hash-differs", referenceHash: "sha256:other", teamHash: "sha256:team" },
            },
          },
  });
}

/** Every template of the wording, wrapped so that each sentence reads differently. */
function reworded(wording: Wording): Wording {
  const wrap = <T extends Record<string, (...args: never[]) => string>>(templates: T): T =>
    Object.fromEntries(
      Object.entries(templates).map(([kind, template]) => [kind, (...args: never[]) => `REWORDED(${template(...args)})`]),
    ) as T;
  return {
    notes: wrap(wording.notes),
    exclusions: wrap(wording.exclusions),
    uncertainty: wrap(wording.uncertainty),
    unsettleable: wrap(wording.unsettleable),
    overallSettle: wrap(wording.overallSettle),
  };
}

/** The verdict with every rendered sentence removed: what the decision is made of. */
function withoutText(verdict: Verdict): unknown {
  return JSON.parse(JSON.stringify({ ...verdict, reasons: [] }, (key, value) => (key === "text" ? undefined : value)));
}

describe("the verdict's reasons are data", () => {
  it("rewording every template changes the text and nothing else", async () => {
    const plain = explainVerdict(await decided());
    const other = explainVerdict(await decided(), reworded(WORDING));
    expect(withoutText(other)).toEqual(withoutText(plain));
    expect(other.overall.decision).toBe(plain.overall.decision);
    // The reworded sentences did reach the output: notes, exclusions, uncertainty.
    const texts = other.benchmarks.flatMap((row) => [
      ...row.notes.map((note) => note.text),
      ...row.excluded.map((entry) => entry.reason.text),
      row.reference?.uncertainty.text,
    ]);
    expect(texts.filter((text) => text !== undefined).every((text) => text!.startsWith("REWORDED("))).toBe(true);
    expect(plain.reasons).not.toEqual(other.reasons);
  });

  it("a benchmark without a reference is NO-REFERENCE with a typed reason, and left out of the overall decision", async () => {
    const verdict = await decided();
    const kobest = verdict.benchmarks.find((row) => row.benchmark === "KoBEST")!;
    expect(kobest.decision).toBe("NO-REFERENCE");
    expect(kobest.notes).toContainEqual({ kind: "no-reference", benchmark: "KoBEST", windowStart: "2026-05-23", asOf: "2026-11-23" });
    expect(verdict.overall.benchmarks).toEqual(["KMMLU", "HRM8K"]);
  });

  it("every kind the verdict raised has a sentence, and the sentences read as before", async () => {
    const verdict = explainVerdict(await decided());
    const kmmlu = verdict.benchmarks.find((row) => row.benchmark === "KMMLU")!;
    expect(kmmlu.excluded.map((entry) => entry.reason.text)).toEqual(
      expect.arrayContaining([
        "not a global model",
        "released 2026-12-01, after the as-of date",
        "A counts once: its entry scoring 80 is used",
      ]),
    );
    expect(kmmlu.notes.map((note) => note.text)).toContain("A (2026-07-01) is in: released 4.8 months before the as-of date");
    expect(kmmlu.notes).toContainEqual(
      expect.objectContaining({ kind: "settle", text: expect.stringMatching(/^about \d+ more items \(\d+ in all\) would settle it/) }),
    );
    expect(kmmlu.notes.map((note) => note.text)).toContain("A: release date uncertain in its source");
    const hrm = verdict.benchmarks.find((row) => row.benchmark === "HRM8K")!;
    expect(hrm.notes.map((note) => note.text).join("\n")).toContain(
      "not paired with kfm run ref-run: its suite hash sha256:other differs from the team run's sha256:team",
    );
    expect(noteText({ kind: "unsettleable", why: { kind: "reference-error", halfWidth: 0.03 } })).toBe(
      "INCONCLUSIVE: the reference's own sampling error (±3.0 percentage points of the ratio) is wider than the distance to the threshold; more team items cannot settle it",
    );
    expect(verdict.reasons[0]).toMatch(/^KMMLU: 77\.3 vs 80\.0 of A \(2026-07-01\) = /);
  });
});
