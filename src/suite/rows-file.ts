// The index cache's rows file: the parsed rows a load kept (its row cache), beside the index, so a
// run maps its items from JSON instead of parsing the data files again.
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { open, rename, writeFile, type FileHandle } from "node:fs/promises";
import type { DataIndex, KeptRows } from "./index-data.js";

const ROWS_FORMAT = "kfm-suite-rows/v2";
/** The longest header line read back (a JSON list of each file and the length of its rows). */
const MAX_ROWS_HEADER = 4 * 1024 * 1024;

/**
 * The parsed rows the load kept (its row cache), beside the index: a JSON header line naming each
 * file and the length of its rows as JSON, then those bytes end to end. Only the header is read
 * here; each file's rows are read from their place when the file is mapped (`readKeptRows`), so a
 * run maps its files from JSON instead of parsing CSV again (KMMLU: ~90 ms for all of them against
 * ~530 ms) without first reading 14 MB it may not need. None when the file is missing or its header
 * does not match these files and the file's size.
 */
export async function readCachedRows(
  path: string,
  files: ReadonlyArray<{ path: string; relativePath: string }>,
): Promise<Map<string, KeptRows>> {
  const rows = new Map<string, KeptRows>();
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch {
    return rows;
  }
  try {
    const { size } = await handle.stat();
    let head = Buffer.alloc(0);
    let end = -1;
    while (end < 0 && head.length < Math.min(size, MAX_ROWS_HEADER)) {
      const more = Buffer.allocUnsafe(Math.min(64 * 1024, size - head.length));
      const { bytesRead } = await handle.read(more, 0, more.length, head.length);
      if (bytesRead === 0) break;
      const from = head.length;
      head = Buffer.concat([head, more.subarray(0, bytesRead)]);
      const newline = head.indexOf(10, from);
      if (newline >= 0) end = newline;
    }
    if (end < 0) return rows;
    const header = JSON.parse(head.toString("utf8", 0, end)) as { kfm?: unknown; files?: unknown };
    if (header.kfm !== ROWS_FORMAT || !Array.isArray(header.files)) return rows;
    const paths = new Map(files.map((file) => [file.relativePath, file.path]));
    let at = end + 1;
    for (const entry of header.files as unknown[]) {
      const [relativePath, length] = Array.isArray(entry) ? entry : [];
      const dataPath = typeof relativePath === "string" ? paths.get(relativePath) : undefined;
      if (!dataPath || !Number.isInteger(length) || (length as number) <= 0 || at + (length as number) > size) return new Map();
      rows.set(dataPath, { file: path, position: at, length: length as number });
      at += length as number;
    }
    return at === size ? rows : new Map();
  } catch {
    return new Map();
  } finally {
    await handle.close().catch(() => {});
  }
}

/**
 * The JSON bytes of kept rows: those in memory, or read from their place in the rows file.
 * Undefined when they cannot be read whole (the cache pruned or changed meanwhile): the caller
 * then reads and parses the data file itself.
 *
 * Read synchronously: the slice is in the page cache (the load just read the file's header), and
 * one open, read and close here cost a fraction of a millisecond, where a FileHandle's three trips
 * through the thread pool cost ~0.5 ms of CPU a file (cpuprofile of a `--sample 500` KMMLU run,
 * which maps all 45 files).
 */
export function readKeptRows(rows: KeptRows): Buffer | undefined {
  if (Buffer.isBuffer(rows)) return rows;
  let fd: number | undefined;
  try {
    fd = openSync(rows.file, "r");
    const bytes = Buffer.allocUnsafe(rows.length);
    return readSync(fd, bytes, 0, rows.length, rows.position) === rows.length ? bytes : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export async function writeCachedRows(path: string, data: DataIndex): Promise<void> {
  const relative = new Map(data.indexed.map((file) => [file.path, file.relativePath]));
  const files = [...data.rowCache].filter((entry): entry is [string, Buffer] => relative.has(entry[0]) && Buffer.isBuffer(entry[1]));
  if (files.length === 0) return;
  const header = JSON.stringify({ kfm: ROWS_FORMAT, files: files.map(([path, rows]) => [relative.get(path), rows.length]) });
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temporary, [Buffer.from(`${header}\n`), ...files.map(([, rows]) => rows)]);
  await rename(temporary, path);
}
