import type { BenchmarkVerdict, Capped, Decision, ReferenceRule, VerdictNote } from "../spec/verdict.js";

/**
 * How a note bears on the decision:
 * - `none`: it informs.
 * - `may-raise`: the reference is missing something it should include (an in-window release without a
 *   usable score, releases after a stale review date). Under `best` the reference is a maximum, so a
 *   missing model can only raise it: PASS is held back, FAIL stands. Under `mean` and `top-k` it can
 *   move either way: neither stands. Under `target` the declared model's score does not depend on
 *   other releases: nothing is held back.
 * - `rule-broken`: the reference breaks the moving-target rule (a declared target outside the window,
 *   not global, or unknown to the registry): whatever it says, it cannot make a PASS.
 * - `run-unsound`: the team's run does not measure one model (its identity changed mid-run): neither
 *   PASS nor FAIL stands, under any rule.
 * - `subset`: the run measures a subset of the benchmark the stage asks for: a decision against the subset's
 *   own scores stands, but no reference for the subset is not "no reference" for the stage row: INCONCLUSIVE.
 * - `completeness-unknown`: nothing says which releases the reference should include (no release
 *   calendar): like `may-raise` for a decision, but a benchmark without a reference stays NO-REFERENCE.
 */
export type NoteEffect = "none" | "may-raise" | "rule-broken" | "run-unsound" | "completeness-unknown" | "subset";

/** Every note kind's effect, beside the kinds: a new kind does not compile until it is given one. */
export const NOTE_EFFECT: { readonly [Kind in VerdictNote["kind"]]: NoteEffect } = {
  "run-status": "none",
  "endpoint-errors": "none",
  "unreadable-lines": "none",
  "simulated-endpoint": "none",
  selection: "none",
  shard: "none",
  "repeated-samples": "none",
  "identity-changed": "run-unsound",
  "setting-as-sent": "none",
  "stage-subset": "subset",
  "no-setting": "none",
  "self-reported": "none",
  "reported-for": "none",
  "team-note": "none",
  citation: "none",
  "no-reference": "none",
  "target-missing": "none",
  target: "none",
  "target-outside-window": "rule-broken",
  "target-not-global": "rule-broken",
  "target-unknown": "rule-broken",
  "in-window": "none",
  "setting-mismatch-allowed": "none",
  "top-k-short": "none",
  "release-date-uncertain": "none",
  "setting-unknown": "none",
  "vendor-run": "none",
  "release-missing": "may-raise",
  "release-undated": "may-raise",
  "no-calendar": "completeness-unknown",
  "registry-reviewed": "none",
  "registry-stale": "may-raise",
  "paired-subset": "none",
  "pairing-refused": "none",
  settle: "none",
  unsettleable: "none",
  "settle-unknown": "none",
};

/** The note kinds that can hold a decision back under some rule, derived from NOTE_EFFECT. */
export const BLOCKING_KINDS: ReadonlySet<VerdictNote["kind"]> = new Set(
  (Object.keys(NOTE_EFFECT) as Array<VerdictNote["kind"]>).filter((kind) => NOTE_EFFECT[kind] !== "none"),
);

/** The decisions a note of this effect does not let stand under the rule. */
function heldBack(effect: NoteEffect, rule: ReferenceRule): readonly Decision[] {
  if (effect === "rule-broken") return ["PASS"];
  if (effect === "run-unsound") return ["PASS", "FAIL"];
  if (effect === "none" || effect === "subset" || rule.kind === "target") return [];
  return rule.kind === "best" ? ["PASS"] : ["PASS", "FAIL"];
}

/** The notes among these that hold back something under the rule. */
export function blockingNotes(notes: readonly VerdictNote[], rule: ReferenceRule): VerdictNote[] {
  return notes.filter((note) => heldBack(NOTE_EFFECT[note.kind], rule).length > 0);
}

/**
 * The decision after the registry's gaps: INCONCLUSIVE where a note does not let the interval's
 * decision stand, or where there is no reference but a note says one should exist. Returns the row's
 * decision and, when it changed, what it was and which kinds of note held it back.
 */
export function capDecision(
  decision: BenchmarkVerdict["decision"],
  notes: readonly VerdictNote[],
  rule: ReferenceRule,
): { decision: BenchmarkVerdict["decision"]; capped?: Capped } {
  const blocking = blockingNotes(notes, rule);
  const holds =
    decision === "NO-REFERENCE"
      ? [
          ...blocking.filter((note) => NOTE_EFFECT[note.kind] !== "completeness-unknown"),
          ...notes.filter((note) => NOTE_EFFECT[note.kind] === "subset"),
        ]
      : blocking.filter((note) => heldBack(NOTE_EFFECT[note.kind], rule).includes(decision as Decision));
  if (holds.length === 0) return { decision };
  return { decision: "INCONCLUSIVE", capped: { from: decision, by: [...new Set(holds.map((note) => note.kind))] } };
}

/**
 * The overall decision after the benchmarks' gaps: a benchmark left without a reference that should
 * have one could move the aggregate either way; otherwise the benchmarks' notes hold back what they
 * hold back for each of them.
 */
export function capOverall(
  decision: Decision | "NO-REFERENCE",
  rows: readonly BenchmarkVerdict[],
  rule: ReferenceRule,
): { decision: Decision; capped?: Capped } {
  const unknown = rows.filter((row) => row.capped?.from === "NO-REFERENCE");
  if ((unknown.length > 0 && decision !== "INCONCLUSIVE") || decision === "NO-REFERENCE") {
    return { decision: "INCONCLUSIVE", capped: { from: decision, by: [...new Set(unknown.flatMap((row) => row.capped!.by))] } };
  }
  const capped = capDecision(
    decision,
    rows.flatMap((row) => row.notes),
    rule,
  );
  return capped as { decision: Decision; capped?: Capped };
}
