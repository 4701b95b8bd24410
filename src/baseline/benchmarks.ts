import { readFile } from "node:fs/promises";
import * as z from "zod";
import { KfmError } from "../spec/errors.js";
import { parseWithSchema, parseYamlSource } from "../yaml/yaml-source.js";

/** The registry folder's table of benchmark names: one canonical name each, and the aliases sources use. */
export const BENCHMARKS_FILE = "benchmarks.yaml";

const benchmarksSchema = z
  .object({
    kfm: z.literal("benchmarks/v1"),
    benchmarks: z
      .array(z.object({ name: z.string().min(1), aliases: z.array(z.string().min(1)).default([]), note: z.string().optional() }).strict())
      .min(1),
  })
  .strict();

export type BenchmarkTable = z.infer<typeof benchmarksSchema>["benchmarks"];

/** The benchmark names a registry knows, each alias mapped to its canonical name. */
export interface BenchmarkNames {
  /** Canonical names, in table order. */
  readonly names: readonly string[];
  /** The canonical name for a name or alias (case, spacing and Unicode width ignored), or undefined. */
  canonical(name: string): string | undefined;
  /** The closest known names and aliases, nearest first. */
  suggest(name: string): string[];
}

/** Case, runs of spaces and Unicode compatibility forms (² → 2) do not make another benchmark. */
const key = (name: string) => name.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

/** Edit distance (insertions, deletions, substitutions), for "did you mean". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The known names closest to `wanted` (case ignored), nearest first, at most three, one per canonical
 * name; an alias is shown with its canonical name.
 */
export function closest(wanted: string, known: readonly string[], canonicalOf: (name: string) => string = (name) => name): string[] {
  const target = key(wanted);
  const scored = known.map((spelling) => ({
    spelling,
    canonical: canonicalOf(spelling),
    cost: distance(target, key(spelling)) / Math.max(target.length, key(spelling).length, 1),
  }));
  const near = scored.filter(
    (candidate) => candidate.cost <= 0.4 || key(candidate.spelling).startsWith(target) || target.startsWith(key(candidate.spelling)),
  );
  const seen = new Set<string>();
  return near
    .sort((a, b) => a.cost - b.cost)
    .filter((candidate) => !seen.has(candidate.canonical) && seen.add(candidate.canonical))
    .slice(0, 3)
    .map((candidate) =>
      candidate.spelling === candidate.canonical ? candidate.canonical : `${candidate.spelling} (${candidate.canonical})`,
    );
}

/** Builds the lookup; a name or alias claimed by two benchmarks is an error. */
export function benchmarkNames(
  table: ReadonlyArray<{ name: string; aliases?: readonly string[] }>,
  file = BENCHMARKS_FILE,
): BenchmarkNames {
  const byKey = new Map<string, string>();
  const spelled = new Map<string, string>();
  const names = new Map<string, string>();
  for (const row of table) {
    for (const name of [row.name, ...(row.aliases ?? [])]) {
      const earlier = byKey.get(key(name));
      if (earlier !== undefined && earlier !== row.name)
        throw new KfmError("config", `${file}: "${name}" names both ${earlier} and ${row.name}`, {
          hint: "Each alias belongs to one benchmark.",
        });
      byKey.set(key(name), row.name);
      spelled.set(key(name), name);
      names.set(name, row.name);
    }
  }
  return {
    names: table.map((row) => row.name),
    canonical: (name) => byKey.get(key(name)),
    suggest: (name) => closest(name, [...spelled.values()], (spelling) => names.get(spelling)!),
  };
}

/** Adds names that are not in the table as canonical names of their own (a registry without a table of its own). */
export function withNames(names: BenchmarkNames, extra: Iterable<string>): BenchmarkNames {
  const missing = [...new Set(extra)].filter((name) => names.canonical(name) === undefined);
  if (missing.length === 0) return names;
  return benchmarkNames([...names.names.map((name) => ({ name, aliases: [] as string[] })), ...missing.map((name) => ({ name }))]);
}

export async function loadBenchmarkNames(file: string): Promise<{ names: BenchmarkNames; table: BenchmarkTable }> {
  const source = parseYamlSource(file, await readFile(file, "utf8"), "config");
  const { benchmarks } = parseWithSchema(
    source,
    benchmarksSchema,
    "config",
    "Format: kfm: benchmarks/v1, benchmarks: [{ name: KMMLU, aliases: [kmmlu] }]",
  );
  return { names: benchmarkNames(benchmarks, file), table: benchmarks };
}

/** The error for a name no benchmark answers to: what was asked, where, and the closest known names. */
export function unknownBenchmark(name: string, where: string, names: BenchmarkNames): KfmError {
  const suggestions = names.suggest(name);
  return new KfmError(
    "usage",
    `${where}: unknown benchmark "${name}"${suggestions.length ? ` (did you mean ${suggestions.join(" or ")}?)` : ""}`,
    {
      hint: `The known names and their aliases are in ${BENCHMARKS_FILE} of the registry folder (kfm's own: baselines/${BENCHMARKS_FILE}); a new benchmark is added there.`,
    },
  );
}

/** The canonical name, or the error that says which names are close. */
export function resolveBenchmark(names: BenchmarkNames, name: string, where: string): string {
  const found = names.canonical(name);
  if (found === undefined) throw unknownBenchmark(name, where, names);
  return found;
}

/** A usage error naming the benchmarks there are, when the registry has none of this one. */
export function requireBenchmark(registry: ReadonlyArray<{ benchmark: string }>, benchmark: string): void {
  if (!registry.some((entry) => entry.benchmark === benchmark)) {
    throw new KfmError("usage", `no entry for benchmark "${benchmark}"`, {
      hint: `Benchmarks in the registry: ${[...new Set(registry.map((entry) => entry.benchmark))].sort().join(", ")}`,
    });
  }
}

/**
 * Whether a suite's `benchmark:` is a name the registry knows: undefined when it is its canonical
 * name, otherwise what a verdict on its runs would say (an alias to write as the canonical name, or an
 * unknown name with the closest ones; the verdict refuses an unknown one).
 */
export function nameProblem(names: BenchmarkNames, name: string): string | undefined {
  const canonical = names.canonical(name);
  if (canonical === name) return undefined;
  if (canonical !== undefined) return `benchmark "${name}" is an alias of ${canonical}: a verdict reads it as ${canonical}`;
  const suggestions = names.suggest(name);
  return `benchmark "${name}" is not in the registry's benchmark names${suggestions.length ? ` (did you mean ${suggestions.join(" or ")}?)` : ""}: kfm verdict refuses its runs until it is added to baselines/benchmarks.yaml`;
}
