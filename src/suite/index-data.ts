// A suite's data files to its packed index: each file read, mapped and validated, its ids and subjects kept, its rows dropped.
import { SuiteError } from "../spec/errors.js";
import type { SuiteItem } from "../spec/item.js";
import { buildItems, type BuildContext } from "./build-items.js";
import { parseDataFile, readDataFile, type DataFile, type DataRow } from "./data.js";
import { fileDigest } from "./hash.js";
import { ItemIndex } from "./item-index.js";
import type { IndexedFile } from "./item-feed.js";
import type { SuiteDefinition } from "./schema.js";

/** What indexing a suite's data yields: the same whether worked out from the files or read from the index cache. */
export interface DataIndex {
  index: ItemIndex;
  indexed: IndexedFile[];
  /** Every item has options (log-likelihood scoring needs them). */
  allHaveChoices: boolean;
  /** What the data left out or lacks (rows outside the window or a `where`, subjects without a supercategory). */
  warnings: string[];
  /** The items themselves, when the caller keeps them. */
  kept?: SuiteItem[];
  /** Parsed rows by path, as compact JSON outside the JS heap, so a run maps them again without parsing. */
  rowCache: Map<string, KeptRows>;
}

/**
 * A file's parsed rows as compact JSON, one line each: `{"columns":[...]}`, then `[row, line, values]`
 * for every row (JSON escapes a line break inside a value, so a byte 10 only ever ends a line). In
 * memory, or where they lie in the index cache's rows file, read when the file is mapped (so a run
 * from the cache starts without reading every file's rows first). A line a row keeps to itself lets
 * a run that samples a file parse only the rows it takes (`keptRowsFile`).
 */
export type KeptRows = Buffer | RowsSlice;

export interface RowsSlice {
  /** The rows file, and the bytes of this data file's rows in it. */
  file: string;
  position: number;
  length: number;
}

interface ItemPlace {
  file: string;
  line: number;
}

/** Two items with one id: a task id the data repeats, or two data files with one name (ids are `<file name>:<row>`). */
function duplicateId(suiteFile: string, item: SuiteItem, place: ItemPlace, first: ItemPlace): SuiteError {
  const at = (where: ItemPlace) => (where.line ? `${where.file}:${where.line}` : where.file);
  if (item.fields.id === item.id)
    return new SuiteError(
      { file: suiteFile, path: "data.fields.id" },
      `duplicate task id ${item.id} in ${at(place)} (first at ${at(first)})`,
      {
        code: "data",
        hint: "Task ids name the items of a run: give each task its own id.",
      },
    );
  return new SuiteError(
    { file: suiteFile, path: "data.files" },
    `two items have the id ${item.id}: two data files share a name (${first.file}, ${place.file})`,
    { code: "data" },
  );
}

/**
 * Keeps a parsed file's rows in `rowCache` as compact JSON when they fit in `room` bytes; returns the bytes
 * taken. Rows as JSON take about the file's size, so a file larger than the room is not serialised at all.
 */
export function keepRows(rowCache: Map<string, KeptRows>, dataFile: DataFile, room: number): number {
  if (dataFile.bytes.length > room) return 0;
  const lines = [JSON.stringify({ columns: dataFile.columns })];
  for (const row of dataFile.rows) lines.push(JSON.stringify([row.row, row.line, row.values]));
  lines.push("");
  const rows = Buffer.from(lines.join("\n"));
  if (rows.length > room) return 0;
  rowCache.set(dataFile.path, rows);
  return rows.length;
}

/**
 * Kept rows (as `keepRows` writes them) as the data file they were parsed from, or undefined when
 * they are missing or not whole (the index cache's copy pruned or damaged meanwhile): the caller
 * then reads and parses the data file itself.
 *
 * With `only` (the offsets of the rows a run takes, for a file whose every row is an item: no `where`
 * and no date window), only those rows are parsed: the others stay holes in `rows`, which stops after
 * the last one taken. `buildItems` given the same `only` never reads a hole. A 2,000-item sample of
 * KMMLU takes a few rows from each of 45 files, and parsing all 35,030 rows for it cost ~50 ms of a
 * run's CPU.
 */
