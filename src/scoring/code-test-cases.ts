import { inflateSync } from "node:zlib";
import type { CodeTestCase } from "../spec/execution.js";
import { PickleError, readPickle } from "./python-pickle.js";

/** The decompressed size kfm accepts for one problem's private tests (the largest LiveCodeBench problem is far below it). */
const MAX_INFLATED_BYTES = 256 * 1024 ** 2;

/** A problem's tests could not be read: the message names the field and why. */
export class TestCasesError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "TestCasesError";
  }
}

export interface ProblemTests {
  tests: CodeTestCase[];
  /** A functional (LeetCode) problem's method, from `metadata.func_name`; absent for stdin/stdout problems. */
  functionName?: string;
  publicCount: number;
}

function testList(value: unknown, field: string): CodeTestCase[] {
  if (!Array.isArray(value)) throw new TestCasesError(field, "is not a list of tests");
  return value.map((test, index) => {
    const { input, output } = (test ?? {}) as { input?: unknown; output?: unknown };
    if (typeof input !== "string" || typeof output !== "string")
      throw new TestCasesError(field, `test ${index} has no string "input" and "output"`);
    return { input, output };
  });
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TestCasesError(field, `is not JSON (${(error as Error).message})`);
  }
}

/**
 * Private tests as LiveCodeBench publishes them (lcb_runner/benchmarks/code_generation.py,
 * `CodeGenerationProblem.__post_init__`): a JSON list, or (most rows) base64 of zlib of a pickled
 * JSON string. The pickle is read by kfm's plain-data reader, never by Python.
 */
export function decodePrivateTests(text: string, field = "private_test_cases"): CodeTestCase[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  if (trimmed.startsWith("[")) return testList(parseJson(trimmed, field), field);
  let inflated: Buffer;
  try {
    inflated = inflateSync(Buffer.from(trimmed, "base64"), { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (error) {
    throw new TestCasesError(field, `is neither JSON nor base64 of zlib data (${(error as Error).message})`);
  }
  let value;
  try {
    value = readPickle(inflated);
  } catch (error) {
    if (error instanceof PickleError) throw new TestCasesError(field, `refused pickle: ${error.message}`);
    throw error;
  }
  if (typeof value !== "string") throw new TestCasesError(field, "the pickle holds no JSON string");
  return testList(parseJson(value, field), field);
}

/** All tests of a problem, public first then private, as `get_evaluation_sample` joins them, and its function name. */
export function problemTests(fields: Readonly<Record<string, string | undefined>>): ProblemTests {
  const publicTests = testList(parseJson(fields.public_test_cases || "[]", "public_test_cases"), "public_test_cases");
  const privateTests = decodePrivateTests(fields.private_test_cases ?? "");
  const metadata = fields.metadata ? parseJson(fields.metadata, "metadata") : {};
  const functionName = (metadata as { func_name?: unknown } | null)?.func_name;
  if (functionName !== undefined && functionName !== null && typeof functionName !== "string")
    throw new TestCasesError("metadata", "func_name is not a string");
  const tests = [...publicTests, ...privateTests];
  if (tests.length === 0) throw new TestCasesError("public_test_cases", "the problem has no test at all");
  return { tests, publicCount: publicTests.length, ...(functionName ? { functionName } : {}) };
}
