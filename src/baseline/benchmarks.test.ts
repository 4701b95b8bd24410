import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { glob } from "tinyglobby";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { KfmError } from "../spec/errors.js";
import { benchmarkNames, BENCHMARKS_FILE, loadBenchmarkNames, resolveBenchmark } from "./benchmarks.js";
import { builtInBaselinesDir } from "./registry.js";

const root = join(builtInBaselinesDir, "..");

describe("benchmark names", () => {
  it("reads the names vendors print as the canonical ones", async () => {
    const { names } = await loadBenchmarkNames(join(builtInBaselinesDir, BENCHMARKS_FILE));
    const cases: Array<[string, string]> = [
      ["HLE", "Humanity's Last Exam"],
      ["hle", "Humanity's Last Exam"],
      ["Humanity's Last Exam", "Humanity's Last Exam"],
      ["AIME25", "AIME 2025"],
      ["AIME 2025", "AIME 2025"],
      ["tau2-Telecom", "tau2-bench (Telecom)"],
      ["τ²-Bench Telecom", "tau2-bench (Telecom)"],
      ["GPQA Diamond", "GPQA-Diamond"],
      ["LiveCodeBench (v6)", "LiveCodeBench v6"],
      ["kmmlu pro", "KMMLU-Pro"],
      ["KMMLU  Redux", "KMMLU-Redux"],
    ];
    for (const [given, canonical] of cases) expect(names.canonical(given), given).toBe(canonical);
    // Another subset or version is another benchmark, never an alias.
    expect(names.canonical("HLE (text only)")).toBe("Humanity's Last Exam (text only)");
    expect(names.canonical("LiveCodeBench (version not stated)")).toBe("LiveCodeBench (version not stated)");
  });

  it("an unknown name is a usage error with the closest known names", async () => {
    const { names } = await loadBenchmarkNames(join(builtInBaselinesDir, BENCHMARKS_FILE));
    const error = (() => {
      try {
        resolveBenchmark(names, "HLEE", "team.yaml:3");
      } catch (caught) {
        return caught;
      }
    })();
    expect(KfmError.isInstance(error)).toBe(true);
    expect((error as KfmError).message).toMatch(/^team\.yaml:3: unknown benchmark "HLEE" \(did you mean HLE \(Humanity's Last Exam\)/);
    expect(names.suggest("KMLU")[0]).toBe("KMMLU");
  });

  it("an alias claimed by two benchmarks is refused", () => {
    expect(() =>
      benchmarkNames([
        { name: "A", aliases: ["x"] },
        { name: "B", aliases: ["X"] },
      ]),
    ).toThrow(/"X" names both A and B/);
  });

  it("knows every benchmark a shipped suite or stage names", async () => {
    const { names } = await loadBenchmarkNames(join(builtInBaselinesDir, BENCHMARKS_FILE));
    const files = await glob(["suites/**/*.yaml", "stages/*.yaml"], { cwd: root, absolute: true });
    const named: string[] = [];
    for (const file of files) {
      const data = parse(await readFile(file, "utf8")) as { benchmark?: unknown; benchmarks?: Array<{ benchmark: string }> } | null;
      if (typeof data?.benchmark === "string") named.push(data.benchmark);
      for (const row of data?.benchmarks ?? []) named.push(row.benchmark);
    }
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((name) => names.canonical(name) !== name)).toEqual([]);
  });
});
