import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { KfmError } from "../spec/errors.js";
import { rowsFromCsv, rowsFromEvalResults, type ImportRow, type ModelIdentity } from "./import-sources.js";
import type { Provenance } from "../spec/verdict.js";
import { baselineEntrySchema, entryProblems, type BaselineEntry, type Registry } from "./registry.js";
import { parseDate } from "./window.js";

/** What an .eval_results folder needs to be told: it holds scores but says nothing about the model. */
export interface ImportIdentityOptions {
  model?: string;
  vendor?: string;
  releaseDate?: string;
  releaseSource?: string;
  global?: boolean;
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

/** Who the scores of an .eval_results folder are of: the folder does not say, so the user must. */
function identity(options: ImportIdentityOptions): ModelIdentity {
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

/** The rows of one source: a CSV file, or an .eval_results folder (or one of its files). */
export async function readImportRows(path: string, options: ImportIdentityOptions): Promise<ImportRow[]> {
  if (/\.csv$/i.test(path)) return rowsFromCsv(path, await readFile(path, "utf8"));
  const rows: ImportRow[] = [];
  for (const file of await evalResultsFiles(path)) rows.push(...rowsFromEvalResults(file, await readFile(file, "utf8"), identity(options)));
  return rows;
}

/**
 * Published scores from CSV files or Hugging Face `.eval_results/` folders, checked as the registry
 * checks its own: the entry schema, benchmark names and aliases, duplicates and conflicts with the
 * registry and within the import. Every problem names its file and line.
 */
export async function checkImport(
  paths: readonly string[],
  registry: Registry,
  provenance: Provenance,
  options: ImportIdentityOptions,
): Promise<{ entries: BaselineEntry[]; problems: string[] }> {
  const problems: string[] = [];
  const entries: BaselineEntry[] = [];
  for (const path of paths) {
    for (const row of await readImportRows(path, options)) {
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
  return { entries, problems };
}
