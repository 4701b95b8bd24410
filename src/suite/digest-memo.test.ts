import { mkdtemp, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DigestMemo } from "./digest-memo.js";
import { contentHash, fileDigest } from "./hash.js";
import { builtInSuitesDir } from "./catalog.js";
import { digestFiles } from "./index-cache.js";
import { loadSuite } from "./load.js";

let dir: string;
let data: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kfm-digest-memo-"));
  data = join(dir, "a.csv");
  await writeFile(data, "question,answer\none,1\n");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Digests `data` through a memo opened afresh from disk (as each `kfm eval` does), then saves it. */
async function digestOnce(settledMs = 0) {
  const memo = await DigestMemo.open(dir, settledMs);
  const [file] = await digestFiles([data], dir, 1 << 20, memo);
  await memo.save();
  return file!;
}

/** Waits until the clock has moved on, so a write's change time differs from the last one's. */
async function clockMovesOn(): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < 30) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("the digest memo", () => {
  it("gives a remembered file's digest without reading it while its stat is unchanged", async () => {
    const first = await digestOnce();
    expect(first.digest).toBe(fileDigest(await readFile(data)));
    expect(first.bytes).toBeDefined(); // read: nothing was remembered yet
    const second = await digestOnce();
    expect(second).toEqual({ path: data, relativePath: "a.csv", digest: first.digest }); // no bytes: not read
  });

  it("reads a file again once it was written in place, even with its size and modification time put back", async () => {
    await utimes(data, 1_700_000_000, 1_700_000_000); // a whole second, so it can be put back exactly
    const before = await stat(data, { bigint: true });
    expect((await digestOnce()).bytes).toBeDefined();
    expect((await digestOnce()).bytes).toBeUndefined();
    await clockMovesOn();
    await writeFile(data, "question,answer\none,2\n"); // the same size
    await utimes(data, 1_700_000_000, 1_700_000_000);
    const after = await stat(data, { bigint: true });
    expect([after.size, after.mtimeNs, after.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
    expect(after.ctimeNs).not.toBe(before.ctimeNs);
    const again = await digestOnce();
    expect(again.bytes?.toString()).toBe("question,answer\none,2\n");
    expect(again.digest).toBe(fileDigest(Buffer.from("question,answer\none,2\n")));
  });

  it("reads a file replaced by another (a new inode) again", async () => {
    await digestOnce();
    await writeFile(join(dir, "b.csv"), "question,answer\none,3\n");
    await rename(join(dir, "b.csv"), data);
    expect((await digestOnce()).digest).toBe(fileDigest(Buffer.from("question,answer\none,3\n")));
  });

  it("does not remember a file written within two seconds of its reading (a write in the same clock tick would not show)", async () => {
    const memo = await DigestMemo.open(dir);
    await digestFiles([data], dir, 0, memo);
    await memo.save();
    await expect(readFile(join(dir, "data-digests"))).rejects.toThrow(/ENOENT/);
    expect((await digestOnce(2_000)).bytes).toBeDefined();
  });

  it("starts empty from a damaged or foreign memo and writes a good one over it", async () => {
    for (const damaged of [
      "{not json",
      JSON.stringify({ kfm: "other/v9", files: {} }),
      JSON.stringify({ kfm: "kfm-digest-memo/v1", files: { [data]: ["1", "2"] } }),
    ]) {
      await writeFile(join(dir, "data-digests"), damaged);
      expect((await digestOnce()).bytes).toBeDefined();
      expect((await digestOnce()).bytes).toBeUndefined();
      await rm(join(dir, "data-digests"));
    }
  });

  it("is written by a suite's first load, into a cache folder that did not exist yet", async () => {
    const cacheDir = join(dir, "not", "yet");
    await loadSuite(join(builtInSuitesDir, "kobest", "kobest-boolq.yaml"), { index: true, cacheDir });
    const memo = JSON.parse(await readFile(join(cacheDir, "data-digests"), "utf8")) as { contents: object };
    expect(Object.keys(memo.contents)).toHaveLength(1); // the content hash; its data files too once settled (2 s old)
  });

  it("keeps what another process remembered meanwhile when it saves", async () => {
    const other = join(dir, "b.csv");
    await writeFile(other, "question,answer\ntwo,2\n");
    const mine = await DigestMemo.open(dir, 0);
    const theirs = await DigestMemo.open(dir, 0);
    await digestFiles([data], dir, 0, mine);
    await digestFiles([other], dir, 0, theirs);
    await theirs.save();
    await mine.save();
    const memo = await DigestMemo.open(dir, 0);
    const [a, b] = await digestFiles([data, other], dir, 1 << 20, memo);
    expect([a!.bytes, b!.bytes]).toEqual([undefined, undefined]);
  });
});

describe("the content hash through the memo", () => {
  it("is the hash of the bytes, and is given again for the same digests without reading the files", async () => {
    const suite = Buffer.from("kfm: suite/v1\n");
    const bytes = await readFile(data);
    const plain = await contentHash(suite, [{ relativePath: "a.csv", bytes }]);
    const memo = await DigestMemo.open(dir, 0);
    expect(await contentHash(suite, [{ relativePath: "a.csv", bytes }], memo)).toBe(plain);
    // Given by a path that no longer exists, with the digest of those bytes: the memo answers, nothing is read.
    await rm(data);
    expect(await contentHash(suite, [{ relativePath: "a.csv", path: data, digest: fileDigest(bytes) }], memo)).toBe(plain);
    // Another digest, another suite file or another path is another key: the file is read (and is gone).
    await expect(contentHash(suite, [{ relativePath: "a.csv", path: data, digest: "0".repeat(64) }], memo)).rejects.toThrow(/ENOENT/);
    await expect(contentHash(Buffer.from("x"), [{ relativePath: "a.csv", path: data, digest: fileDigest(bytes) }], memo)).rejects.toThrow(
      /ENOENT/,
    );
    await expect(contentHash(suite, [{ relativePath: "b.csv", path: data, digest: fileDigest(bytes) }], memo)).rejects.toThrow(/ENOENT/);
  });

  it("is remembered across processes once saved", async () => {
    const suite = Buffer.from("kfm: suite/v1\n");
    const bytes = await readFile(data);
    const first = await DigestMemo.open(dir, 0);
    const plain = await contentHash(suite, [{ relativePath: "a.csv", bytes }], first);
    await first.save();
    await rm(data);
    const later = await DigestMemo.open(dir, 0);
    expect(await contentHash(suite, [{ relativePath: "a.csv", path: data, digest: fileDigest(bytes) }], later)).toBe(plain);
  });
});