export function keptRowsFile(
  entry: { path: string; relativePath: string },
  bytes: Buffer | undefined,
  only?: ReadonlySet<number>,
): DataFile | undefined {
  if (!bytes) return undefined;
  const headerEnd = bytes.indexOf(10);
  if (headerEnd < 0 || bytes[bytes.length - 1] !== 10) return undefined;
  // A loop, not Math.max(...only): a run that takes most of a 200,000-row file would pass too many arguments.
  let last = only ? -1 : Infinity;
  if (only) for (const offset of only) if (offset > last) last = offset;
  const rows: DataRow[] = [];
  let columns: unknown;
  try {
    ({ columns } = JSON.parse(bytes.toString("utf8", 0, headerEnd)) as { columns?: unknown });
    if (!Array.isArray(columns)) return undefined;
    let offset = 0;
    for (let at = headerEnd + 1; at < bytes.length && offset <= last; offset++) {
      const end = bytes.indexOf(10, at);
      if (!only || only.has(offset)) {
        const row = JSON.parse(bytes.toString("utf8", at, end)) as unknown;
        if (!Array.isArray(row) || row.length !== 3 || typeof row[2] !== "object" || row[2] === null) return undefined;
        const [number, line, values] = row as [number, number, Record<string, string>];
        rows[offset] = { file: entry.path, row: number, line, values };
      }
      at = end + 1;
    }
    if (only) rows.length = Math.min(offset, last + 1);
  } catch {
    return undefined;
  }
  return { path: entry.path, relativePath: entry.relativePath, bytes: Buffer.alloc(0), columns: columns as string[], rows };
}

/**
 * Reads, maps and validates the data files one at a time (in the order given), keeping each
 * item's id and subject in the packed index and the items only with `keep`. With `rowCacheBytes`,
 * parsed rows are kept as JSON up to that many bytes. A file whose bytes are in `read` is not read
 * (or hashed) again.
 */
export async function indexData(run: {
  suiteFile: string;
  dataRoot: string;
  dataPaths: readonly string[];
  data: SuiteDefinition["data"];
  columns: ReadonlySet<string>;
  context: BuildContext;
  keep: boolean;
  rowCacheBytes: number;
  /** Each data file's bytes and their sha256 when the caller already read them (the cache key's digests), in `dataPaths` order. */
  read?: ReadonlyArray<{ digest: string; bytes?: Buffer }>;
}): Promise<DataIndex> {
  const { suiteFile, data, context } = run;
  const window = context.window;
  const indexed: IndexedFile[] = [];
  const index = new ItemIndex();
  const kept: SuiteItem[] | undefined = run.keep ? [] : undefined;
  const seen = new Map<string, ItemPlace>();
  const noSupercategory = new Set<string>();
  const warnings: string[] = [];
  let allHaveChoices = true;
  const rowCache = new Map<string, KeptRows>();
  let rowCacheRoom = run.rowCacheBytes;
  for (const [number, path] of run.dataPaths.entries()) {
    const known = run.read?.[number];
    const dataFile = known?.bytes
      ? await parseDataFile(path, known.bytes, run.dataRoot, data.format, run.columns)
      : await readDataFile(path, run.dataRoot, data.format, run.columns);
    rowCacheRoom -= keepRows(rowCache, dataFile, rowCacheRoom);
    const start = index.size;
    const rows: DataRow[] = [];
    const built = buildItems([dataFile], data.subject, context, "data", start, rows);
    // Rows a filter leaves out (HLE's items with an image) are counted and said, never dropped silently.
    if (window && !data.where_note && built.length < dataFile.rows.length)
      warnings.push(
        `${dataFile.relativePath}: ${built.length} of ${dataFile.rows.length} rows dated within ${window.from ?? "the start"} .. ${window.to ?? "the end"} (${window.field})`,
      );
    if (data.where_note && built.length < dataFile.rows.length)
      warnings.push(
        `${dataFile.relativePath}: ${dataFile.rows.length - built.length} of ${dataFile.rows.length} rows left out (${data.where_note}); ${built.length} items kept`,
      );
    for (const [position, item] of built.entries()) {
      const place = { file: dataFile.relativePath, line: rows[position]!.line };
      const first = seen.get(item.id);
      if (first) throw duplicateId(suiteFile, item, place, first);
      seen.set(item.id, place);
      index.add(item.id, item.subject);
      if (!item.choices?.length) allHaveChoices = false;
      if (context.supercategories && item.supercategory === undefined) noSupercategory.add(item.subject);
      kept?.push(item);
    }
    index.endFile();
    const digest = known?.bytes ? known.digest : fileDigest(dataFile.bytes);
    indexed.push({ path, relativePath: dataFile.relativePath, digest, start, end: index.size });
  }
  seen.clear();
  if (index.size === 0)
    throw new SuiteError({ file: suiteFile, path: data.where ? "data.where" : "data.files" }, "the data yields no items", {
      code: "data",
      hint: "Check data.where and the files.",
    });
  if (noSupercategory.size > 0) warnings.push(`no supercategory for subjects: ${[...noSupercategory].join(", ")}`);
  return { index, indexed, allHaveChoices, warnings, rowCache, ...(kept ? { kept } : {}) };
}
