/** The moving-target verdict as plain data: what `kfm verdict` prints and reports draw. */
export type Decision = "PASS" | "FAIL" | "INCONCLUSIVE";
export type DecideBy = "ratio-of-averages" | "mean-of-ratios";

export interface ExcludedView {
  model: string;
  score: number;
  releaseDate: string;
  reason: string;
}

export interface BenchmarkVerdict {
  benchmark: string;
  team: { score: number; low: number; high: number; items?: number; source: string; selfReported: boolean };
  reference?: {
    score: number;
    low: number;
    high: number;
    rule: string;
    models: Array<{ model: string; vendor: string; score: number; releaseDate: string; citation: string; items?: number }>;
    uncertainty: string;
  };
  ratio?: { estimate: number; low: number; high: number };
  decision: Decision | "NO-REFERENCE";
  itemsToSettle?: number;
  excluded: ExcludedView[];
  notes: string[];
}

export interface VerdictReport {
  asOf: string;
  window: string;
  windowStart: string;
  boundaryRule: string;
  rule: string;
  threshold: number;
  decideBy: DecideBy;
  seed: number;
  replicates: number;
  benchmarks: BenchmarkVerdict[];
  overall: {
    decision: Decision | "NO-REFERENCE";
    decidedBy: DecideBy;
    ratioOfAverages?: { estimate: number; low: number; high: number };
    meanOfRatios?: { estimate: number; low: number; high: number };
    benchmarks: string[];
  };
  reasons: string[];
  timeline: Array<{ date: string; benchmark: string; reference: number | null; model?: string }>;
  reviews: string[];
  stage?: StageResult;
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
  };
}
