import { KfmError } from "../spec/errors.js";
import { problemTests, TestCasesError } from "./code-test-cases.js";
import { codeTestsDeclaration } from "./code-tests-declaration.js";
import type { CodeTestsDetails } from "./code-tests-metric.js";
import { defineScorer } from "./define-scorer.js";
import { extractCode } from "./extract-code.js";
import { ownValue } from "../spec/own-value.js";

/**
 * LiveCodeBench's grading (lcb_runner/evaluation/compute_code_generation_metrics.py): the last fenced
 * code block of the reply runs, in the sandbox kfm gives the scorer, on every public and private test
 * of its problem; it is correct when every test passes. One reply is one sample, correct or not, so
 * pass@1 over problems is the accuracy, and repeated samples give LiveCodeBench's pass@k through the
 * Codex estimator. A reply without a code block is `no-answer`.
 */
export const codeTests = defineScorer({
  ...codeTestsDeclaration,
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
