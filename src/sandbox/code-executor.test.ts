import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import type { CodeRunRequest } from "../spec/execution.js";
import { createCodeExecutor } from "./code-executor.js";

/**
 * Real programs in the real sandbox (bubblewrap, installed by .ci/run), with small limits so that
 * each hostile program ends quickly: each must end as a failed test, within its limits, leaving
 * nothing behind on the machine.
 */
const executor = createCodeExecutor({
  concurrency: 2,
  limits: { addressSpaceBytes: 256 * 1024 ** 2, outputBytes: 1024 ** 2, wallSeconds: 4 },
});
const outside = mkdtempSync(join(existsSync("/var/tmp") ? "/var/tmp" : tmpdir(), "kfm-sandbox-"));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const sum: Omit<CodeRunRequest, "code"> = {
  tests: [
    { input: "1 2\n", output: "3\n" },
    { input: "20 22\n", output: "42\n" },
  ],
  timeoutSeconds: 1,
};
const run = (code: string, request: Omit<CodeRunRequest, "code"> = sum) => executor.run({ code, ...request });

/** Processes of user nobody (the sandbox's user when the tests run as root): none may outlive its program. */
function nobodyProcesses(): number {
  try {
    return execFileSync("ps", ["-u", "65534", "-o", "pid="], { encoding: "utf8" }).trim().split("\n").filter(Boolean).length;
  } catch {
    return 0; // ps exits 1 when there is none
  }
}

describe.concurrent("the code executor (bubblewrap)", () => {
  it("isolates with bubblewrap", () => {
    expect(executor.isolation).toBe("bubblewrap");
  });

  it("passes a correct stdin program and fails a wrong one at its first failing test, with input, expected and output", async () => {
    const right = await run("a, b = map(int, input().split())\nprint(a + b)");
    expect(right).toMatchObject({ verdicts: ["passed", "passed"], total: 2 });
    expect(right.failure).toBeUndefined();
    const wrong = await run("a, b = map(int, input().split())\nprint(a + b if a == 1 else a)");
    expect(wrong.verdicts).toEqual(["passed", "wrong-answer"]);
    expect(wrong.failure).toMatchObject({ index: 1, verdict: "wrong-answer", input: "20 22\n", expected: "42\n", got: "20\n" });
  });

  it("grades a functional problem by calling Solution's method with JSON arguments", async () => {
    const request = {
      functionName: "twoSum",
      tests: [
        { input: "[2, 7, 11, 15]\n9", output: "[0, 1]" },
        { input: "[3, 3]\n6", output: "[0, 1]" },
      ],
      timeoutSeconds: 1,
    };
    const code =
      "class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        seen = {}\n" +
      "        for i, x in enumerate(nums):\n            if target - x in seen: return (seen[target - x], i)\n            seen[x] = i\n";
    expect((await run(code, request)).verdicts).toEqual(["passed", "passed"]);
    const crash = await run("class Solution:\n    def twoSum(self, nums, target):\n        return nums[10]\n", request);
    expect(crash.failure).toMatchObject({ index: 0, verdict: "runtime-error", message: expect.stringContaining("IndexError") });
  });

  it("ends an infinite loop at the per-test timeout, and one that ignores the alarm at the wall-clock budget", async () => {
    const loop = await run("while True:\n    pass");
    expect(loop.failure).toMatchObject({ index: 0, verdict: "time-limit" });
    const stubborn = await run("import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass");
    expect(stubborn.failure).toMatchObject({
      index: 0,
      verdict: "time-limit",
      message: expect.stringContaining("wall-clock budget of 4 s"),
    });
  });

  it("refuses a 10 GB allocation as a memory limit", async () => {
    const result = await run("x = bytearray(10 * 1024 ** 3)\nprint(len(x))");
    expect(result.failure).toMatchObject({ index: 0, verdict: "memory-limit", message: "MemoryError()" });
  });

  it("has no network", async () => {
    const result = await run("import socket\nsocket.create_connection(('1.1.1.1', 80), timeout=2)\nprint(3)");
    expect(result.failure).toMatchObject({ verdict: "runtime-error", message: expect.stringContaining("Network is unreachable") });
  });

  it("cannot write outside its private /tmp", async () => {
    const target = join(outside, "written-by-the-program");
    const result = await run(`import os\nos.open(${JSON.stringify(target)}, os.O_CREAT | os.O_WRONLY)\nprint(3)`);
    expect(result.failure).toMatchObject({
      verdict: "runtime-error",
      message: expect.stringMatching(/Read-only file system|Permission denied/),
    });
    expect(existsSync(target)).toBe(false);
    const inside = await run(
      "open_ = __import__('io').open\nwith open_('/tmp/scratch', 'w') as f: f.write('ok')\nprint(open_('/tmp/scratch').read() == 'ok' and 3)",
      {
        tests: [{ input: "", output: "3" }],
        timeoutSeconds: 1,
      },
    );
    expect(inside.verdicts).toEqual(["passed"]);
  });

  it("ends a program printing 1 GB at the output limit, through print or straight to its stdout", async () => {
    const printed = await run("for _ in range(1 << 20):\n    print('x' * 1024)");
    expect(printed.failure).toMatchObject({ index: 0, verdict: "output-limit" });
    const written = await run("import os\nfor _ in range(1 << 20):\n    os.write(1, b'x' * 1024)");
    expect(written.failure).toMatchObject({ index: 0, verdict: "output-limit" });
  });

  it("refuses to run without bubblewrap unless asked to run unsafely, saying how to install it", async () => {
    expect(() => createCodeExecutor({ bubblewrap: null })).toThrow(KfmError);
    expect(() => createCodeExecutor({ bubblewrap: null })).toThrow(/bubblewrap \(bwrap\) is not installed/);
    try {
      createCodeExecutor({ bubblewrap: null });
    } catch (error) {
      expect((error as KfmError).isUserError).toBe(true);
      expect((error as KfmError).hint).toMatch(/apt-get install -y bubblewrap.*--unsafe-exec/);
    }
    const unsafe = createCodeExecutor({ bubblewrap: null, unsafe: true });
    expect(unsafe.isolation).toBe("none");
    expect(
      (await unsafe.run({ code: "print(int(input()) * 2)", tests: [{ input: "21", output: "42" }], timeoutSeconds: 1 })).verdicts,
    ).toEqual(["passed"]);
  });
});

// Alone: the process limit is per user, so a fork bomb would starve programs running beside it.
describe("the code executor against a fork bomb", () => {
  it("stops a fork bomb at the process limit, and no process outlives the program", async () => {
    const before = nobodyProcesses();
    const bomb = await run("import posix\nwhile True:\n    posix.fork()");
    expect(bomb.verdicts).not.toContain("passed");
    expect(bomb.failure?.verdict).toMatch(/runtime-error|time-limit/);
    expect(nobodyProcesses()).toBeLessThanOrEqual(before);
  });
});
