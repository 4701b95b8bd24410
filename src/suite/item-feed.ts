// The items of a selection, handed to a run a batch at a time: from memory, or a data file at a time.
import { setImmediate as nextTurn } from "node:timers/promises";
import type { SuiteItem } from "../spec/item.js";
import type { ItemSelection } from "./item-index.js";

/** Entries of a selection mapped ahead of the caller, at most (beyond the file at hand). */
const AHEAD = 256;

/** A data file as the index knows it. */
export interface IndexedFile {
  path: string;
  relativePath: string;
  /** The bytes' digest when indexed: a file read again during the run must still match it. */
  digest: string;
  /** Positions [start, end) of its items in the suite. */
  start: number;
  end: number;
}

/** The item an entry names: the item itself, or the item as trial k of a task run k times. */
function asEntry(item: SuiteItem, selection: ItemSelection, entry: number): SuiteItem {
  const trial = selection.trial(entry);
  return trial === undefined ? item : { ...item, id: `${item.id}#${trial}`, trial };
}

export async function* inMemory(items: readonly SuiteItem[], selection: ItemSelection): AsyncGenerator<SuiteItem[]> {
  if (selection.length > 0)
    yield Array.from({ length: selection.length }, (_, entry) => asEntry(items[selection.positions[entry]!]!, selection, entry));
}

/**
 * The items of `selection`, a data file at a time, in its order. Later files are read and mapped
 * while the caller works through the current one, up to AHEAD entries (at least the next file), so
 * the items alive are the current file's, the next file's and at most AHEAD selected ones.
 * `mapFile` is given the offsets (in the file) of the items wanted when not all of them are.
 */
export async function* fileByFile(
  files: readonly IndexedFile[],
  selection: ItemSelection,
  mapFile: (file: IndexedFile, only?: ReadonlySet<number>) => Promise<SuiteItem[]>,
): AsyncGenerator<SuiteItem[]> {
  // Runs of consecutive entries from the same file: [file, first entry, end entry).
  const runs: Array<{ file: IndexedFile; from: number; to: number }> = [];
  let fileIndex = 0;
  for (let entry = 0; entry < selection.length; entry++) {
    const position = selection.positions[entry]!;
    const last = runs.at(-1);
    if (last && position >= last.file.start && position < last.file.end) {
      last.to = entry + 1;
      continue;
    }
    // Entries come in suite order, so the file is usually a later one.
    if (position < files[fileIndex]!.start) fileIndex = 0;
    while (fileIndex < files.length && position >= files[fileIndex]!.end) fileIndex++;
    const file = files[fileIndex];
    if (!file) throw new Error(`no item at position ${position} in this suite`);
    runs.push({ file, from: entry, to: entry + 1 });
  }
  // Files are prepared one after another, each a turn of the event loop after the last (so the
  // workers waiting for a batch send their requests first), ahead of the caller while fewer than
  // AHEAD entries wait: a sampled selection takes a few items from each of many files, and mapping
  // them only as the workers run dry would leave the endpoint below its concurrency.
  const queue: Array<{ items: Promise<SuiteItem[]>; entries: number }> = [];
  let waiting = 0;
  let nextRun = 0;
  let last: Promise<unknown> = Promise.resolve();
  const load = (run: { file: IndexedFile; from: number; to: number }) => {
    const loading = last
      .catch(() => {})
      .then(() => nextTurn())
      // Only the entries the run takes are built (a sample takes a few of each file's items), unless it takes them all.
      .then(() => mapFile(run.file, run.to - run.from < run.file.end - run.file.start ? offsetsOf(run) : undefined))
      .then((items) =>
        Array.from({ length: run.to - run.from }, (_, offset) =>
          asEntry(items[selection.positions[run.from + offset]! - run.file.start]!, selection, run.from + offset),
        ),
      );
    loading.catch(() => {}); // awaited below; this only keeps a read the caller stopped waiting for from crashing the process
    last = loading;
    return loading;
  };
  const offsetsOf = (run: { file: IndexedFile; from: number; to: number }) => {
    const offsets = new Set<number>();
    for (let entry = run.from; entry < run.to; entry++) offsets.add(selection.positions[entry]! - run.file.start);
    return offsets;
  };
  const fill = () => {
    while (nextRun < runs.length && (queue.length === 0 || waiting < AHEAD)) {
      const run = runs[nextRun++]!;
      queue.push({ items: load(run), entries: run.to - run.from });
      waiting += run.to - run.from;
    }
  };
  fill();
  while (queue.length > 0) {
    const { items, entries } = queue.shift()!;
    const batch = await items;
    waiting -= entries;
    fill();
    yield batch;
  }
}
