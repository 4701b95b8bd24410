/**
 * The contract between a scorer that grades programs and the sandbox that runs them: the scorer
 * says what to run on which tests; the executor (src/sandbox/, given to the scorer through its
 * context as the judge is) runs it isolated and says how each test went.
 */

/** How one test of a program went. `output-limit`: the program printed more than the sandbox keeps. */
export type TestVerdict = "passed" | "wrong-answer" | "runtime-error" | "time-limit" | "memory-limit" | "output-limit";

export interface CodeTestCase {
  input: string;
  output: string;
}

export interface CodeRunRequest {
  /** The program (Python 3). */
  code: string;
  /** A functional (LeetCode-style) problem: the method each test calls; absent, the program reads stdin and writes stdout. */
  functionName?: string;
  tests: CodeTestCase[];
  /** Each test's limit, as the official grader sets it (LiveCodeBench: 6 s). */
  timeoutSeconds: number;
}

/** The first test that did not pass, with its input, the expected and the actual output, truncated. */
export interface TestFailure {
  /** 0-based position of the test in the request. */
  index: number;
  verdict: Exclude<TestVerdict, "passed">;
  input: string;
  expected: string;
  got?: string;
  /** The error or comparison message (e.g. `Wrong answer at output_line_idx=0: 4 != 3`). */
  message: string;
}

export interface CodeRunResult {
  /** One verdict per test that ran, in order; grading stops at the first failure, so later tests have none. */
  verdicts: TestVerdict[];
  /** Tests in the request (the ones after a failure did not run). */
  total: number;
  failure?: TestFailure;
  /** Wall time of the whole program, sandbox start included. */
  wallMs: number;
}

/** How programs are isolated: `bubblewrap` (namespaces, read-only root, no network) or `none` (`--unsafe-exec`). */
export type ExecutionIsolation = "bubblewrap" | "none";

export interface CodeExecutor {
  readonly isolation: ExecutionIsolation;
  readonly concurrency: number;
  run(request: CodeRunRequest): Promise<CodeRunResult>;
}

/** The manifest's `execution` block. */
export interface ExecutionRecord {
  isolation: ExecutionIsolation;
  /** Programs run at once (`--exec-concurrency`). */
  concurrency: number;
  /** The user passed --unsafe-exec. */
  unsafe: boolean;
}
