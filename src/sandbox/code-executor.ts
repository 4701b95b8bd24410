import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import pLimit from "p-limit";
import { KfmError } from "../spec/errors.js";
import type {
  CodeExecutor,
  CodeRunRequest,
  ExecutionRecord,
  CodeRunResult,
  ExecutionIsolation,
  TestFailure,
  TestVerdict,
} from "../spec/execution.js";
import { findBubblewrap, findPython, sandboxCommand } from "./bubblewrap.js";
import { PYTHON_DRIVER } from "./python-driver.js";

/** What one program may use. The defaults follow LiveCodeBench's grader where it sets one. */
export interface ExecutionLimits {
  /** Address space of the program's process (RLIMIT_AS); testing_util.py's comment says 4 GB. */
  addressSpaceBytes: number;
  /** Size of any file it writes (RLIMIT_FSIZE), inside its private /tmp. */
  fileSizeBytes: number;
  /** Processes and threads (RLIMIT_NPROC): no fork bomb. */
  processes: number;
  /** Output kept per test (captured stdout) and in all on the real stdout/stderr; beyond it the test fails `output-limit`. */
  outputBytes: number;
  /** Size of the private /tmp (a tmpfs). */
  tmpBytes: number;
  /** The whole program's wall-clock budget in seconds; default: the official (timeout + 1) × tests + 5. */
  wallSeconds?: number;
  /** Characters kept of a failing test's input, expected and actual output (testing_util.py's truncatefn keeps 300). */
  truncate: number;
}

export const DEFAULT_LIMITS: ExecutionLimits = {
  addressSpaceBytes: 4 * 1024 ** 3,
  fileSizeBytes: 16 * 1024 ** 2,
  processes: 64,
  outputBytes: 64 * 1024 ** 2,
  tmpBytes: 64 * 1024 ** 2,
  truncate: 300,
};

export interface ExecutorOptions {
  /** Programs run at once (default: the machine's cores), apart from the endpoint's concurrency. */
  concurrency?: number;
  /** Run without a sandbox when bubblewrap is missing (`--unsafe-exec`); the manifest records it. */
  unsafe?: boolean;
  limits?: Partial<ExecutionLimits>;
  /** The bwrap to use; `null`: behave as if bubblewrap were not installed. Default: found in /usr/bin or on PATH. */
  bubblewrap?: string | null;
}

/**
 * The whole program's wall-clock budget: check_correctness (compute_code_generation_metrics.py)
 * joins the grading process after (timeout + 1) × tests + 5 seconds and kills it.
 */
export function wallBudgetSeconds(request: Pick<CodeRunRequest, "timeoutSeconds" | "tests">): number {
  return (request.timeoutSeconds + 1) * request.tests.length + 5;
}

/**
 * bubblewrap's path; none (and `unsafe`) runs programs without isolation; none without `unsafe` is a
 * usage error that says how to install it. `kfm eval` asks before its run directory exists.
 */
export function requireSandbox(unsafe: boolean | undefined, bubblewrap?: string | null): string | undefined {
  const bwrap = bubblewrap === null ? undefined : (bubblewrap ?? findBubblewrap());
  if (!bwrap && !unsafe)
    throw new KfmError("usage", "kfm runs generated code only in a sandbox, and bubblewrap (bwrap) is not installed", {
      hint: "Install it (Debian/Ubuntu: `sudo apt-get install -y bubblewrap`; Fedora: `sudo dnf install bubblewrap`), or pass --unsafe-exec to run the model's code without isolation (recorded in the run's manifest).",
      needs: "sandbox",
    });
  return bwrap;
}

/** The manifest's `execution` block for a run's executor. */
export function executionRecord(executor: CodeExecutor, unsafe: boolean | undefined): ExecutionRecord {
  return { isolation: executor.isolation, concurrency: executor.concurrency, unsafe: unsafe === true };
}

/**
 * A code executor: bubblewrap when it is installed (refusing to run otherwise unless `unsafe`),
 * programs run through the grading driver with their own concurrency limit.
 */
export function createCodeExecutor(options: ExecutorOptions = {}): CodeExecutor {
  const bwrap = requireSandbox(options.unsafe, options.bubblewrap);
  const python = findPython();
  if (!python)
    throw new KfmError("usage", "no python3 found to run the generated programs", {
      hint: "Install Python 3 (Debian/Ubuntu: `sudo apt-get install -y python3`).",
    });
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const concurrency = options.concurrency ?? availableParallelism();
  const limit = pLimit(concurrency);
  const isolation: ExecutionIsolation = bwrap ? "bubblewrap" : "none";
  return {
    isolation,
    concurrency,
    run: (request) => limit(() => runProgram(request, { bwrap, python, limits })),
  };
}

interface Runtime {
  bwrap: string | undefined;
  python: string;
  limits: ExecutionLimits;
}

/** What the driver wrote on file descriptor 3: a line per test started, then the result. */
interface DriverReport {
  started: number;
  result?: { results: TestVerdict[]; failure: (Omit<TestFailure, "index" | "message"> & { error: string }) | null };
}

function readReport(text: string): DriverReport {
  const report: DriverReport = { started: -1 };
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const value = JSON.parse(line) as { test?: number; results?: TestVerdict[] };
      if (typeof value.test === "number") report.started = value.test;
      else if (Array.isArray(value.results)) report.result = value as DriverReport["result"];
    } catch {
      // A partial last line (the process was killed while writing): what came before stands.
    }
  }
  return report;
}

