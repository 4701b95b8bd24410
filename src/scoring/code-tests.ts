import * as z from "zod";
import { KfmError } from "../spec/errors.js";
import type { TestFailure, TestVerdict } from "../spec/execution.js";
import type { MetricRecord, ScorerMetric } from "../spec/scorer-metric.js";
import { problemTests, TestCasesError } from "./code-test-cases.js";
import { defineScorer } from "./define-scorer.js";
import { extractCode } from "./extract-code.js";
import { ownValue } from "../spec/own-value.js";

const argsSchema = z
  .object({
    /** Each test's limit in seconds: LiveCodeBench's `evaluate_generations` default (timeout=6). */
    timeout_seconds: z.number().positive().max(60).default(6),
    /** The item field whose value the summary's `codeTests.byDifficulty` groups by. */
    difficulty_field: z.string().min(1).default("difficulty"),
  })
  .strict();

export type CodeTestsArgs = z.infer<typeof argsSchema>;

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

/**
 * LiveCodeBench's grading (lcb_runner/evaluation/compute_code_generation_metrics.py): the last fenced
 * code block of the reply runs, in the sandbox kfm gives the scorer, on every public and private test
 * of its problem; it is correct when every test passes. One reply is one sample, correct or not, so
 * pass@1 over problems is the accuracy, and repeated samples give LiveCodeBench's pass@k through the
 * Codex estimator. A reply without a code block is `no-answer`.
 */
export const codeTests = defineScorer({
  id: "code-tests",
  description:
    "LiveCodeBench: the last fenced code block runs in a sandbox on the problem's public and private tests; correct when all pass.",
  args: argsSchema,
  needsExecutor: true,
  metrics: [
    {
      name: "codeTests",
      aggregate: (records) => codeTestsMetrics(records),
    } satisfies ScorerMetric<CodeTestsDetails>,
  ],
  create(args, context) {
    const executor = context.executor;
    if (!executor)
      throw new KfmError("usage", "the code-tests scorer runs generated programs and was given no sandbox", {
        hint: "Score it through `kfm eval` or `kfm rescore`, which open the sandbox (bubblewrap).",
      });
    return {
      async score({ item, text }) {
        let problem;
        try {
          problem = problemTests(item.fields);
        } catch (error) {
          if (error instanceof TestCasesError) throw new KfmError("data", `item ${item.id}: ${error.message}`, { cause: error });
          throw error;
        }
        const code = extractCode(text);
        if (code === undefined || code.trim() === "") return { status: "no-answer", rule: "no-code-block" };
        const result = await executor.run({
          code,
          tests: problem.tests,
          timeoutSeconds: args.timeout_seconds,
          ...(problem.functionName ? { functionName: problem.functionName } : {}),
        });
        const passed = result.verdicts.length === result.total && result.verdicts.every((verdict) => verdict === "passed");
        const difficulty = ownValue(item.fields, args.difficulty_field);
        const details: CodeTestsDetails = {
          codeTests: {
            code,
            ...(difficulty ? { difficulty } : {}),
            tests: result.total,
            verdicts: result.verdicts,
            ...(result.failure ? { failure: result.failure } : {}),
          },
        };
        return {
          status: passed ? "correct" : "incorrect",
          extracted: passed
            ? "all tests passed"
            : `test ${(result.failure?.index ?? 0) + 1} of ${result.total}: ${result.failure?.verdict ?? "failed"}`,
          rule: problem.functionName ? "functional" : "stdin",
          details,
        };
      },
    };
  },
});

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
