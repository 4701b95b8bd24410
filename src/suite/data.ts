import { readFile } from "node:fs/promises";
import { basename, extname, relative, sep } from "node:path";
import { realpathSync } from "node:fs";
import { glob } from "tinyglobby";
import { SuiteError } from "../spec/errors.js";
import type { DataDefinition, SubjectRule } from "./schema.js";
import { ownValue } from "../spec/own-value.js";

export type DataFormat = DataDefinition["format"];

/** One data row: its columns by name, and where it came from (for error messages and item ids). */
export interface DataRow {
  file: string;
  /** 0-based index of the data row in its file. */
  row: number;
  /** 1-based line in the file where the row starts (CSV header is line 1). */
  line: number;
  values: Record<string, string>;
}

export interface DataFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the suite folder, with forward slashes (recorded in hashes and errors). */
  relativePath: string;
  bytes: Buffer;
  rows: DataRow[];
  columns: string[];
}

/**
 * Expands globs relative to the suite's folder and refuses anything that resolves outside it,
 * symlinks included: a suite file must not be able to read the rest of the disk.
 */
export async function findFiles(suiteFile: string, suiteDir: string, patterns: string | string[], fieldPath: string): Promise<string[]> {
  const list = Array.isArray(patterns) ? patterns : [patterns];
  const found = await glob(list, {
    cwd: suiteDir,
    absolute: true,
    onlyFiles: true,
    dot: false,
    followSymbolicLinks: false,
    expandDirectories: false,
  });
  // Synchronous: a file's realpath is microseconds, where each through the thread pool waited its turn (KMMLU's 45: ~10 ms).
  const root = realpathSync.native(suiteDir);
  const files: string[] = [];
  for (const file of found.sort()) {
    const real = realpathSync.native(file);
    if (real !== root && !real.startsWith(root + sep)) {
      throw new SuiteError({ file: suiteFile, path: fieldPath }, `${file} resolves outside the suite's folder (${real})`, {
        hint: "Data files must live inside the suite's folder.",
      });
    }
    files.push(file);
  }
  if (files.length === 0) {
    throw new SuiteError(
      { file: suiteFile, path: fieldPath },
      `no file matches ${list.map((pattern) => `"${pattern}"`).join(", ")} in ${suiteDir}`,
      {
        code: "data",
        hint: "Check the glob; it is relative to the suite file's folder.",
      },
    );
  }
  return files;
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  // Parquet's 64-bit integers arrive as bigint, also inside lists.
  return JSON.stringify(value, (_key, field: unknown) => (typeof field === "bigint" ? Number(field) : field));
}

function countLines(text: string): number {
  let lines = 0;
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) lines++;
  return text.length > 0 && !text.endsWith("\n") ? lines + 1 : lines;
}

async function parseCsvFile(path: string, text: string): Promise<{ columns: string[]; rows: DataRow[] }> {
  // Loaded when a CSV file is parsed: a run whose rows come from the suite index cache parses none.
  const { parse: parseCsv } = await import("csv-parse/sync");
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new SuiteError({ file: path, ...(line ? { line } : {}) }, `invalid CSV: ${(error as Error).message}`, {
      code: "data",
      cause: error,
    });
  }
  // Line numbers for error messages: when no quoted field spans lines (KMMLU has none), row r is
  // on line r + 2; otherwise ask the parser for positions (slower, so only then).
  let lineOfRow = (row: number) => row + 2;
  if (countLines(text) !== records.length) {
    const withInfo = parseCsv(text, { bom: true, skip_empty_lines: true, info: true }) as unknown as Array<{ info: { lines: number } }>;
    lineOfRow = (row: number) => (withInfo[row]?.info.lines ?? 0) + 1;
  }
  const header = records[0] ?? [];
  const rows: DataRow[] = [];
  for (let index = 1; index < records.length; index++) {
    const record = records[index]!;
    const values = rowValues();
    for (let column = 0; column < header.length; column++) values[header[column]!] = record[column] ?? "";
    rows.push({ file: path, row: index - 1, line: lineOfRow(index - 1), values });
  }
  return { columns: header, rows };
}

