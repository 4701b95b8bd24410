/**
 * The moving-target verdict as plain data: what `kfm verdict` returns and reports draw. Every
 * reason is a typed value; sentences are rendered last (`verdict/explain.ts`), so nothing decides
 * on the wording of a note.
 */
export type Decision = "PASS" | "FAIL" | "INCONCLUSIVE";
export type DecideBy = "ratio-of-averages" | "mean-of-ratios";
export const DECIDE_BY: readonly DecideBy[] = ["ratio-of-averages", "mean-of-ratios"];

/** A point estimate with its interval at the verdict's `level`. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/**
 * Where a registry score comes from, strongest first: `measured` by a kfm run of the model;
 * `primary`, read in the document that published it; `secondary`, the publisher's number seen only
 * in a third party's transcription; `mirror`, an aggregator's figure seen only in a mirror (rounded).
 */
export type Provenance = "measured" | "primary" | "secondary" | "mirror";
export const PROVENANCE: readonly Provenance[] = ["measured", "primary", "secondary", "mirror"];

/** A look-back window: `6mo` (calendar months) or `180d` (days). */
export type Window = { months: number } | { days: number };

/** How the reference score for a benchmark is formed from the in-window global models. */
export type ReferenceRule = { kind: "best" } | { kind: "mean" } | { kind: "top"; k: number } | { kind: "target"; model: string };

/** The verdict's settings after defaults and the stage profile, checked. */
export interface VerdictSettings {
  asOf: string;
  window: Window;
  rule: ReferenceRule;
  threshold: number;
  decideBy: DecideBy;
  seed: number;
  replicates: number;
  /** Interval level: 0.95 draws 95% intervals. */
  level: number;
  /** Scores of weaker provenance than this are left out of the reference. */
  minProvenance: Provenance;
  /** How long after the registry's review date a verdict may still PASS. */
  maxRegistryAge: Window;
}

/** Why one registry entry of the benchmark was left out of the reference. */
export type Exclusion =
  | { kind: "not-global" }
  | { kind: "after-as-of"; releaseDate: string }
  | { kind: "outside-window"; releaseDate: string; monthsBefore: number; window: string }
  | { kind: "setting-differs"; mismatch: string }
  | { kind: "counted-once"; keptScore: number }
  | { kind: "provenance-below"; provenance: Provenance; minimum: Provenance };

/** What the verdict knows and says about one benchmark, as data. */
export type VerdictNote =
  // about the team's input
  | { kind: "run-status"; run: string; status: string }
  | { kind: "endpoint-errors"; count: number }
  | { kind: "unreadable-lines"; count: number }
  | { kind: "simulated-endpoint" }
  | { kind: "selection"; items: number; sample?: number; limit?: number }
  | { kind: "shard"; index: number; count: number }
  | { kind: "repeated-samples"; samples: number; items: number }
  | { kind: "identity-changed"; reasons: string[] }
  /** A stage row filled by a subset of its benchmark (HLE text only): compared with the subset's scores, not the full set's. */
  | { kind: "stage-subset"; stageBenchmark: string; measured: string; why: string }
  /** The requests switched thinking on or off: the run is compared as sent, not as the suite declared. */
  | { kind: "setting-as-sent"; thinking: "on" | "off"; reasoning: string; declared?: string }
  | { kind: "no-setting"; source: "run" | "scores" }
  | { kind: "self-reported"; items?: number }
  | { kind: "reported-for"; who: string }
  | { kind: "team-note"; text: string }
  | { kind: "citation"; citation: string }
  // about the reference
  | { kind: "no-reference"; benchmark: string; windowStart: string; asOf: string }
  | { kind: "target-missing"; target: string; benchmark: string; known: string[]; anyExcluded: boolean }
  | { kind: "target"; model: string; releaseDate: string }
  | { kind: "target-outside-window"; model: string; releaseDate: string; monthsBefore: number }
  | { kind: "target-not-global"; model: string }
  | { kind: "in-window"; model: string; releaseDate: string; monthsBefore: number }
  | { kind: "setting-mismatch-allowed"; model: string; mismatch: string }
  | { kind: "top-k-short"; k: number; qualified: number }
  | { kind: "release-date-uncertain"; model: string }
  | { kind: "setting-unknown"; model: string; description?: string }
  | { kind: "vendor-run"; model: string; detail: string }
  | { kind: "target-unknown"; target: string; suggestions: string[] }
  // about the registry's completeness (release calendar, review date)
  | { kind: "release-missing"; model: string; vendor: string; benchmark: string; releaseDate: string; leftOut: number }
  | {
      kind: "release-undated";
      model: string;
      vendor: string;
      benchmark: string;
      when: string;
      earliest: string;
      latest: string;
      certain: boolean;
      leftOut: number;
    }
  | { kind: "no-calendar" }
  | { kind: "registry-reviewed"; reviewedThrough: string; days: number; maxAge: string }
  | { kind: "registry-stale"; reviewedThrough: string; days: number; maxAge: string }
  // about the interval
  | { kind: "paired-subset"; shared: number; total: number }
  | { kind: "pairing-refused"; model: string; run: string; why: PairingRefusal }
  | { kind: "settle"; more: number; items: number }
  | { kind: "unsettleable"; why: Unsettleable }
  | { kind: "settle-unknown" };

