import { cp, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import { builtInSuitesDir } from "./catalog.js";
import { indexCacheDir } from "./index-cache.js";
import { ItemSelection } from "./item-index.js";
import { loadSuite, type IndexedSuite } from "./load.js";

/** A small CSV suite with a filter (so the load has a warning to keep) and a subject per file. */
async function smallSuite(): Promise<{ dir: string; suite: string }> {
  const dir = await mkdtemp(join(tmpdir(), "kfm-index-cache-"));
  await mkdir(join(dir, "data"));
  await writeFile(
    join(dir, "suite.yaml"),
    [
      "kfm: suite/v1",
      "id: cached-small",
      "version: 1.0.0",
      "title: A small suite the index cache is tried on",
      "benchmark: none",
      "language: en",
      "licence: CC0-1.0",
      "source: { citation: made for this test, url: https://example.org }",
      "data:",
      "  format: csv",
      "  files: data/*.csv",
      "  subject: { from: file }",
      "  fields: { question: question, answer: answer, keep: keep }",
      "  target: { field: answer }",
      "  where: { keep: 'yes' }",
      "  where_note: rows marked keep=no",
      "prompt:",
      "  user: '{{question}}'",
      "scorer:",
      "  id: numeric",
      "  args: {}",
      "",
    ].join("\n"),
  );
  await writeFile(join(dir, "data", "algebra.csv"), "question,answer,keep\n1+1?,2,yes\n2+2?,4,yes\n3+3?,6,no\n");
  await writeFile(join(dir, "data", "counting.csv"), "question,answer,keep\nhow many?,3,yes\n");
  return { dir, suite: join(dir, "suite.yaml") };
}

/** What a run takes from a loaded index: ids, subjects, files, hash, warnings. */
function shape(suite: IndexedSuite) {
  const positions = Array.from({ length: suite.index.size }, (_, position) => position);
  return {
    ids: positions.map((position) => suite.index.id(position)),
    subjects: positions.map((position) => suite.index.subject(position)),
    contentHash: suite.contentHash,
    warnings: suite.warnings,
    allHaveChoices: suite.allHaveChoices,
  };
}

/** The cached indexes in a cache folder (each may have its rows beside it). */
async function indexes(cacheDir: string): Promise<string[]> {
  return (await readdir(cacheDir)).filter((name) => name.endsWith(".index"));
}

async function items(suite: IndexedSuite): Promise<unknown[]> {
  const all: unknown[] = [];
  for await (const batch of suite.itemsFor(ItemSelection.all(suite.index))) all.push(...batch);
  return all;
}

describe("the suite index cache", () => {
  it("gives the same index, content hash, warnings and items as parsing the files", async () => {
    const { suite } = await smallSuite();
    const cacheDir = await mkdtemp(join(tmpdir(), "kfm-cache-"));
    const parsed = await loadSuite(suite, { index: true, cacheDir: false });
    const first = await loadSuite(suite, { index: true, cacheDir });
    expect(await indexes(cacheDir)).toHaveLength(1);
    const second = await loadSuite(suite, { index: true, cacheDir });
    expect(shape(first)).toEqual(shape(parsed));
    expect(shape(second)).toEqual(shape(parsed));
    expect(shape(parsed).warnings).toEqual(
      ["algebra.csv: 1 of 3 rows left out (rows marked keep=no); 2 items kept"].map((w) => `data/${w}`),
    );
    expect(await items(second)).toEqual(await items(parsed));
    // A selection that takes one item of a file builds that item alone, after the filter, as in the whole list.
    const one: unknown[] = [];
    for await (const batch of second.itemsFor(ItemSelection.all(second.index).filter((entry) => entry === 1))) one.push(...batch);
    expect(one).toEqual([(await items(parsed))[1]]);
  });

  it("is read on the next load: an index written under the key is the one the run gets", async () => {
    const { suite } = await smallSuite();
    const cacheDir = await mkdtemp(join(tmpdir(), "kfm-cache-"));
    await loadSuite(suite, { index: true, cacheDir });
    const [name] = await indexes(cacheDir);
    // Rename a subject in the cached index: only a load that reads the cache can see it.
    const path = join(cacheDir, name!);
    const bytes = await readFile(path);
    const newline = bytes.indexOf(10);
    const header = JSON.parse(bytes.toString("utf8", 0, newline)) as { subjects: string[] };
    header.subjects = header.subjects.map((subject) => `${subject}-from-cache`);
    await writeFile(path, Buffer.concat([Buffer.from(JSON.stringify(header)), bytes.subarray(newline)]));
    const loaded = await loadSuite(suite, { index: true, cacheDir });
    expect(loaded.index.subjects()).toEqual(["algebra-from-cache", "counting-from-cache"]);
  });

  it("misses when a data file changes by one byte, and indexes the new data", async () => {
    const { dir, suite } = await smallSuite();
    const cacheDir = await mkdtemp(join(tmpdir(), "kfm-cache-"));
    const before = await loadSuite(suite, { index: true, cacheDir });
    await writeFile(join(dir, "data", "counting.csv"), "question,answer,keep\nhow many?,3,yes\nand now?,5,yes\n");
    const after = await loadSuite(suite, { index: true, cacheDir });
    expect(after.index.size).toBe(before.index.size + 1);
    expect(after.contentHash).not.toBe(before.contentHash);
    expect(shape(after)).toEqual(shape(await loadSuite(suite, { index: true, cacheDir: false })));
    expect(await indexes(cacheDir)).toHaveLength(2);
  });

  it("remembers the suite file validated: an unchanged file is neither parsed nor validated again, and an error still names its line", async () => {
    const { suite } = await smallSuite();
    const cacheDir = await mkdtemp(join(tmpdir(), "kfm-cache-"));
    await loadSuite(suite, { index: true, cacheDir });
    const memoFile = join(cacheDir, "data-digests");
    type Remembered = { title: string; prompt: { user: string } };
    const memo = JSON.parse(await readFile(memoFile, "utf8")) as { definitions: Record<string, Remembered> };
    const [key] = Object.keys(memo.definitions);
    // Validated: the schema's defaults are filled in.
    expect(memo.definitions[key!]).toMatchObject({
      id: "cached-small",
      title: "A small suite the index cache is tried on",
      aggregation: { metrics: ["accuracy", "macro_accuracy"] },
    });
    // What the memo holds is what the next load of the same bytes takes.
    memo.definitions[key!]!.title = "from the memo";
    await writeFile(memoFile, JSON.stringify(memo));
    expect((await loadSuite(suite, { index: true, cacheDir })).definition.title).toBe("from the memo");
    expect((await loadSuite(suite, { index: true, cacheDir: false })).definition.title).toBe("A small suite the index cache is tried on");
    // An error found later in the load names the line of the field in the file, parsed then for its positions.
    memo.definitions[key!]!.prompt.user = "{{nowhere}}";
    await writeFile(memoFile, JSON.stringify(memo));
    const error = await loadSuite(suite, { index: true, cacheDir }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/suite\.yaml:18 \(prompt\.user\): unknown template variable \{\{nowhere\}\}/);
    // Something that is not a definition is not taken: the file is parsed.
    await writeFile(memoFile, JSON.stringify({ ...memo, definitions: { [key!]: "not a definition" } }));
    expect((await loadSuite(suite, { index: true, cacheDir })).definition.title).toBe("A small suite the index cache is tried on");
    // One changed byte of the suite file is another key: parsed again.
    await writeFile(suite, (await readFile(suite, "utf8")).replace("title: A small", "title: a small"));
    expect((await loadSuite(suite, { index: true, cacheDir })).definition.title).toBe("a small suite the index cache is tried on");
  });

  it("skips a cache file that is corrupt or not an index, and loads as without it", async () => {
    const { suite } = await smallSuite();
    const cacheDir = await mkdtemp(join(tmpdir(), "kfm-cache-"));
    await loadSuite(suite, { index: true, cacheDir });
    const [name] = await indexes(cacheDir);
    const parsed = shape(await loadSuite(suite, { index: true, cacheDir: false }));
    const written = await readFile(join(cacheDir, name!));
    const header = written.subarray(0, written.indexOf(10) + 1);
    const damaged = [
      "{not json",
      "null\n",
      `${JSON.stringify({ kfm: "kfm-suite-index/v2", subjects: [], files: [] })}\n`,
      written.subarray(0, written.length - 3), // cut short
      Buffer.concat([written, Buffer.from("more")]), // bytes past the last file
      Buffer.concat([header, Buffer.alloc(written.length - header.length, 0xff)]), // offsets that do not rise
    ];
    for (const bytes of damaged) {
      await writeFile(join(cacheDir, name!), bytes);
      expect(shape(await loadSuite(suite, { index: true, cacheDir }))).toEqual(parsed);
    }
  });

  it("writes nothing for a load that fails, and the error is the same with a cache", async () => {
    const { dir, suite } = await smallSuite();
    const cacheDir = await mkdtemp(join(tmpdir(), "kfm-cache-"));
    await writeFile(join(dir, "data", "counting.csv"), "question,keep\nhow many?,yes\n");
    const error = await loadSuite(suite, { index: true, cacheDir }).catch((caught: unknown) => caught);
    expect(KfmError.isInstance(error)).toBe(true);
    expect(await readdir(cacheDir).catch(() => [])).toEqual([]);
  });

  it("keeps KMMLU's 35,030 items and content hash when read from the cache", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kfm-index-cache-kmmlu-"));
    await cp(join(builtInSuitesDir, "kmmlu"), dir, { recursive: true });
    const cacheDir = await mkdtemp(join(tmpdir(), "kfm-cache-"));
    const parsed = await loadSuite(join(dir, "kmmlu.yaml"), { index: true, cacheDir });
    const cached = await loadSuite(join(dir, "kmmlu.yaml"), { index: true, cacheDir });
    expect(cached.index.size).toBe(35_030);
    expect(shape(cached)).toEqual(shape(parsed));
    // The rows come from disk again, checked against the digests the key was made of.
    const selection = ItemSelection.all(cached.index).filter((entry) => entry % 5000 === 0);
    const fromCache: unknown[] = [];
    for await (const batch of cached.itemsFor(selection)) fromCache.push(...batch);
    const fromParse: unknown[] = [];
    for await (const batch of parsed.itemsFor(selection)) fromParse.push(...batch);
    expect(fromCache).toHaveLength(8);
    expect(fromCache).toEqual(fromParse);
  });

  it("maps a sample from the kept rows as from the data files, with and without a filter that renumbers the rows", async () => {
    const { dir, suite } = await smallSuite();
    // The same suite without its `where`: every row is an item, so a sample parses only the rows it takes.
    const unfiltered = join(dir, "unfiltered.yaml");
    await writeFile(
      unfiltered,
      (await readFile(suite, "utf8")).replace(/^  where.*\n/gm, "").replace("id: cached-small", "id: cached-unfiltered"),
    );
    for (const file of [suite, unfiltered]) {
      const cacheDir = await mkdtemp(join(tmpdir(), "kfm-cache-"));
      await loadSuite(file, { index: true, cacheDir }); // writes the index and the rows beside it
      const cached = await loadSuite(file, { index: true, cacheDir });
      const parsed = await loadSuite(file, { index: true, cacheDir: await mkdtemp(join(tmpdir(), "kfm-cache-")), rowCacheBytes: 0 });
      const selection = ItemSelection.all(cached.index).filter((entry) => entry % 2 === 1);
      const sample = async (from: IndexedSuite) => {
        const taken: unknown[] = [];
        for await (const batch of from.itemsFor(selection)) taken.push(...batch);
        return taken;
      };
      expect(await sample(cached)).toEqual(await sample(parsed));
      expect((await sample(cached)).length).toBe(selection.length);
    }
  });

  it("keeps a file's rows once it is parsed a second time, as a campaign's next team reads it", async () => {
    const { dir, suite } = await smallSuite();
    const cacheDir = await mkdtemp(join(tmpdir(), "kfm-cache-"));
    await loadSuite(suite, { index: true, cacheDir });
    // An index cached without its rows (a suite over the row cache's room): the run parses the files.
    for (const name of await readdir(cacheDir)) if (name.endsWith(".rows")) await rm(join(cacheDir, name));
    const [kept, off] = await Promise.all([
      loadSuite(suite, { index: true, cacheDir }),
      loadSuite(suite, { index: true, cacheDir, rowCacheBytes: 0 }),
    ]);
    // Neither holds rows: both parse every file on the first two passes.
    const expected = await items(kept);
    expect(await items(kept)).toEqual(expected);
    expect(await items(off)).toEqual(expected);
    expect(await items(off)).toEqual(expected);
    await writeFile(join(dir, "data", "algebra.csv"), "question,answer,keep\n1+1?,3,yes\n");
    // The rows kept on the second pass are the bytes the load hashed; without them the change is refused.
    expect(await items(kept)).toEqual(expected);
    const error = await items(off).catch((caught: unknown) => caught);
    expect((error as KfmError).message).toContain("algebra.csv changed after suite cached-small was loaded");
  });

  it("keeps the parsed rows beside the index, and a run maps its items from them", async () => {
    const { suite } = await smallSuite();
    const cacheDir = await mkdtemp(join(tmpdir(), "kfm-cache-"));
    const parsed = await loadSuite(suite, { index: true, cacheDir });
    // Beside the index and its rows, the digest memo (digest-memo.ts).
    const names = await readdir(cacheDir);
    expect(names.map((name) => name.replace(/^[0-9a-f]{64}/, "<key>")).sort()).toEqual(["<key>.index", "<key>.rows", "data-digests"]);
    const rowsFile = join(
      cacheDir,
      names.find((name) => name.endsWith(".rows"))!,
    );
    const original = await readFile(rowsFile, "utf8");
    // Rows written for this key are the rows a run maps: change a question in them and the item shows it.
    await writeFile(rowsFile, original.replace("1+1?", "1+9?"));
    const fromRows = (await items(await loadSuite(suite, { index: true, cacheDir }))) as Array<{ fields: { question: string } }>;
    expect(fromRows[0]!.fields.question).toBe("1+9?");
    // A rows file that does not add up is left unread: the items come from the data files.
    await writeFile(rowsFile, original.slice(0, -3));
    expect(await items(await loadSuite(suite, { index: true, cacheDir }))).toEqual(await items(parsed));
    // Rows are read when their file is mapped: gone by then (pruned by another run), or no longer JSON, the data file is read instead.
    await writeFile(rowsFile, original);
    const pruned = await loadSuite(suite, { index: true, cacheDir });
    await rm(rowsFile);
    expect(await items(pruned)).toEqual(await items(parsed));
    await writeFile(rowsFile, original.replace('"columns"', '"columns!'));
    expect(await items(await loadSuite(suite, { index: true, cacheDir }))).toEqual(await items(parsed));
  });

  it("keeps the 24 most recently used suites, and removes a temporary file a crash left behind and indexes of the format before", async () => {
    const { dir, suite } = await smallSuite();
    const cacheDir = await mkdtemp(join(tmpdir(), "kfm-cache-"));
    const old = new Date(Date.now() - 2 * 3_600_000);
    await writeFile(join(cacheDir, ".abandoned.tmp"), "x");
    await utimes(join(cacheDir, ".abandoned.tmp"), old, old);
    await writeFile(join(cacheDir, ".fresh.tmp"), "x");
    // An index of the JSON format before, and its rows: never read again, so removed.
    await writeFile(join(cacheDir, `${"a".repeat(64)}.json`), "{}");
    await writeFile(join(cacheDir, `${"a".repeat(64)}.rows`), "{}\n");
    // 26 versions of the data: 26 keys, each written after a full load.
    for (let version = 0; version < 26; version++) {
      await writeFile(join(dir, "data", "counting.csv"), `question,answer,keep\nhow many?,${version},yes\n`);
      await loadSuite(suite, { index: true, cacheDir });
    }
    const names = await readdir(cacheDir);
    expect(names.filter((name) => name.endsWith(".index"))).toHaveLength(24);
    expect(names.filter((name) => name.endsWith(".rows"))).toHaveLength(24);
    expect(names.filter((name) => name.endsWith(".tmp"))).toEqual([".fresh.tmp"]);
    expect(names.filter((name) => name.endsWith(".json"))).toEqual([]);
  });

  it("loads as without a cache when its folder cannot be made (under /proc, where a recursive mkdir would spin)", async () => {
    const { suite } = await smallSuite();
    const loaded = await loadSuite(suite, { index: true, cacheDir: "/proc/kfm-no-such/suite-index" });
    expect(shape(loaded)).toEqual(shape(await loadSuite(suite, { index: true, cacheDir: false })));
  });

  it("lives in $KFM_CACHE_DIR, else $XDG_CACHE_HOME/kfm, else ~/.cache/kfm, and KFM_CACHE_DIR=off turns it off", () => {
    expect(indexCacheDir({ KFM_CACHE_DIR: "/somewhere" })).toBe(join("/somewhere", "suite-index"));
    expect(indexCacheDir({ KFM_CACHE_DIR: "off" })).toBeUndefined();
    expect(indexCacheDir({ XDG_CACHE_HOME: "/xdg" })).toBe(join("/xdg", "kfm", "suite-index"));
    expect(indexCacheDir({})).toMatch(/[/\\]\.cache[/\\]kfm[/\\]suite-index$/);
  });

  it("the bundled CLI carries the loader fingerprint its dist files give (written in by scripts/bundle.mjs; run npm run build first)", async () => {
    const dist = join(builtInSuitesDir, "..", "dist");
    const { codeFingerprint } = (await import(join(dist, "suite", "index-cache.js"))) as { codeFingerprint(): Promise<string> };
    const chunks = await readdir(join(dist, "bundle"));
    const carried = new Set<string>();
    for (const name of chunks.filter((chunk) => chunk.endsWith(".mjs"))) {
      const text = await readFile(join(dist, "bundle", name), "utf8");
      for (const match of text.matchAll(/fingerprint ?\?\?= ?Promise\.resolve\("([0-9a-f]{64})"\)/g)) carried.add(match[1]!);
    }
    expect([...carried]).toEqual([await codeFingerprint()]);
  });
});
