import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import type { SuiteItem } from "../spec/item.js";
import { builtInSuitesDir } from "./catalog.js";
import { ItemIndex, ItemSelection } from "./item-index.js";
import { loadSuite, type IndexedSuite, type LoadedSuite } from "./load.js";
import { selectFromIndex, selectItems, type SelectOptions } from "./select.js";

async function collect(batches: AsyncIterable<SuiteItem[]>): Promise<{ items: SuiteItem[]; batches: number }> {
  const items: SuiteItem[] = [];
  let count = 0;
  for await (const batch of batches) {
    count++;
    for (const item of batch) items.push(item);
  }
  return { items, batches: count };
}

describe("ItemIndex", () => {
  it("gives back each id and subject by position across files", () => {
    const index = new ItemIndex();
    const ids = Array.from({ length: 3000 }, (_, n) => (n % 7 === 0 ? `과목-${n}:한글` : `s${n % 3}:${n}`));
    ids.forEach((id, n) => {
      index.add(id, `subject-${n % 3}`);
      if (n % 1000 === 999) index.endFile();
    });
    index.endFile();
    expect(index.size).toBe(3000);
    for (const n of [0, 1, 7, 999, 1000, 1001, 2999]) {
      expect(index.id(n)).toBe(ids[n]);
      expect(index.subject(n)).toBe(`subject-${n % 3}`);
    }
    expect(index.subjects()).toEqual(["subject-0", "subject-1", "subject-2"]);
    expect(() => index.id(3000)).toThrow(RangeError);
  });

  it("a selection filters and names trials", () => {
    const index = new ItemIndex();
    ["a", "b", "c"].forEach((id) => index.add(id, "s"));
    index.endFile();
    const all = ItemSelection.all(index);
    expect([...all.ids()]).toEqual(["a", "b", "c"]);
    const trials = new ItemSelection(index, Int32Array.from([0, 0, 2, 2]), Uint16Array.from([1, 2, 1, 2]));
    expect([...trials.filter((entry) => entry !== 1).ids()]).toEqual(["a#1", "c#1", "c#2"]);
  });
});

describe("a suite loaded as an index", () => {
  let full: LoadedSuite;
  let indexed: IndexedSuite;
  beforeAll(async () => {
    [full, indexed] = await Promise.all([loadSuite("kmmlu"), loadSuite("kmmlu", { index: true })]);
  });

  it("keeps no items, has the same hash, and chooses exactly what selectItems chooses from the items", () => {
    expect("items" in indexed).toBe(false);
    expect(indexed.contentHash).toBe(full.contentHash);
    expect(indexed.index.size).toBe(35_030);
    const cases: SelectOptions[] = [
      {},
      { sample: 450, seed: 1 },
      { sample: 450, seed: 2, limit: 100 },
      { sample: 1000, seed: 3, shard: { index: 2, count: 3 } },
      { limit: 10, trials: 3 },
      { sample: 200, seed: 9, shard: { index: 0, count: 2 }, trials: 2 },
    ];
    for (const options of cases) {
      const expected = selectItems(full.items, options).map((item) => item.id);
      const selection = selectFromIndex(indexed.index, options);
      expect(
        Array.from({ length: selection.length }, (_, entry) => selection.id(entry)),
        JSON.stringify(options),
      ).toEqual(expected);
    }
  });

  it("streams the selected items a data file at a time, equal to the items loaded whole, from the row cache or from disk", async () => {
    const options = { sample: 300, seed: 5, trials: 2 };
    const expected = selectItems(full.items, options);
    const uncached = await loadSuite("kmmlu", { index: true, rowCacheBytes: 0 });
    for (const suite of [indexed, uncached]) {
      const streamed = await collect(suite.itemsFor(selectFromIndex(suite.index, options)));
      expect(streamed.items).toEqual(expected);
      // Items come per data file (45 subjects), not as one array of the whole suite.
      expect(streamed.batches).toBe(45);
      expect(streamed.items.map((item) => item.trial).slice(0, 4)).toEqual([1, 2, 1, 2]);
    }
  });

  it("caches rows up to the budget and reads the remaining files from disk", async () => {
    // About two subjects' worth: the first files come from the cache, the rest from disk, and all are equal.
    const partial = await loadSuite("kmmlu", { index: true, rowCacheBytes: 600_000 });
    const streamed = await collect(partial.itemsFor(ItemSelection.all(partial.index)));
    expect(streamed.items.map((item) => item.id)).toEqual(full.items.map((item) => item.id));
    expect(streamed.items[35_029]).toEqual(full.items[35_029]);
    expect(streamed.items[0]).toEqual(full.items[0]);
  });

  it("refuses a data file that changed after loading, rather than run items the content hash does not cover", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kfm-index-"));
    await cp(join(builtInSuitesDir, "kmmlu"), dir, { recursive: true });
    // Parsed, not read from the index cache: only a load that parses the files keeps their rows.
    const cached = await loadSuite(join(dir, "kmmlu.yaml"), { index: true, cacheDir: false });
    const suite = await loadSuite(join(dir, "kmmlu.yaml"), { index: true, rowCacheBytes: 0 });
    const file = join(dir, "data", "test", "Accounting-test.csv");
    await writeFile(file, (await readFile(file, "utf8")).replace("\n", "\nchanged,"));
    const error = await collect(suite.itemsFor(ItemSelection.all(suite.index))).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(KfmError.isInstance(error)).toBe(true);
    expect((error as KfmError).code).toBe("data");
    expect((error as KfmError).message).toContain("Accounting-test.csv changed after suite kmmlu was loaded");
    // Rows cached at load are the very rows that were hashed: the run goes on with them.
    const fromCache = await collect(cached.itemsFor(ItemSelection.all(cached.index)));
    expect(fromCache.items).toHaveLength(35_030);
  });
});