/** A row's values without a prototype, so a column named `__proto__` is stored like any other. */
function rowValues(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

function parseJsonFile(path: string, text: string, format: "jsonl" | "json"): { columns: string[]; rows: DataRow[] } {
  const objects: Array<{ value: unknown; line: number }> = [];
  if (format === "jsonl") {
    const lines = text.split("\n");
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index]!.trim();
      if (line === "") continue;
      try {
        objects.push({ value: JSON.parse(line), line: index + 1 });
      } catch (error) {
        throw new SuiteError({ file: path, line: index + 1 }, `invalid JSON line: ${(error as Error).message}`, { code: "data" });
      }
    }
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new SuiteError({ file: path }, `invalid JSON: ${(error as Error).message}`, { code: "data" });
    }
    if (!Array.isArray(parsed)) throw new SuiteError({ file: path }, "a json data file must hold an array of objects", { code: "data" });
    parsed.forEach((value) => objects.push({ value, line: 0 }));
  }
  return tableOf(path, objects);
}

/** Parquet (a Hugging Face dataset's default download), read by hyparquet: pure JS, snappy included. */
async function parseParquetFile(
  path: string,
  bytes: Buffer,
  wanted?: ReadonlySet<string>,
): Promise<{ columns: string[]; rows: DataRow[] }> {
  let objects: Array<Record<string, unknown>>;
  try {
    const { parquetMetadata, parquetReadObjects, parquetSchema } = await import("hyparquet"); // loaded only for Parquet data
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    // Only the columns the suite maps: HLE's Parquet also holds every image, which no text item needs.
    const present = parquetSchema(parquetMetadata(file)).children.map((child) => child.element.name);
    const columns = wanted ? present.filter((column) => wanted.has(column)) : undefined;
    objects = await parquetReadObjects({ file, ...(columns && columns.length > 0 ? { columns } : {}) });
  } catch (error) {
    throw new SuiteError({ file: path }, `not a readable Parquet file: ${(error as Error).message}`, { code: "data" });
  }
  return tableOf(
    path,
    objects.map((value) => ({ value, line: 0 })),
  );
}

/** Objects (JSON rows, Parquet records) as a table of string values. */
function tableOf(path: string, objects: Array<{ value: unknown; line: number }>): { columns: string[]; rows: DataRow[] } {
  const columns = new Set<string>();
  const rows = objects.map(({ value, line }, row) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new SuiteError({ file: path, ...(line ? { line } : {}) }, `row ${row} is not an object`, { code: "data" });
    }
    const values = rowValues();
    for (const [key, field] of Object.entries(value)) {
      values[key] = stringify(field);
      columns.add(key);
    }
    return { file: path, row, line, values };
  });
  return { columns: [...columns], rows };
}

/** The columns a suite reads from its data rows (Parquet files are read for these only). */
export function columnsRead(data: DataDefinition): Set<string> {
  const columns = new Set(Object.values(data.fields));
  if (data.subject.from === "field") columns.add(data.subject.field);
  for (const column of Object.keys(data.where ?? {})) columns.add(column);
  if (data.documents) {
    columns.add(data.documents.files);
    for (const match of data.documents.folder.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)) columns.add(match[1]!);
  }
  return columns;
}

export async function readDataFile(path: string, suiteDir: string, format: DataFormat, columns?: ReadonlySet<string>): Promise<DataFile> {
  return parseDataFile(path, await readFile(path), suiteDir, format, columns);
}

/**
 * The format of one file under `format: auto`: by extension, and a `.json` file that does not open with `[`
 * holds JSON lines (what Hugging Face's `to_json` writes and many repositories name `.json`).
 */
export function formatOfFile(path: string, bytes: Buffer, format: DataFormat): Exclude<DataFormat, "auto"> {
  if (format !== "auto") return format;
  const extension = extname(path).toLowerCase();
  if (extension === ".parquet") return "parquet";
  if (extension === ".csv") return "csv";
  if (extension === ".jsonl" || extension === ".ndjson") return "jsonl";
  if (extension === ".json")
    return bytes
      .toString("utf8", 0, Math.min(bytes.length, 4096))
      .replace(/^\uFEFF/, "")
      .trimStart()
      .startsWith("[")
      ? "json"
      : "jsonl";
  throw new SuiteError(
    { file: path },
    `cannot tell the format of ${basename(path)} (data.format: auto reads .parquet, .json, .jsonl and .csv)`,
    {
      code: "data",
      hint: "Give data.format in the suite, or point --data-dir at the published files.",
    },
  );
}

