import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { rowsFromCsv, rowsFromEvalResults, type ImportRow, type ModelIdentity } from "../baseline/import-sources.js";
import { parseProvenanceLevel } from "../baseline/reference.js";
import { baselineEntrySchema, builtInBaselinesDir, entryProblems, loadRegistryFolder, type BaselineEntry } from "../baseline/registry.js";
import { parseDate } from "../baseline/window.js";
import { KfmError } from "../spec/errors.js";
import { appendEntries } from "./baselines.js";

export interface ImportScoresOptions {
  /** For .eval_results folders, which hold scores but say nothing about the model. */
  model?: string;
  vendor?: string;
  releaseDate?: string;
  releaseSource?: string;
  global?: boolean;
  /** Provenance of rows that do not state one: primary, secondary (default) or mirror. */
  provenance?: string;
  dir?: string;
  file?: string;
}

/** The .eval_results files of a model repository folder, the folder itself, or one file. */
async function evalResultsFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const inner = join(path, ".eval_results");
  const folder = await stat(inner).then(
    (found) => (found.isDirectory() ? inner : path),
    () => path,
  );
  return (await readdir(folder))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(folder, name));
}

function identity(options: ImportScoresOptions): ModelIdentity {
  const missing = (["model", "vendor", "releaseDate"] as const).filter((field) => !options[field]);
  if (missing.length) {
    throw new KfmError(
      "usage",
      `an .eval_results folder does not name its model: give ${missing.map((field) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(", ")}`,
    );
  }
  return {
    model: options.model!,
    vendor: options.vendor!,
    release_date: parseDate(options.releaseDate!, "--release-date"),
    release_source: options.releaseSource ?? "given when the scores were imported",
    global: options.global ?? true,
  };
}

async function readRows(path: string, options: ImportScoresOptions): Promise<ImportRow[]> {
  if (/\.csv$/i.test(path)) return rowsFromCsv(path, await readFile(path, "utf8"));
  const rows: ImportRow[] = [];
  for (const file of await evalResultsFiles(path)) rows.push(...rowsFromEvalResults(file, await readFile(file, "utf8"), identity(options)));
  return rows;
}

/**
 * Published scores from a CSV or a Hugging Face `.eval_results/` folder, checked as the registry
 * checks its own: the entry schema, benchmark names and aliases, duplicates and conflicts with the
 * registry and within the import. Every problem is reported with its file and line, and then nothing
 * is added; otherwise all rows are appended at once.
 */
export async function importScores(
  paths: readonly string[],
  options: ImportScoresOptions = {},
): Promise<{ added: BaselineEntry[]; file: string }> {
  const dir = options.dir ?? builtInBaselinesDir;
  const registry = await loadRegistryFolder(dir);
  const provenance = parseProvenanceLevel(options.provenance ?? "secondary", "--provenance");
  const problems: string[] = [];
  const entries: BaselineEntry[] = [];
  for (const path of paths) {
    for (const row of await readRows(path, options)) {
      const where = `${row.file}:${row.line ?? "?"}`;
      if (row.refused) {
        problems.push(`${where}: ${row.refused}`);
        continue;
      }
      const benchmark = row.benchmarkNames.map((name) => registry.names.canonical(name)).find((name) => name !== undefined);
      if (benchmark === undefined) {
        const suggestions = registry.names.suggest(row.benchmarkNames.at(-1) ?? "");
        problems.push(
          `${where}: unknown benchmark "${row.benchmarkNames.join('" / "')}"${suggestions.length ? ` (did you mean ${suggestions.join(" or ")}?)` : ""}`,
        );
        continue;
      }
      const given = row.benchmarkNames.find((name) => name !== benchmark);
      const parsed = baselineEntrySchema.safeParse({
        ...row.fields,
        benchmark,
        ...(given && registry.names.canonical(given) === benchmark ? { benchmark_as_published: given } : {}),
        provenance: row.fields.provenance ?? provenance,
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        problems.push(`${where}: ${issue.path.join(".") || "row"}: ${issue.message}`);
        continue;
      }
      entries.push({ ...parsed.data, source: { file: row.file, ...(row.line !== undefined ? { line: row.line } : {}) } });
    }
  }
  for (const problem of entryProblems(entries, registry.entries))
    problems.push(`${problem.entry.source.file}:${problem.entry.source.line ?? "?"}: ${problem.message}`);
  if (problems.length) {
    throw new KfmError("usage", `${problems.length} problem(s) in the import; nothing was added:\n  ${problems.join("\n  ")}`, {
      hint: "Fix the rows named (a duplicate of an entry already in the registry can simply be dropped), then import again.",
    });
  }
  const file = options.file ?? "imported.yaml";
  await appendEntries(
    entries.map(({ source: _source, ...entry }) => entry),
    { dir, file },
  );
  return { added: entries, file };
}
