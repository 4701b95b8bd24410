import { describe, expect, it } from "vitest";
import type { SuiteItem } from "../spec/item.js";
import { ItemIndex, ItemSelection } from "./item-index.js";
import { CHUNK, fileByFile, type IndexedFile } from "./item-feed.js";

/** Two files of 150 and 20 items, and a mapper that records what it was asked for. */
function fixture() {
  const index = new ItemIndex();
  for (const [name, count] of [
    ["law", 150],
    ["art", 20],
  ] as const) {
    for (let row = 0; row < count; row++) index.add(`${name}:${row}`, name);
    index.endFile();
  }
  const files: IndexedFile[] = [
    { path: "/d/law.csv", relativePath: "law.csv", digest: "x", start: 0, end: 150 },
    { path: "/d/art.csv", relativePath: "art.csv", digest: "y", start: 150, end: 170 },
  ];
  const calls: Array<{ file: string; only: number[] | undefined }> = [];
  const mapFile = async (file: IndexedFile, only?: ReadonlySet<number>): Promise<SuiteItem[]> => {
    calls.push({ file: file.relativePath, only: only && [...only] });
    const items: SuiteItem[] = [];
    for (let offset = 0; offset < file.end - file.start; offset++) {
      if (only && !only.has(offset)) continue;
      items[offset] = { id: index.id(file.start + offset), index: file.start + offset, subject: "s", fields: {}, target: "A" };
    }
    return items;
  };
  return { index, files, calls, mapFile };
}

async function collect(feed: AsyncIterable<SuiteItem[]>): Promise<{ ids: string[]; batches: number[] }> {
  const ids: string[] = [];
  const batches: number[] = [];
  for await (const batch of feed) {
    batches.push(batch.length);
    ids.push(...batch.map((item) => item.id));
  }
  return { ids, batches };
}

describe("fileByFile", () => {
  it("builds a file's run a part of at most CHUNK entries at a time, in order, so its items die young", async () => {
    const { index, files, calls, mapFile } = fixture();
    const all = ItemSelection.all(index);
    const { ids, batches } = await collect(fileByFile(files, all, mapFile));
    expect(ids).toEqual(Array.from({ length: 170 }, (_, position) => index.id(position)));
    expect(batches).toEqual([CHUNK, CHUNK, 150 - 2 * CHUNK, 20]);
    // Each part asks for its own offsets; a file taken whole in one part needs none.
    expect(calls.map((call) => [call.file, call.only?.length, call.only?.[0]])).toEqual([
      ["law.csv", CHUNK, 0],
      ["law.csv", CHUNK, CHUNK],
      ["law.csv", 150 - 2 * CHUNK, 2 * CHUNK],
      ["art.csv", undefined, undefined],
    ]);
  });

  it("maps each file's run at once when told to (a filter that renumbers rows has its file parsed whole)", async () => {
    const { index, files, calls, mapFile } = fixture();
    const sample = ItemSelection.all(index).filter((entry) => entry % 3 === 0);
    const { ids } = await collect(fileByFile(files, sample, mapFile, Number.POSITIVE_INFINITY));
    expect(ids).toEqual(Array.from(sample.positions, (position) => index.id(position)));
    expect(calls.map((call) => call.file)).toEqual(["law.csv", "art.csv"]);
  });
});
