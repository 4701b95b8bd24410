// Where a loaded suite's runs take a data file's rows from: the rows kept at load (in memory or in the
// index cache's rows file), else the file read again, checked against its digest and parsed.
import type { SuiteItem } from "../spec/item.js";
import type { DataFile } from "./data.js";
import { keepRows, keptRowLines, keptRowsFile, type KeptRowLines, type KeptRows } from "./index-data.js";
import type { IndexedFile } from "./item-feed.js";
import { readKeptRows } from "./rows-file.js";

export class FileRows {
  private room: number;
  private readonly parsedOnce = new Set<string>();

  /**
   * `room`: the row cache's bytes; rows kept at load are held to it too (none with 0). `partial`: every
   * row is an item (no `where` or date window renumbers them), so only the rows a run takes are parsed.
   * `readFile`: a data file read again, checked against the digest it was loaded with, and parsed.
   */
  constructor(
    private readonly rowCache: Map<string, KeptRows>,
    room: number,
    readonly partial: boolean,
    private readonly readFile: (entry: IndexedFile) => Promise<DataFile>,
  ) {
    this.room = room;
    for (const [path, rows] of rowCache) {
      if (rows.length > this.room) rowCache.delete(path);
      else this.room -= rows.length;
    }
  }

  /** A data file's rows for mapping: the kept rows' lines (whole rows when not `partial`), or the file read and parsed. */
  async rowsOf(entry: IndexedFile): Promise<KeptRowLines | DataFile> {
    const kept = this.rowCache.get(entry.path);
    // The very rows that were loaded and hashed (in memory, or in the index cache beside this very index): the data file is not read again.
    const lines = kept && keptRowLines(readKeptRows(kept));
    if (lines && this.partial) return lines;
    const whole = lines && keptRowsFile(entry, lines);
    if (whole) return whole;
    const dataFile = await this.readFile(entry);
    // A file parsed a second time during runs (a campaign's next team, another pass over the suite) keeps
    // its rows while there is room: the rows of bytes just checked against the load's digest.
    if (!this.parsedOnce.has(entry.path)) this.parsedOnce.add(entry.path);
    else if (this.room > 0) this.room -= keepRows(this.rowCache, dataFile, this.room);
    return dataFile;
  }

  /**
   * Maps a file's items (those at `only`, when not all) with `build`, for one pass over a selection: the
   * parts of a file's run come one after another (item-feed.ts), so its rows are read or parsed once for all.
   */
  mapper(
    build: (file: DataFile, entry: IndexedFile, only?: ReadonlySet<number>) => SuiteItem[],
  ): (entry: IndexedFile, only?: ReadonlySet<number>) => Promise<SuiteItem[]> {
    let current: { path: string; rows: Promise<KeptRowLines | DataFile> } | undefined;
    return async (entry, only) => {
      if (current?.path !== entry.path) current = { path: entry.path, rows: this.rowsOf(entry) };
      const rows = await current.rows;
      let file = "starts" in rows ? keptRowsFile(entry, rows, only) : rows;
      if (file === undefined) {
        // Kept rows that do not parse (damaged meanwhile): the data file itself, as without them.
        this.rowCache.delete(entry.path);
        current = { path: entry.path, rows: this.rowsOf(entry) };
        file = (await current.rows) as DataFile;
      }
      return build(file, entry, only);
    };
  }
}
