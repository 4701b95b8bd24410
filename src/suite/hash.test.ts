import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import { contentHash, fileDigest } from "./hash.js";

describe("contentHash", () => {
  it("keeps its published form (a change here must also change CONTENT_HASH_FORMAT, or the digest memo hands back old hashes)", async () => {
    const hash = await contentHash(Buffer.from("kfm: suite/v1\n"), [{ relativePath: "a.csv", bytes: Buffer.from("q,a\n1,2\n") }]);
    expect(hash).toBe("sha256:109f744c27952e3299d571ad67bfd4c9d6cfa4578c4065ac544128df06c5cb54");
  });

  it("is the same whether a file's bytes are in memory or read from its path, and refuses a file that no longer has its digest", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kfm-hash-"));
    const path = join(dir, "b.csv");
    const bytes = Buffer.from("question,answer\n1+1?,2\n");
    await writeFile(path, bytes);
    const suite = Buffer.from("kfm: suite/v1\n");
    const inMemory = await contentHash(suite, [
      { relativePath: "data/b.csv", bytes },
      { relativePath: "data/a.csv", bytes: Buffer.from("x") },
    ]);
    const fromDisk = await contentHash(suite, [
      { relativePath: "data/b.csv", path, digest: fileDigest(bytes) },
      { relativePath: "data/a.csv", bytes: Buffer.from("x") },
    ]);
    expect(fromDisk).toBe(inMemory);
    expect(inMemory).toMatch(/^sha256:[0-9a-f]{64}$/);
    await writeFile(path, "question,answer\n1+1?,3\n");
    const error = await contentHash(suite, [{ relativePath: "data/b.csv", path, digest: fileDigest(bytes) }]).catch(
      (caught: unknown) => caught,
    );
    expect(KfmError.isInstance(error) && (error as KfmError).code === "data").toBe(true);
    expect((error as Error).message).toContain("changed while the suite was loading");
  });
});