export type PairingRefusal =
  | { kind: "self-reported" }
  | { kind: "hash-differs"; referenceHash: string; teamHash?: string }
  | { kind: "no-runs-dir" }
  | { kind: "not-in-runs-dir"; runsDir: string }
  | { kind: "no-shared-items" };

/** Why more team items cannot settle an INCONCLUSIVE decision. */
export type Unsettleable = { kind: "on-threshold" } | { kind: "no-items" } | { kind: "reference-error"; halfWidth: number };

/** How the reference's own uncertainty entered the interval. */
export type Uncertainty =
  | { kind: "paired"; items: number; run: string }
  | { kind: "exact" }
  | { kind: "published"; entries: number; known: number; items?: number; unknown: string[] };

/** A note as reports carry it: the data, and the sentence `explain` rendered for it. */
export type RenderedNote = VerdictNote & { text?: string };

export interface ExcludedEntry {
  model: string;
  score: number;
  releaseDate: string;
  reason: Exclusion & { text?: string };
}

export interface ReferenceModel {
  model: string;
  vendor: string;
  score: number;
  releaseDate: string;
  citation: string;
  provenance: Provenance;
  items?: number;
}

/** A decision the interval alone would have reached, and the notes that held it back. */
export interface Capped {
  /** What the interval said; NO-REFERENCE when there was no reference to compare with. */
  from: Decision | "NO-REFERENCE";
  by: Array<VerdictNote["kind"]>;
}

export interface BenchmarkVerdict {
  benchmark: string;
  /** The team's score, 0–100, with its interval. */
  team: Interval & { items?: number; source: string; selfReported: boolean };
  /** The reference score, 0–100, with its interval. */
  reference?: Interval & {
    rule: string;
    models: ReferenceModel[];
    uncertainty: Uncertainty & { text?: string };
  };
  ratio?: Interval;
  decision: Decision | "NO-REFERENCE";
  /** Set when a gap in the registry held back the decision the interval reached (or there was no reference to reach one). */
  capped?: Capped;
  /** Team items in all that would settle an INCONCLUSIVE decision, if the ratio held. */
  itemsToSettle?: number;
  excluded: ExcludedEntry[];
  notes: RenderedNote[];
}

/** Across the benchmarks: what more items would do for an INCONCLUSIVE overall decision. */
export type OverallSettle =
  | { kind: "settle"; more: number; items: number; judged: number }
  | { kind: "unsettleable"; why: Unsettleable }
  | { kind: "settle-unknown" };

export interface Verdict {
  asOf: string;
  window: string;
  windowStart: string;
  boundaryRule: string;
  rule: string;
  threshold: number;
  decideBy: DecideBy;
  seed: number;
  replicates: number;
  /** Interval level of every interval in the verdict (0.95 for 95%). */
  level: number;
  benchmarks: BenchmarkVerdict[];
  overall: {
    decision: Decision;
    decidedBy: DecideBy;
    ratioOfAverages?: Interval;
    meanOfRatios?: Interval;
    benchmarks: string[];
    settle?: OverallSettle;
    capped?: Capped;
  };
  /** What the verdict knows about the registry it read: review date, calendar, the provenance floor. */
  registry?: RegistryState;
  /** One sentence per line for a reader, rendered from the data above by `explain`. */
  reasons: string[];
  timeline: TimelinePoint[];
  reviews: string[];
  stage?: StageResult;
}

export interface RegistryState {
  /** The date through which the registry's scores and release calendar were last reviewed, if it says. */
  reviewedThrough?: string;
  /** Days from the review date to the as-of date (0 when the as-of date is within the review). */
  daysPastReview?: number;
  stale: boolean;
  maxAge: string;
  calendar: boolean;
  minProvenance: Provenance;
  /** The global vendors counted (a stage's `vendors`); every vendor when absent. */
  vendors?: string[];
}

export interface TimelinePoint {
  date: string;
  benchmark: string;
  reference: number | null;
  model?: string;
  /** The reference fell from the previous point only because entries aged out, nothing newer came in. */
  fellByAgeing?: FellByAgeing;
}

export interface FellByAgeing {
  previous: number;
  agedOut: string[];
}

export interface StageResult {
  id: string;
  title: string;
  file: string;
  /** Stage benchmarks with no team run or score: they earn nothing. */
  missing: string[];
  /** Inputs that are not part of the stage and were left out. */
  ignored: string[];
  scorecard?: {
    benchmarkPoints: number;
    expertPoints?: number;
    userPoints?: number;
    total: number;
    maximum: number;
    points: { benchmarks: number; expert: number; user: number };
    /** Panels without a score: the total counts the benchmark part (and any panel given) only. */
    panelsMissing: Array<"expert" | "user">;
  };
}
