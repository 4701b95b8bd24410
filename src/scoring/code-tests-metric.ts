import type { TestFailure, TestVerdict } from "../spec/execution.js";
import type { MetricRecord, ScorerMetric } from "../spec/scorer-metric.js";

/** What the scorer keeps on a record: the program's verdict per test and the first failing test. */
export interface CodeTestsDetails {
  [key: string]: unknown;
  codeTests?: {
    /** The program as extracted from the reply (the one that ran). */
    code: string;
    difficulty?: string;
    /** Tests of the problem (public, then private). */
    tests: number;
    /** Verdict of each test that ran, in order; grading stops at the first failure. */
    verdicts: TestVerdict[];
    failure?: TestFailure;
  };
}

export interface CodeTestsMetrics {
  /** Problems scored (errors left out). */
  problems: number;
  /** Share of them whose program passed every test. */
  passAt1: number;
  byDifficulty: Record<string, { problems: number; passed: number; passAt1: number }>;
  /** How failed programs failed: the verdict of their first failing test (`no-code` for replies without a code block). */
  failures: Partial<Record<Exclude<TestVerdict, "passed"> | "no-code", number>>;
  /** The first failing test of the first failed problems (up to FAILED_SHOWN), for `kfm show` and the reports. */
  failed: Array<{ id: string; tests: number } & Omit<TestFailure, "index"> & { test: number }>;
}

/** Failed problems whose failing test the summary keeps (each already truncated by the sandbox). */
const FAILED_SHOWN = 20;

/** `summary.codeTests`: pass@1 over problems, by difficulty, and how the failures failed. */
export function codeTestsMetrics(records: ReadonlyArray<MetricRecord<CodeTestsDetails>>): CodeTestsMetrics | undefined {
  const scored = records.filter((record) => record.status !== "error");
  if (scored.length === 0) return undefined;
  const byDifficulty: CodeTestsMetrics["byDifficulty"] = {};
  const failures: CodeTestsMetrics["failures"] = {};
  const failed: CodeTestsMetrics["failed"] = [];
  let passed = 0;
  for (const record of scored) {
    const ok = record.status === "correct";
    if (ok) passed++;
    const details = record.details?.codeTests;
    const difficulty = details?.difficulty ?? "unknown";
    const group = (byDifficulty[difficulty] ??= { problems: 0, passed: 0, passAt1: 0 });
    group.problems++;
    if (ok) group.passed++;
    if (!ok) {
      const kind = details?.failure?.verdict ?? (record.status === "no-answer" ? "no-code" : "runtime-error");
      failures[kind] = (failures[kind] ?? 0) + 1;
      if (details?.failure && failed.length < FAILED_SHOWN) {
        const { index, ...failure } = details.failure;
        failed.push({ id: record.id, tests: details.tests, test: index + 1, ...failure });
      }
    }
  }
  for (const group of Object.values(byDifficulty)) group.passAt1 = group.passed / group.problems;
  return { problems: scored.length, passAt1: passed / scored.length, byDifficulty, failures, failed };
}

/** `summary.codeTests`, from the code-tests scorer's records. */
export const codeTestsMetric: ScorerMetric<CodeTestsDetails> = { name: "codeTests", aggregate: (records) => codeTestsMetrics(records) };