function truncated(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length / 2)}...(truncated) ...${text.slice(-length / 2)}`;
}

/** Runs one program on all its tests and reads the verdicts; a program that dies is a failed test, never an exception. */
function runProgram(request: CodeRunRequest, runtime: Runtime): Promise<CodeRunResult> {
  const { limits } = runtime;
  const budget = limits.wallSeconds ?? wallBudgetSeconds(request);
  const pythonArguments = ["-I", "-c", PYTHON_DRIVER];
  const [command, ...commandArguments] = runtime.bwrap
    ? [
        ...sandboxCommand(runtime.bwrap, { tmpBytes: limits.tmpBytes, asRoot: process.getuid?.() === 0 }),
        runtime.python,
        ...pythonArguments,
      ]
    : [runtime.python, ...pythonArguments];
  const started = Date.now();
  const child = spawn(command!, commandArguments, {
    stdio: ["pipe", "pipe", "pipe", "pipe"],
    // Its own process group, killed as a whole.
    detached: true,
    cwd: "/tmp",
    env: { PATH: "/usr/local/bin:/usr/bin:/bin", LANG: "C.UTF-8", HOME: "/tmp", PYTHONDONTWRITEBYTECODE: "1" },
  });
  let ended: "wall" | "output" | undefined;
  const kill = (why: "wall" | "output") => {
    ended ??= why;
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  const timer = setTimeout(() => kill("wall"), budget * 1000);
  let outputSeen = 0;
  let stderr = "";
  const countOutput = (chunk: Buffer, keep: boolean) => {
    outputSeen += chunk.length;
    if (keep && stderr.length < 4096) stderr += chunk.toString("utf8");
    if (outputSeen > limits.outputBytes) kill("output");
  };
  child.stdout!.on("data", (chunk: Buffer) => countOutput(chunk, false));
  child.stderr!.on("data", (chunk: Buffer) => countOutput(chunk, true));
  const reports: Buffer[] = [];
  let reportBytes = 0;
  const reportStream = child.stdio[3] as NodeJS.ReadableStream;
  reportStream.on("data", (chunk: Buffer) => {
    reportBytes += chunk.length;
    if (reportBytes > limits.outputBytes) kill("output");
    else reports.push(chunk);
  });
  child.stdin!.on("error", () => {
    // The program may die before reading all its input; the exit says why.
  });
  child.stdin!.end(
    JSON.stringify({
      code: request.code,
      functionName: request.functionName,
      tests: request.tests,
      timeoutSeconds: request.timeoutSeconds,
      truncate: limits.truncate,
      limits: {
        addressSpaceBytes: limits.addressSpaceBytes,
        cpuSeconds: Math.ceil(budget),
        fileSizeBytes: limits.fileSizeBytes,
        processes: limits.processes,
        outputBytes: limits.outputBytes,
      },
    }),
  );
  return new Promise((resolve) => {
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve(
        verdictsOf(request, runtime, { started: -1 }, { why: `could not start: ${error.message}`, signal: null }, Date.now() - started),
      );
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const report = readReport(Buffer.concat(reports).toString("utf8"));
      const why = ended ?? (code === 0 ? undefined : stderr.trim().split("\n").at(-1) || `exit code ${code ?? signal}`);
      resolve(verdictsOf(request, runtime, report, { why, signal }, Date.now() - started));
    });
  });
}

/** The verdicts from the driver's report, or (the process died) from how it ended. */
function verdictsOf(
  request: CodeRunRequest,
  runtime: Runtime,
  report: DriverReport,
  end: { why: string | undefined; signal: NodeJS.Signals | null },
  wallMs: number,
): CodeRunResult {
  const total = request.tests.length;
  const { truncate } = runtime.limits;
  if (report.result) {
    const { results, failure } = report.result;
    const result: CodeRunResult = { verdicts: results, total, wallMs };
    if (failure) {
      const index = Math.max(0, results.length - 1);
      result.failure = {
        index,
        verdict: failure.verdict,
        input: failure.input,
        expected: failure.expected,
        ...(failure.got !== undefined ? { got: failure.got } : {}),
        message: failure.error,
      };
    }
    return result;
  }
  // No report: the process was killed or died. The test it had started is the failing one.
  const index = Math.max(0, report.started);
  const verdict: Exclude<TestVerdict, "passed"> =
    end.why === "wall" || end.signal === "SIGXCPU"
      ? "time-limit"
      : end.why === "output"
        ? "output-limit"
        : end.signal === "SIGKILL" || end.signal === "SIGSEGV"
          ? "memory-limit"
          : "runtime-error";
  const message =
    verdict === "time-limit"
      ? `killed after the program's ${end.why === "wall" ? `wall-clock budget of ${runtime.limits.wallSeconds ?? wallBudgetSeconds(request)} s` : "CPU-time limit"}`
      : verdict === "output-limit"
        ? `printed more than ${runtime.limits.outputBytes} bytes`
        : `the program ended without a result (${end.signal ?? end.why ?? "no report"})`;
  const test = request.tests[index];
  return {
    verdicts: [...Array<TestVerdict>(index).fill("passed"), verdict],
    total,
    wallMs,
    failure: {
      index,
      verdict,
      input: truncated(test?.input ?? "", truncate),
      expected: truncated(test?.output ?? "", truncate),
      message,
    },
  };
}
