import type { Comparison } from "../spec/comparison.js";
import type { RunManifest, RunSummary } from "../spec/run.js";
import type { Verdict } from "../spec/verdict.js";

/** One item as the report's browser shows it. */
export interface ItemView {
  id: string;
  subject: string;
  supercategory?: string;
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
  /** Subject -> supercategory, from the suite or the item records, to group the subjects by. */
  supercategoryOf?: Record<string, string>;
  items?: ItemView[];
}

export interface ReportInput {
  title: string;
  generatedAt: string;
  kfmVersion: string;
  runs: RunReportEntry[];
  /** The verdict as `explainVerdict` worded it: reports draw it and decide nothing. */
  verdict?: Verdict;
  comparisons?: Comparison[];
  /** Earlier runs of the same endpoint, oldest first, for the history chart. */
  history?: Array<{ runId: string; date: string; benchmark: string; accuracy: number }>;
}
