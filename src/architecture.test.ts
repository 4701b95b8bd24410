import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The picture of docs/ARCHITECTURE.md, checked: which folder may import which, no cycle between
 * files, and the size limits of the wiring layer. A change to the layering changes this table and
 * the document together.
 */
const root = dirname(fileURLToPath(import.meta.url));

/** Folders every layer may import: the contract, YAML with positions, and pure statistics (which import only spec). */
const FOUNDATION = ["spec", "yaml", "stats"];
/** Feature folders: each imports the foundation, its own files, and what is listed here. */
const FEATURE_IMPORTS: Record<string, string[]> = {
  suite: [],
  adapters: [],
  scoring: [],
  runner: [],
  results: [],
  baseline: [],
  report: [],
  sim: [],
  sandbox: [],
  // The campaign schedules runs and ranks verdicts it is handed (app/campaign.ts wires evaluate and verdict in).
  campaign: [],
  view: [],
  // The verdict is built on the registry's reference rule: the one layer above another feature.
  verdict: ["baseline"],
};
const WIRING: Record<string, string[]> = {
  app: [...Object.keys(FEATURE_IMPORTS)],
  cli: ["app", ...Object.keys(FEATURE_IMPORTS)],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "__fixtures__" ? [] : sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

const files = sourceFiles(root);
const folderOf = (file: string) => relative(root, file).split("/")[0]!;

/** Relative imports of a file (static `import`/`export … from` and dynamic `import()`), resolved to .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*)["'](\.[^"']+)["']/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, ".ts"));
}

/**
 * Static imports, type-only ones included: two files that need each other's types hold one concept
 * between them. Dynamic `import()` (the CLI's lazy commands) is left out.
 */
function staticImportsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+["'](\.[^"']+)["']/gm)].map((match) => match[1]!);
  return specifiers.map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, ".ts"));
}

describe("the architecture", () => {
  it("imports flow one way: cli -> app -> features -> {stats, yaml, spec}", () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      if (from.endsWith(".ts")) continue; // the library entry (src/index.ts) exports from every layer
      const allowed = new Set(
        from === "spec"
          ? ["spec"]
          : from === "stats"
            ? ["stats", "spec"]
            : [from, ...FOUNDATION, ...(FEATURE_IMPORTS[from] ?? WIRING[from] ?? [])],
      );
      for (const target of importsOf(file)) {
        const to = folderOf(target);
        if (!allowed.has(to)) violations.push(`${relative(root, file)} imports ${relative(root, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("has no import cycle between files", () => {
    const graph = new Map(files.map((file) => [file, staticImportsOf(file).filter((target) => files.includes(target))]));
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        cycles.push([...path.slice(path.indexOf(file)), file].map((entry) => relative(root, entry)).join(" -> "));
        return;
      }
      state.set(file, "open");
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it("app/ stays wiring: under 2,000 lines, no function over 60 lines", () => {
    const appFiles = files.filter((file) => folderOf(file) === "app");
    // Counted as wc -l does: newline characters. The budget was 1,600 until app/ took on four more use
    // cases (campaign, view, the simulated user, code execution: about 60 lines of wiring each), then
    // 1,900 until a new run's start overlapped its suite load with reading the config and probing the
    // endpoint (about 60 lines in evaluate and prepare-run); a use case that needs more than that is
    // computing something a feature folder should own.
    const lines = appFiles.reduce((sum, file) => sum + (readFileSync(file, "utf8").match(/\n/g)?.length ?? 0), 0);
    expect(lines).toBeLessThan(2000);
    const long: string[] = [];
    for (const file of appFiles) {
      const text = readFileSync(file, "utf8").split("\n");
      text.forEach((line, index) => {
        if (!/^(export )?(async )?function\s/.test(line)) return;
        const end = text.findIndex((candidate, at) => at > index && candidate === "}");
        if (end - index + 1 > 60) long.push(`${relative(root, file)}:${index + 1} (${end - index + 1} lines)`);
      });
    }
    expect(long).toEqual([]);
  });

  it("a new run's early start reaches only config, adapters and the run directory: the CLI loads it before the rest of kfm", () => {
    // Everything early-start.ts imports, statically and through the files it imports, is loaded before
    // `kfm eval` sends its first request; the suite reader, scorers, runner and reports come after.
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      // Type-only imports are erased: they load nothing.
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/^(import|export)\s(?!type\s)[^;]*?from\s+["'](\.[^"']+)["']/gm))
        visit(resolve(dirname(file), match[2]!).replace(/\.js$/, ".ts"));
    };
    visit(join(root, "app", "early-start.ts"));
    const heavy = [...reached]
      .map((file) => relative(root, file))
      .filter(
        (file) => /^(suite|scoring|runner|report|verdict|baseline|campaign|view|sandbox|sim)\//.test(file) || file === "results/index.ts",
      );
    expect(heavy).toEqual([]);
  });
});
