import type { Decision, Verdict } from "../spec/verdict.js";

/** A judged benchmark as a report's table row draws it. */
export interface VerdictRow {
  benchmark: string;
  teamScore: number;
  referenceScore: number;
  referenceModels: string[];
  ratio: number;
  interval: [number, number];
  decision: Decision;
  /** The reference's uncertainty, then the notes, as the explanation worded them. */
  notes: string[];
}

/** The benchmarks that have a reference, as rows (benchmarks without one are in the reasons). */
export function verdictRows(verdict: Verdict): VerdictRow[] {
  return verdict.benchmarks.flatMap((row) =>
    row.ratio && row.reference && row.decision !== "NO-REFERENCE"
      ? [
          {
            benchmark: row.benchmark,
            teamScore: row.team.estimate,
            referenceScore: row.reference.estimate,
            referenceModels: row.reference.models.map((model) => model.model),
            ratio: row.ratio.estimate,
            interval: [row.ratio.low, row.ratio.high] as [number, number],
            decision: row.decision,
            notes: [row.reference.uncertainty.text ?? row.reference.uncertainty.kind, ...row.notes.map((note) => note.text ?? note.kind)],
          },
        ]
      : [],
  );
}

/** The deciding aggregate: the ratio, its interval and the overall decision. */
export function overallRow(verdict: Verdict): { ratio: number; interval: [number, number]; decision: Decision } {
  const deciding = (verdict.decideBy === "ratio-of-averages" ? verdict.overall.ratioOfAverages : verdict.overall.meanOfRatios) ?? {
    estimate: 0,
    low: 0,
    high: 0,
  };
  return { ratio: deciding.estimate, interval: [deciding.low, deciding.high], decision: verdict.overall.decision };
}
