import type { Comparison } from "../spec/comparison.js";
import type { RunManifest, RunSummary } from "../spec/run.js";

/** One item as the report's browser shows it. */
export interface ItemView {
  id: string;
  subject: string;
  status: string;
  target: string;
  extracted?: string;
  rule?: string;
  reply?: string;
  reasoning?: string;
  /** The prompt as sent, re-rendered from the suite when its content hash still matches. */
  prompt?: string;
  /** What happened after the prompt: a conversation's turns, a tool-use turn's calls, an agent loop's trajectory. */
  transcript?: string;
  /** A judge's verdicts: per judged turn, the rating and the judge's reply. */
  judge?: string;
  error?: string;
}

export interface RunReportEntry {
  runDir: string;
  manifest: RunManifest;
  summary: RunSummary;
  items?: ItemView[];
}

export type Decision = "PASS" | "FAIL" | "INCONCLUSIVE";

/** The verdict as reports need it; the verdict use case fills it. */
export interface VerdictView {
  decision: Decision;
  threshold: number;
  asOf: string;
  windowStart: string;
  rule: string;
  method: string;
  overall: { ratio: number; interval: [number, number]; decision: Decision };
  benchmarks: Array<{
    benchmark: string;
    teamScore: number;
    referenceScore: number;
    referenceModels: string[];
    ratio: number;
    interval: [number, number];
    decision: Decision;
    notes: string[];
  }>;
  /** The reference over time: for each month end, the best in-window global score per benchmark. */
  timeline?: Array<{ date: string; benchmark: string; reference: number | null; model?: string }>;
  /** Stage-review dates drawn on the timeline. */
  reviews?: string[];
  reasons: string[];
}

export interface ReportInput {
  title: string;
  generatedAt: string;
  kfmVersion: string;
  runs: RunReportEntry[];
  verdict?: VerdictView;
  comparisons?: Comparison[];
  /** Earlier runs of the same endpoint, oldest first, for the history chart. */
  history?: Array<{ runId: string; date: string; benchmark: string; accuracy: number }>;
}
