import { checkImport, type ImportIdentityOptions } from "../baseline/import-check.js";
import { parseProvenanceLevel } from "../baseline/reference.js";
import { builtInBaselinesDir, loadRegistryFolder, type BaselineEntry } from "../baseline/registry.js";
import { KfmError } from "../spec/errors.js";
import { appendEntries } from "./baselines.js";

export interface ImportScoresOptions extends ImportIdentityOptions {
  /** Provenance of rows that do not state one: primary, secondary (default) or mirror. */
  provenance?: string;
  dir?: string;
  file?: string;
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
  const { entries, problems } = await checkImport(paths, registry, provenance, options);
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