export async function parseDataFile(
  path: string,
  bytes: Buffer,
  suiteDir: string,
  declared: DataFormat,
  columns?: ReadonlySet<string>,
): Promise<DataFile> {
  const format = formatOfFile(path, bytes, declared);
  const parsed =
    format === "parquet"
      ? await parseParquetFile(path, bytes, columns)
      : format === "csv"
        ? await parseCsvFile(path, bytes.toString("utf8"))
        : parseJsonFile(path, bytes.toString("utf8").replace(/^\uFEFF/, ""), format);
  return { path, relativePath: relative(suiteDir, path).split(sep).join("/"), bytes, ...parsed };
}

/**
 * The columns of a file's first row, as a layout's `columns` checks them: a Parquet file's schema (every row has
 * each column), a CSV header, the keys of the first JSON object.
 */
export async function firstRowColumns(path: string, declared: DataFormat): Promise<string[]> {
  const bytes = await readFile(path);
  const format = formatOfFile(path, bytes, declared);
  if (format === "parquet") {
    try {
      const { parquetMetadata, parquetSchema } = await import("hyparquet");
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      return parquetSchema(parquetMetadata(file)).children.map((child) => child.element.name);
    } catch (error) {
      throw new SuiteError({ file: path }, `not a readable Parquet file: ${(error as Error).message}`, { code: "data" });
    }
  }
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  if (format === "csv") return (await parseCsvFile(path, text)).columns;
  const firstLine = format === "jsonl" ? text.split("\n").find((line) => line.trim() !== "") : undefined;
  const parsed = parseJsonFile(path, firstLine ?? text, format);
  return Object.keys(parsed.rows[0]?.values ?? {});
}

/** Checks that every mapped column exists; names the file, the missing column and those it has. */
export function requireColumns(file: DataFile, needed: Iterable<string>, suiteFile: string, fieldPath: string, format: DataFormat): void {
  const present = new Set(file.columns);
  for (const column of needed) {
    if (format === "csv" ? present.has(column) : file.rows.every((row) => Object.hasOwn(row.values, column))) continue;
    throw new SuiteError(
      { file: file.path, ...(format === "csv" ? { line: 1 } : {}) },
      `missing column "${column}" (mapped by ${suiteFile} ${fieldPath}); the file has: ${file.columns.join(", ")}`,
      {
        code: "data",
        hint: "Fix the mapping in the suite, or the file's header.",
      },
    );
  }
}

export function fileStem(path: string): string {
  return basename(path, extname(path));
}

function firstGroup(pattern: string, text: string): string | undefined {
  const match = new RegExp(pattern).exec(text);
  return match ? (match[1] ?? match[0]) : undefined;
}

export function subjectOf(rule: SubjectRule, row: DataRow, suiteFile: string, fieldPath: string): string {
  if (rule.from === "value") return rule.value;
  if (rule.from === "path") {
    const path = row.file.split(sep).join("/");
    const subject = firstGroup(rule.pattern, path);
    if (!subject)
      throw new SuiteError(
        { file: suiteFile, path: `${fieldPath}.pattern` },
        `pattern ${rule.pattern} does not match the data file ${path}`,
        {
          code: "data",
          hint: "Keep the published folder layout under --data-dir (the path names the subject).",
        },
      );
    return subject;
  }
  if (rule.from === "field") {
    const value = ownValue(row.values, rule.field);
    if (!value && rule.otherwise === "file") return fileStem(row.file);
    const found = value && rule.pattern ? (firstGroup(rule.pattern, value) ?? value) : value;
    const subject = found && rule.map ? (ownValue(rule.map, found) ?? found) : found;
    if (!subject)
      throw new SuiteError({ file: row.file, line: row.line }, `row ${row.row} has no subject in field "${rule.field}"`, { code: "data" });
    return subject;
  }
  const name = basename(row.file);
  if (!rule.pattern) return fileStem(row.file);
  const match = new RegExp(rule.pattern).exec(name);
  if (!match)
    throw new SuiteError({ file: suiteFile, path: `${fieldPath}.pattern` }, `pattern ${rule.pattern} does not match file name ${name}`);
  return match[1] ?? match[0];
}
