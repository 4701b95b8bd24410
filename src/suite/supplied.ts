// Data kfm may not ship: where the user put it, which published layout it is in, and what to say when it is not there.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { glob } from "tinyglobby";
import { KfmError, SuiteError } from "../spec/errors.js";
import { firstRowColumns } from "./data.js";
import type { DataLayout, SuiteDefinition } from "./schema.js";

type Supplied = NonNullable<SuiteDefinition["data"]["supplied"]>;

/** The data of a supplied suite as found: its folder, and the layout recognised in it (when the suite lists layouts). */
export interface SuppliedData {
  root: string;
  layout?: DataLayout;
  /** The suite with the layout's format, files, subject, fields and target in place of `data`'s. */
  definition: SuiteDefinition;
}

function listOf(patterns: string | string[]): string[] {
  return Array.isArray(patterns) ? patterns : [patterns];
}

/** The files a layout's globs match under the data folder, sorted by path. */
async function matches(root: string, patterns: string | string[]): Promise<string[]> {
  const found = await glob(listOf(patterns), {
    cwd: root,
    onlyFiles: true,
    dot: false,
    followSymbolicLinks: false,
    expandDirectories: false,
  });
  return found.sort();
}

/** A layout whose files are there but whose columns are not in the first row of its first file. */
interface ColumnMismatch {
  layout: DataLayout;
  file: string;
  found: string[];
}

/** The layout's columns missing from the first row of its first file (none when the layout lists no columns). */
async function missingColumns(
  root: string,
  file: string,
  layout: DataLayout,
  definition: SuiteDefinition,
): Promise<ColumnMismatch | undefined> {
  if (!layout.columns) return undefined;
  const found = await firstRowColumns(resolve(root, file), layout.format ?? definition.data.format);
  return layout.columns.every((column) => found.includes(column)) ? undefined : { layout, file, found };
}

function columnsMessage(mismatches: readonly ColumnMismatch[]): string {
  return mismatches
    .map(
      ({ layout, file, found }) =>
        `layout ${layout.id} expects columns ${layout.columns!.join(", ")} in the first row of ${file}, which has ${found.length > 0 ? found.join(", ") : "none"}`,
    )
    .join("; ");
}

/** The suite as the layout reads it: what the layout states replaces `data`'s value. */
export function withLayout(definition: SuiteDefinition, layout: DataLayout): SuiteDefinition {
  const data = { ...definition.data, files: layout.files };
  if (layout.format) data.format = layout.format;
  if (layout.subject) data.subject = layout.subject;
  if (layout.fields) data.fields = layout.fields;
  if (layout.target) data.target = layout.target;
  if (layout.choices_field) data.choices_field = layout.choices_field;
  const fewShot =
    definition.few_shot && layout.few_shot_files ? { ...definition.few_shot, files: layout.few_shot_files } : definition.few_shot;
  return { ...definition, data, ...(fewShot ? { few_shot: fewShot } : {}) };
}

/** What to download and where to put it, one line per layout (or per expected file). */
export function whatToSupply(supplied: Supplied): string {
  if (supplied.layouts)
    return supplied.layouts
      .map(
        (layout, index) =>
          `(${index + 1}) ${layout.title} [kfm looks for ${listOf(layout.files).join(", ")}${layout.columns ? ` with columns ${layout.columns.join(", ")}` : ""}]`,
      )
      .join("; ");
  return (supplied.files ?? []).map((entry) => entry.path).join(", ");
}

function missing(definition: SuiteDefinition, supplied: Supplied, root: string, what: string): KfmError {
  const where = supplied.layouts
    ? `Put the files of one published layout under the folder, as kfm looks for them (globs inside --data-dir): ${whatToSupply(supplied)}`
    : `Put ${whatToSupply(supplied)} in a folder`;
  return new KfmError("data", `suite ${definition.id} needs ${supplied.name}, which kfm does not ship: ${what} in ${root}`, {
    hint: `Obtain it from ${supplied.obtain} (licence: ${supplied.licence}). ${where}, and pass --data-dir <folder> (or set KFM_DATA_DIR).`,
  });
}

async function checkPinned(file: string, definition: SuiteDefinition, supplied: Supplied, root: string): Promise<void> {
  for (const expected of supplied.files ?? []) {
    const path = resolve(root, expected.path);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      throw missing(definition, supplied, root, `${expected.path} is missing`);
    }
    if (!expected.sha256) continue;
    const actual = createHash("sha256").update(bytes).digest("hex");
    if (actual !== expected.sha256) {
      throw new SuiteError(
        { file, path: "data.supplied.files" },
        `${path} has sha256 ${actual}, expected ${expected.sha256}: not the published file`,
        {
          code: "data",
          hint: `Download ${supplied.name} again from ${supplied.obtain}.`,
        },
      );
    }
  }
}

/**
 * The folder of user-supplied data with the first listed layout whose files are there and, when it lists
 * `columns`, whose first file's first row has them (and every pinned file present and unchanged); otherwise an error that says where to obtain the data, under
 * which licence, and which published files to put where.
 */
export async function findSuppliedData(file: string, definition: SuiteDefinition, dataDir: string, cwd?: string): Promise<SuppliedData> {
  const supplied = definition.data.supplied!;
  const root = resolve(cwd ?? process.cwd(), dataDir);
  await checkPinned(file, definition, supplied, root);
  if (!supplied.layouts) return { root, definition };
  const mismatches: ColumnMismatch[] = [];
  for (const layout of supplied.layouts) {
    const files = await matches(root, layout.files);
    if (files.length === 0) continue;
    const mismatch = await missingColumns(root, files[0]!, layout, definition);
    if (!mismatch) return { root, layout, definition: withLayout(definition, layout) };
    mismatches.push(mismatch);
  }
  // Files where a layout looks, with other columns: say which columns were found and which each layout expects.
  if (mismatches.length > 0) {
    throw new KfmError(
      "data",
      `suite ${definition.id}: the files in ${root} are in none of its published layouts by their columns: ${columnsMessage(mismatches)}`,
      {
        hint: `Put the published files of ${supplied.name} (from ${supplied.obtain}) under the folder unchanged, as one of: ${whatToSupply(supplied)}.`,
      },
    );
  }
  // Files where the layouts look, in none of them: say what was found, so a renamed or converted file is recognisable.
  const folders = [...new Set(supplied.layouts.flatMap((layout) => listOf(layout.files).map((pattern) => pattern.split("/")[0]!)))];
  const found = await glob(
    folders.map((folder) => `${folder}/**/*`),
    { cwd: root, onlyFiles: true, dot: false, followSymbolicLinks: false },
  );
  const seen =
    found.length > 0
      ? ` (found instead: ${found.sort().slice(0, 5).join(", ")}${found.length > 5 ? `, … ${found.length} files` : ""})`
      : "";
  throw missing(definition, supplied, root, `none of its published layouts is${seen}`);
}
