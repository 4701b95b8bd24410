import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { CodeExecutor, CodeRunRequest } from "../spec/execution.js";
import type { SuiteItem } from "../spec/item.js";
import { decodePrivateTests, problemTests } from "./code-test-cases.js";
import { codeTests } from "./code-tests.js";
import { codeTestsMetrics } from "./code-tests-metric.js";
import { extractCode } from "./extract-code.js";

// A pickled JSON string as the release stores it: pickle.dumps('[{"input": "1\\n", "output": "2\\n", "testtype": "stdin"}]') (protocol 4).
const PICKLED_TESTS = "gASVPAAAAAAAAACMOFt7ImlucHV0IjogIjFcbiIsICJvdXRwdXQiOiAiMlxuIiwgInRlc3R0eXBlIjogInN0ZGluIn1dlC4=";
// pickle.dumps(os.system) wrapped the same way: refused, never run.
const PICKLED_GLOBAL = "gASVFAAAAAAAAACMBXBvc2l4lIwGc3lzdGVtlJOULg==";
const released = (pickle: string) => deflateSync(Buffer.from(pickle, "base64")).toString("base64");

describe("extractCode (LiveCodeBench's extract_code)", () => {
  it("takes the last fenced block, and nothing without two fences", () => {
    expect(extractCode("First:\n```python\nprint(1)\n```\nBetter:\n```python\nprint(2)\n```")).toBe("print(2)");
    expect(extractCode("<think>```python\nprint(0)\n```</think>\n```\nx = 1\n```")).toBe("x = 1");
    expect(extractCode("print(1)")).toBeUndefined();
  });
});

describe("problem tests", () => {
  it("decodes private tests from base64, zlib and a pickled JSON string, or a plain JSON list", () => {
    expect(decodePrivateTests(released(PICKLED_TESTS))).toEqual([{ input: "1\n", output: "2\n" }]);
    expect(decodePrivateTests('[{"input": "a", "output": "b"}]')).toEqual([{ input: "a", output: "b" }]);
  });

  it("refuses a pickle that names a function, naming the field and the opcode", () => {
    expect(() => decodePrivateTests(released(PICKLED_GLOBAL))).toThrow(
      /private_test_cases: refused pickle: opcode STACK_GLOBAL at byte \d+/,
    );
  });

  it("joins public then private tests and reads the function name of a functional problem", () => {
    const tests = problemTests({
      public_test_cases: '[{"input": "[1]", "output": "1", "testtype": "functional"}]',
      private_test_cases: released(PICKLED_TESTS),
      metadata: '{"func_name": "f"}',
    });
    expect(tests).toEqual({
      tests: [
        { input: "[1]", output: "1" },
        { input: "1\n", output: "2\n" },
      ],
      publicCount: 1,
      functionName: "f",
    });
  });
});

describe("the code-tests scorer", () => {
  const item: SuiteItem = {
    id: "test6:0",
    index: 0,
    subject: "atcoder",
    target: "x",
    fields: {
      public_test_cases: '[{"input": "1\\n", "output": "2\\n", "testtype": "stdin"}]',
      private_test_cases: "",
      metadata: "{}",
      difficulty: "easy",
    },
  };
  /** An executor that records what it was asked and answers a fixed result (the sandbox itself is tested in src/sandbox/). */
  const asked: CodeRunRequest[] = [];
  const executor: CodeExecutor = {
    isolation: "bubblewrap",
    concurrency: 1,
    run: async (request) => {
      asked.push(request);
      return request.code.includes("+ 1")
        ? { verdicts: ["passed"], total: 1, wallMs: 1 }
        : {
            verdicts: ["wrong-answer"],
            total: 1,
            wallMs: 1,
            failure: { index: 0, verdict: "wrong-answer", input: "1\n", expected: "2\n", got: "1\n", message: "Wrong answer" },
          };
    },
  };
  const scorer = codeTests.create(codeTests.parseArgs({}), { executor });

  it("runs the extracted program with the official 6 s per test; all passed is correct, one wrong is incorrect", async () => {
    const right = await scorer.score({ item, text: "```python\nprint(int(input()) + 1)\n```" });
    expect(right).toMatchObject({
      status: "correct",
      rule: "stdin",
      details: { codeTests: { tests: 1, verdicts: ["passed"], difficulty: "easy" } },
    });
    expect(asked[0]).toMatchObject({ timeoutSeconds: 6, tests: [{ input: "1\n", output: "2\n" }] });
    const wrong = await scorer.score({ item, text: "```python\nprint(input())\n```" });
    expect(wrong).toMatchObject({ status: "incorrect", extracted: "test 1 of 1: wrong-answer" });
    expect(await scorer.score({ item, text: "I cannot." })).toEqual({ status: "no-answer", rule: "no-code-block" });
    const metrics = codeTestsMetrics([
      { id: "a", status: "correct", subject: "atcoder", target: "", rule: "stdin", details: right.details! },
      { id: "b", status: "incorrect", subject: "atcoder", target: "", rule: "stdin", details: wrong.details! },
    ]);
    expect(metrics).toMatchObject({
      problems: 2,
      passAt1: 0.5,
      byDifficulty: { easy: { problems: 2, passed: 1 } },
      failures: { "wrong-answer": 1 },
    });
    expect(metrics!.failed).toEqual([
      { id: "b", tests: 1, test: 1, verdict: "wrong-answer", input: "1\n", expected: "2\n", got: "1\n", message: "Wrong answer" },
    ]);
  });

  it("cannot be created without a sandbox", () => {
    expect(() => codeTests.create(codeTests.parseArgs({}), {})).toThrow(/given no sandbox/);
  });
});
